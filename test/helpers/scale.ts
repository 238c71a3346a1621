import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { CandidateSummary } from '../../src/log/summary-file.ts';
import { type SimServer, type SimServerOptions, startSimServer } from '../../src/providers/sim/server.ts';
import { cli as runCliIn } from './project.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const fixture = (name: string, file = 'suite.yaml') => join(REPO, 'test/fixtures', name, file);

/** One chat request the sim answered, as the test sees it. */
export interface Seen {
  path: string;
  model: string;
  /** The sample's identity on the wire: model + prompt messages. */
  key: string;
}

/** The sim, plus a log of every chat request (live and batch lines) with its body. */
export interface LoggedSim {
  sim: SimServer;
  seen: Seen[];
  /** Live requests only (not batch lines). */
  live(): Seen[];
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The wire identity of a request body, in either API flavour. */
export function wireKey(model: string, body: Record<string, unknown>): string {
  return `${model}|${JSON.stringify(body.system ?? '')}|${JSON.stringify(body.messages)}`;
}

export async function startLoggedSim(
  opts: SimServerOptions & { fail?: (s: Seen) => '500' | '400' | null } = {},
): Promise<LoggedSim> {
  const seen: Seen[] = [];
  const sim = await startSimServer({
    latencyMs: 5,
    ...opts,
    script: (info) => {
      const s = { path: info.path, model: info.model, key: wireKey(info.model, info.body) };
      seen.push(s);
      return opts.fail?.(s) ?? null;
    },
  });
  return {
    sim,
    seen,
    live: () => seen.filter((s) => !s.path.startsWith('batch:')),
    env: {
      OPENAI_API_KEY: 'test-openai-key-scale',
      ANTHROPIC_API_KEY: 'test-anthropic-key-scale',
      OPENAI_BASE_URL: sim.openaiBaseURL,
      ANTHROPIC_BASE_URL: sim.anthropicBaseURL,
    },
    close: () => sim.close(),
  };
}

export type { CliRun } from './project.ts';

/** Runs the CLI in this process, as `tollgate ...` would. */
export function cli(argv: string[], env: Record<string, string>, signal?: AbortSignal) {
  return runCliIn(argv, { cwd: REPO, env, signal });
}

/**
 * The command line that runs the CLI from its sources in a child process, from any folder: tsx's
 * loader by path (a temp project has no node_modules), then any preloads, then the entry point.
 */
export function sourceCliArgs(preloads: string[] = []): string[] {
  const loader = join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  return [loader, ...preloads].flatMap((p) => ['--import', p]).concat(join(REPO, 'src', 'cli', 'main.ts'));
}

/** Starts `tollgate` in a child process (so a test can SIGKILL it). */
export function spawnCli(argv: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), ...argv], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) return res(child.exitCode);
    child.once('exit', (code) => res(code));
  });
}

/** Waits (polling) until `ready()` holds; throws after `ms`. Not a timing assertion: a hang guard. */
export async function until(
  ready: () => boolean | Promise<boolean>,
  ms = 20_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const tempDir = () => mkdtemp(join(tmpdir(), 'tollgate-scale-'));

export { readFinished, readJsonl, readSummary as readSummaryJson } from './run-files.ts';

/** A number rounded to 10 significant digits: sums in another order differ in the last bits. */
const round = (v: unknown): unknown => {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(10));
  if (Array.isArray(v)) return v.map(round);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
  return v;
};

/** A candidate's figures without the ones that depend on timing (latency). */
export function figures(c: CandidateSummary): unknown {
  const { latencyMsP50: _p50, latencyMsP95: _p95, ...rest } = c;
  return round(rest);
}

export const sampleId = (r: Pick<SampleRecord, 'candidate' | 'caseId' | 'repeat'>) =>
  `${r.candidate}|${r.caseId}|${r.repeat}`;
