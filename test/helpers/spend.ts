import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCost } from '../../src/pricing/compute-cost.ts';
import type { ModelPrice } from '../../src/pricing/model-price.ts';
import type { SimServer } from '../../src/providers/sim/server.ts';
import { cli as runCliIn } from './project.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The key the test suites name in `apiKeyEnv`; the sim accepts any key unless told otherwise. */
export const KEY_ENV = 'SPEND_SIM_KEY';
export const ENV = { [KEY_ENV]: 'test-spend-key-0000' };

/**
 * Copies a fixture project (suites/ and datasets/) into a fresh temp folder and points its suites at
 * the running sim: `__SIM_BASE_URL__` in a suite becomes the sim's OpenAI base URL.
 */
export async function fixtureProject(name: string, sim: SimServer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tollgate-${name}-`));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  for (const f of await readdir(join(dir, 'suites'))) {
    const p = join(dir, 'suites', f);
    await writeFile(p, (await readFile(p, 'utf8')).replaceAll('__SIM_BASE_URL__', sim.openaiBaseURL));
  }
  return dir;
}

export type { CliRun } from './project.ts';

/** Runs the CLI in-process with a temp project as the cwd, capturing stdout and stderr. */
export function cli(argv: string[], cwd: string, env: Record<string, string | undefined> = ENV) {
  return runCliIn(argv, { cwd, env });
}

export { readRecords, readSummary } from './run-files.ts';

/** What the sim's served usage costs at these prices (by the model name the request named). */
export function servedCost(
  sim: SimServer,
  prices: Record<string, ModelPrice>,
  only?: (model: string) => boolean,
): number {
  let usd = 0;
  for (const e of sim.stats.log) {
    if (!e.tokens || (only && !only(e.model))) continue;
    const price = prices[e.model];
    if (!price) throw new Error(`no test price for sim model ${e.model}`);
    usd += computeCost(price, e.tokens) ?? 0;
  }
  return usd;
}

/** Requests the sim answered for one model. */
export function requestsFor(sim: SimServer, model: string): number {
  return sim.stats.log.filter((e) => e.model === model).length;
}

/** Every file under a folder. */
export async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(...(e.isDirectory() ? await walk(p) : [p]));
  }
  return out;
}

/** USD per 1M tokens, as the fixture suites declare them in `price:` (cache prices default to input). */
export function price(input: number, output: number): ModelPrice {
  return { input, output, cacheRead: input, cacheWrite: input, batchDiscount: 0.5 };
}

/** Arithmetic cases the sim answers: `What is A + B?` with the sum as `expected`. */
export function arithmeticRows(n: number, offset = 0): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = 11 + ((i * 7 + offset) % 89);
    const b = 2 + ((i * 13 + offset) % 47);
    rows.push(
      JSON.stringify({
        id: `q${String(i + 1).padStart(3, '0')}`,
        question: `What is ${a} + ${b}?`,
        expected: String(a + b),
      }),
    );
  }
  return `${rows.join('\n')}\n`;
}
