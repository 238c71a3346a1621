import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/config/resolved.ts';
import { UserError } from '../../../src/errors.ts';
import { messagesHash, promptLine, readPromptLines, writePrompts } from '../../../src/log/prompts-file.ts';
import { createRedactor } from '../../../src/providers/redact.ts';
import { renderedPrompts } from '../../../src/runner/rendered-prompts.ts';

const dirs: string[] = [];
const temp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'tollgate-prompts-'));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const candidate = (model: string, prompt: Candidate['prompt']) =>
  ({ id: `${model}/${prompt.id}`, prompt }) as unknown as Candidate;
const terse = { id: 'terse', system: 'Answer only.', user: 'What is {{q}}?' };
const cot = { id: 'cot', user: 'Think, then answer: {{q}} ({{key}})' };

describe('prompts.jsonl', () => {
  it('renders each (case, prompt) once however many models share the prompt, redacting keys', () => {
    const redactor = createRedactor();
    redactor.register('secret-value-123');
    const lines = [
      ...renderedPrompts(
        {
          candidates: [candidate('a', terse), candidate('b', terse), candidate('a', cot)],
          cases: [
            { id: 'c1', fields: { q: '2+2', key: 'secret-value-123' } },
            { id: 'c2', fields: { q: '3+3' } },
          ],
        },
        redactor.redact,
      ),
    ];
    // c2 has no `key`: cot cannot render for it, and its samples record that themselves
    expect(lines.map((l) => [l.caseId, l.prompt])).toEqual([
      ['c1', 'terse'],
      ['c1', 'cot'],
      ['c2', 'terse'],
    ]);
    expect(lines[0]!.messages).toEqual([
      { role: 'system', content: 'Answer only.' },
      { role: 'user', content: 'What is 2+2?' },
    ]);
    expect(lines[1]!.messages[0]!.content).toBe('Think, then answer: 2+2 ([REDACTED])');
    expect(lines[0]!.hash).toBe(messagesHash(lines[0]!.messages));
    expect(lines[0]!.hash).not.toBe(lines[2]!.hash);
  });

  it('round-trips, and names the file and line of a newer version', async () => {
    const path = join(await temp(), 'prompts.jsonl');
    const lines = [promptLine('c1', 'terse', [{ role: 'user', content: 'hi "there"\nline 2' }])];
    await writePrompts(path, lines);
    const read = [];
    for await (const l of readPromptLines(path)) read.push(l);
    expect(read).toEqual(lines);
    await writeFile(path, `${(await readFile(path, 'utf8')).replace('"version":1', '"version":9')}`);
    const reading = async () => {
      for await (const _ of readPromptLines(path)) void _;
    };
    await expect(reading()).rejects.toThrow(UserError);
    await expect(reading()).rejects.toThrow(/prompts\.jsonl.*version 9 at .*:1/);
  });
});
