import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { abortableSleep } from '../../src/retry/with-retry.ts';

/**
 * A sleep at a twentieth of the time, at most 25 ms (and it still rejects on abort): retry backoff
 * and batch polls take almost no real time in tests, yet retries still spread out a little as in a
 * real run (a storm of instant retries would pile up on two cores and time requests out).
 */
export function quickSleep(ms: number, signal: AbortSignal): Promise<void> {
  return abortableSleep(Math.min(ms / 20, 25), signal);
}

/** A throwaway project folder with suites/ and datasets/. */
export async function tempProject(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-test-'));
  await mkdir(join(dir, 'suites'), { recursive: true });
  await mkdir(join(dir, 'datasets'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, capturing its output. Its waits are `quickSleep` unless `sleep` is given. */
export async function cli(
  argv: string[],
  opts: {
    cwd: string;
    env?: Record<string, string | undefined>;
    signal?: AbortSignal;
    sleep?: CliIO['sleep'];
  },
): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    env: opts.env ?? {},
    cwd: opts.cwd,
    isTTY: false,
    color: false,
    signal: opts.signal ?? new AbortController().signal,
    sleep: opts.sleep ?? quickSleep,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** JSONL rows for a small arithmetic dataset. */
export function arithmeticRows(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = 10 + i;
    const b = 3 + (i % 7);
    rows.push(JSON.stringify({ id: `q${i + 1}`, question: `What is ${a} + ${b}?`, expected: String(a + b) }));
  }
  return `${rows.join('\n')}\n`;
}

/** A one-prompt suite on one sim model over `datasets/d.jsonl` (arithmeticRows), scored by equality. */
export const SIM_SUITE = `dataset: ../datasets/d.jsonl
prompts:
  - id: p
    user: "{{question}}"
models: [sim:sim-mid]
scorers:
  - { type: equals, field: expected }
`;
