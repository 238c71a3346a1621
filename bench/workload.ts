import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One benchmark scenario: `cases × prompts` samples against the sim at a fixed latency. */
export interface Scenario {
  name: string;
  cases: number;
  prompts: number;
  latencyMs: number;
  concurrency: number;
  /** Target for wall time / lower bound (null: not a throughput scenario). */
  targetRatio: number | null;
  /** Target for peak RSS in MB (null: none). */
  targetRssMb: number | null;
}

/** Case `i` of the workload: an addition and its answer. */
export function workloadCase(i: number): { question: string; expected: string } {
  const a = 10 + (i % 89);
  const b = 3 + ((i * 7) % 41);
  return { question: `What is ${a} + ${b}?`, expected: String(a + b) };
}

/** The system prompt of prompt variant `p`. */
export function workloadSystemPrompt(p: number): string {
  return `You are calculator ${p}. Reply with the number only.`;
}

/**
 * Writes a suite and its dataset into `dir`: arithmetic questions, one OpenAI-compatible model at
 * the sim (OPENAI_BASE_URL), `prompts` prompt variants, no quality bar, no budget.
 */
export async function writeWorkload(dir: string, s: Scenario): Promise<string> {
  await mkdir(join(dir, 'suites'), { recursive: true });
  const rows: string[] = [];
  for (let i = 0; i < s.cases; i++) {
    const { question, expected } = workloadCase(i);
    rows.push(JSON.stringify({ id: `c${i}`, question, expected }));
  }
  await writeFile(join(dir, 'dataset.jsonl'), `${rows.join('\n')}\n`);
  const prompts = Array.from(
    { length: s.prompts },
    (_, i) => `  - id: p${i}\n    system: ${workloadSystemPrompt(i)}\n    user: "{{question}}"`,
  ).join('\n');
  const suite = `name: bench
dataset: ../dataset.jsonl
prompts:
${prompts}
models:
  - id: sim-mid
    provider: openai
    model: sim-mid
    price: { input: 0.8, output: 4, cacheRead: 0.08 }
params: { temperature: 0, maxTokens: 16 }
scorers:
  - { type: equals, field: expected }
concurrency: ${s.concurrency}
maxAttempts: 2
timeoutMs: 60000
earlyStop: false
`;
  const file = join(dir, 'suites', 'bench.yaml');
  await writeFile(file, suite);
  return file;
}
