import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';

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

/** Runs the CLI in-process, capturing its output. */
export async function cli(
  argv: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; signal?: AbortSignal },
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
