import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PromptLine, promptLine, writePrompts } from '../../../src/log/prompts-file.ts';
import { type CasePrompts, clip } from '../../../src/report/explorer-data.ts';
import { createPromptsIndex, MAX_MESSAGE_TEXT } from '../../../src/report/prompts-index.ts';
import { readCasePrompts } from '../../../src/report/read-prompts.ts';

const texts = ['Be brief.', 'q1', 'q2', 'x'.repeat(MAX_MESSAGE_TEXT + 5), 'Answer: {{q}}'];

const lineArb = fc.record({
  caseId: fc.constantFrom('a', 'b', 'c', 'd'),
  prompt: fc.constantFrom('p', 'q'),
  messages: fc.array(
    fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fc.constantFrom(...texts) }),
    { minLength: 1, maxLength: 3 },
  ),
});

/**
 * What the explorer is given, spelled out: the wanted cases' lines in file order, each case's
 * first line per prompt, each hash's first messages, each distinct text once (cut for the page).
 */
function reference(lines: PromptLine[], wanted: ReadonlySet<string>): CasePrompts {
  const out: CasePrompts = { byCase: new Map(), messages: new Map(), texts: [] };
  for (const l of lines) {
    if (!wanted.has(l.caseId)) continue;
    const list = out.byCase.get(l.caseId) ?? [];
    out.byCase.set(l.caseId, list);
    // a second line for the case and prompt is not shown, nor are its messages
    if (list.some(([p]) => p === l.prompt)) continue;
    list.push([l.prompt, l.hash]);
    if (out.messages.has(l.hash)) continue;
    out.messages.set(
      l.hash,
      l.messages.map((m) => {
        const cut = clip(m.content, MAX_MESSAGE_TEXT);
        const at = out.texts.indexOf(cut);
        return [m.role, at === -1 ? out.texts.push(cut) - 1 : at];
      }),
    );
  }
  return out;
}

describe('the prompts a run keeps', () => {
  it('give the explorer the prompts of the shown cases, as reading prompts.jsonl back does, for any lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-prompts-index-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(lineArb, { maxLength: 12 }),
          fc.subarray(['a', 'b', 'c', 'd']),
          async (raw, shown) => {
            const lines: PromptLine[] = raw.map((l) =>
              promptLine(l.caseId, l.prompt, l.messages as PromptLine['messages']),
            );
            const index = createPromptsIndex();
            for (const l of lines) index.add(l);
            const path = join(dir, 'prompts.jsonl');
            await writePrompts(path, lines);
            const wanted = new Set(shown);
            const expected = reference(lines, wanted);
            expect(index.casePrompts(wanted)).toEqual(expected);
            expect(await readCasePrompts(path, wanted)).toEqual(expected);
          },
        ),
        { numRuns: 60, seed: 17 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('holds each distinct text once, uncut, and cuts it only for the page', () => {
    const index = createPromptsIndex();
    const long = texts[3]!;
    index.add(promptLine('a', 'p', [{ role: 'user', content: long }]));
    index.add(promptLine('b', 'p', [{ role: 'user', content: long }]));
    expect(index.chars).toBe(long.length);
    const out = index.casePrompts(new Set(['b']));
    expect([...out.byCase.keys()]).toEqual(['b']);
    expect(out.texts).toEqual([`${'x'.repeat(MAX_MESSAGE_TEXT)}… [cut at ${MAX_MESSAGE_TEXT} characters]`]);
  });
});
