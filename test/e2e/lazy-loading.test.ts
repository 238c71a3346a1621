/**
 * What a command loads, seen from outside: the CLI in a child process with a preload that records
 * every module (test/helpers/loaded-modules.mjs). A re-run served wholly from the cache must load
 * none of the heavy packages a live run needs: each costs tens of milliseconds of start-up.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/project.ts';
import { REPO, sourceCliArgs } from '../helpers/scale.ts';

const PRELOAD = join(REPO, 'test', 'helpers', 'loaded-modules.mjs');

const SUITE = `dataset: ../datasets/d.jsonl
prompts:
  - id: terse
    system: Reply with the answer only.
    user: "Q: {{question}}"
models: [sim:sim-mid, sim:sim-budget]
scorers:
  - type: equals
    field: expected
budgetUsd: 1
`;
const DATASET = `${Array.from({ length: 6 }, (_, i) =>
  JSON.stringify({ id: `c${i}`, question: `What is ${i} + 1?`, expected: String(i + 1) }),
).join('\n')}\n`;

/** Runs `tollgate ARGS` from the sources; resolves with the exit code and the modules it loaded. */
async function loadedBy(cwd: string, args: string[]): Promise<{ code: number; modules: string[] }> {
  const file = join(cwd, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const child = spawn(process.execPath, [...sourceCliArgs([PRELOAD]), ...args], {
    cwd,
    env: { ...process.env, LOADED_MODULES_FILE: file, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number];
  return { code, modules: (await readFile(file, 'utf8')).split('\n') };
}

const uses = (modules: string[], pkg: string) => modules.some((m) => m.includes(`/node_modules/${pkg}/`));

/** The packages a live run may need and a fully cached one never does. */
const HEAVY = ['openai', 'gpt-tokenizer', '@pydantic/genai-prices', '@anthropic-ai/sdk', 'ajv', 'jiti'];

describe('lazy loading', () => {
  it('a re-run served from the cache loads no SDK, tokenizer, price data or template compiler', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'datasets/d.jsonl': DATASET });
    // the first run sends requests: the SDK and (for its budget) the tokenizer load
    const fill = await loadedBy(dir, ['run', 's', '--quiet', '--out', 'runs/fill']);
    expect(fill.code).toBe(0);
    expect(uses(fill.modules, 'openai')).toBe(true);
    expect(uses(fill.modules, 'gpt-tokenizer')).toBe(true);

    const cached = await loadedBy(dir, ['run', 's', '--quiet', '--out', 'runs/cached']);
    expect(cached.code).toBe(0);
    expect(HEAVY.filter((pkg) => uses(cached.modules, pkg))).toEqual([]);
    // the report is written with Handlebars' runtime; the compiler (lib/, with its parser) stays out
    expect(cached.modules.some((m) => m.includes('handlebars.runtime'))).toBe(true);
    expect(cached.modules.filter((m) => m.includes('/node_modules/handlebars/lib/'))).toEqual([]);
    const summary = JSON.parse(await readFile(join(dir, 'runs', 'cached', 'summary.json'), 'utf8'));
    // and it did measure: every sample answered from the cache, none sent
    const counts = summary.candidates.map((c: { cachedSamples: number; requests: number }) => [
      c.cachedSamples,
      c.requests,
    ]);
    expect(counts).toEqual([
      [6, 0],
      [6, 0],
    ]);
  });
});
