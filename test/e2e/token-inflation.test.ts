import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/project.ts';

/** A system prompt of `words` words: the grown run's is 30% longer. */
const suite = (words: number) => `dataset: ../datasets/d.jsonl
prompts:
  - id: p
    system: "${Array.from({ length: words }, (_, i) => `rule${i % 10}`).join(' ')}"
    user: "{{question}}"
models: [sim:sim-budget]
scorers: [{ type: equals, field: expected }]
qualityBar: 0.1
`;

const DATASET = Array.from(
  { length: 12 },
  (_, i) => `{"id": "c${i}", "question": "What is ${i} + ${i}?", "expected": "${2 * i}"}`,
).join('\n');

let root: string;
beforeAll(async () => {
  root = await tempProject({ 'suites/t.yaml': suite(100), 'datasets/d.jsonl': `${DATASET}\n` });
  const base = await cli(['run', 't', '--no-cache', '--quiet', '--out', 'runs/base', '--update-baseline'], {
    cwd: root,
  });
  expect(base.code, base.err).toBe(0);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function gated(out: string): Promise<{ code: number; tokens: Record<string, unknown> }> {
  const r = await cli(
    ['run', 't', '--no-cache', '--quiet', '--out', out, '--gate', '--baseline', 'results/t/baseline.json'],
    {
      cwd: root,
    },
  );
  const gate = JSON.parse(await readFile(join(root, out, 'gate.json'), 'utf8'));
  return { code: r.code, tokens: gate.verdicts.find((v: { check: string }) => v.check === 'tokens') };
}

describe('the token-inflation check on a real run', () => {
  it('passes an unchanged run', async () => {
    const r = await gated('runs/same');
    expect(r.tokens).toMatchObject({ status: 'pass', delta: 0 });
    expect(r.code).toBe(0);
  });

  it('fails a run whose prompt grew by 30%, in gate.json, junit.xml and summary.md', async () => {
    await writeFile(join(root, 'suites/t.yaml'), suite(130));
    const r = await gated('runs/grown');
    expect(r.tokens).toMatchObject({ status: 'fail', threshold: 0.2 });
    expect(r.tokens.delta).toBeGreaterThan(0.2);
    expect(r.code).toBe(1);
    const junit = await readFile(join(root, 'runs/grown/junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<failure message="sim-budget\/p tokens: Tokens per sample rose more than the \+20\.0% allowed/,
    );
    const md = await readFile(join(root, 'runs/grown/summary.md'), 'utf8');
    expect(md).toMatch(/\| sim-budget\/p \| tokens \| [\d.]+ \| [\d.]+ \| \\\+\d+\.\d% \| - \| ❌ FAIL \|/);
  });
});
