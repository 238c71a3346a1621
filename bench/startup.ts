/**
 * The start-up section of `npm run bench`: whole processes of the built CLI (`bin/tollgate.js`,
 * dist/), timed from spawn to exit, each run `runs` times (median judged) with its peak RSS
 * (VmHWM at exit, the highest run judged):
 *  - `tollgate --help`, `tollgate prices`;
 *  - the demo suite re-run with every response in the cache (a copy of suites/demo.yaml and its
 *    dataset in a temp folder; one run first fills the cache);
 *  - a 1,500-sample run at concurrency 16 against the sim (in its own process, 50 ms), with
 *    start-up, the reports and the exit all inside the wall time judged against the lower bound;
 *    before it, the same requests from a bare node:http client (bench/bare-client.ts): the floor.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BareResult, bareClient } from './bare-client.ts';
import { writeWorkload } from './workload.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'tollgate.js');
const PEAK = join(import.meta.dirname, 'peak-rss.mjs');

export interface StartupTarget {
  name: string;
  /** Median wall time target, seconds (null: judged by `ratio` instead). */
  seconds: number | null;
  rssMb: number | null;
  /** Wall time / lower bound target, and the lower bound in seconds. */
  ratio?: { target: number; lowerBoundS: number };
}

interface Timed {
  code: number;
  wallS: number;
  rssMb: number;
  /** CPU time (user + system): on a busy machine, steadier than the wall time. */
  cpuS: number;
  err: string;
}

async function timeProcess(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Timed> {
  const rssFile = join(tmpdir(), `tollgate-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK, BIN, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const [code] = (await once(child, 'exit')) as [number];
  const wallS = (performance.now() - t0) / 1000;
  const probe = JSON.parse(await readFile(rssFile, 'utf8').catch(() => '{}')) as {
    hwmKb?: number;
    cpuMs?: number;
  };
  await rm(rssFile, { force: true });
  return { code, wallS, rssMb: (probe.hwmKb ?? 0) / 1024, cpuS: (probe.cpuMs ?? 0) / 1000, err };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
const fmt = (v: number, d = 2) => v.toFixed(d);

async function measure(
  target: StartupTarget,
  runs: number,
  one: (i: number) => Promise<Timed>,
): Promise<boolean> {
  const timed: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await one(i);
    if (t.code !== 0) {
      console.log(`${target.name}: FAILED (exit ${t.code})\n${t.err.slice(-2000)}`);
      return false;
    }
    timed.push(t);
  }
  const wall = median(timed.map((t) => t.wallS));
  const rss = Math.max(...timed.map((t) => t.rssMb));
  const okTime = target.seconds === null || wall <= target.seconds;
  const ratio = target.ratio ? wall / target.ratio.lowerBoundS : null;
  const okRatio = !target.ratio || (ratio !== null && ratio <= target.ratio.target);
  const okRss = target.rssMb === null || rss <= target.rssMb;
  const walls = timed.map((t) => fmt(t.wallS)).join(', ');
  console.log(
    [
      `${target.name}: median ${fmt(wall)} s (runs: ${walls})${target.seconds !== null ? ` (target <= ${target.seconds} s) ${okTime ? 'ok' : 'MISSED'}` : ''}`,
      ...(target.ratio
        ? [
            `  lower bound ${fmt(target.ratio.lowerBoundS)} s, ratio ${fmt(ratio!, 3)} (target <= ${target.ratio.target}) ${okRatio ? 'ok' : 'MISSED'}`,
          ]
        : []),
      `  CPU median ${fmt(median(timed.map((t) => t.cpuS)))} s (runs: ${timed.map((t) => fmt(t.cpuS)).join(', ')})`,
      `  peak RSS ${fmt(rss, 0)} MB (highest run)${target.rssMb !== null ? ` (target <= ${target.rssMb} MB) ${okRss ? 'ok' : 'MISSED'}` : ''}`,
      `  json ${JSON.stringify({ scenario: target.name, wallS: timed.map((t) => Number(fmt(t.wallS, 3))), medianS: wall, cpuS: timed.map((t) => Number(fmt(t.cpuS, 3))), ratio, peakRssMb: Math.round(rss) })}`,
    ].join('\n'),
  );
  return okTime && okRatio && okRss;
}

/** Runs the start-up section; false when a target is missed or a process failed. */
export async function runStartupBench(
  runs: number,
  startSim: (latencyMs: number) => Promise<{ baseURL: string; stop(): void }>,
): Promise<boolean> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.log('startup: dist/ is not built. Fix: npm run build (npm ci runs it).');
    return false;
  }
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-bench-startup-'));
  let ok = true;
  try {
    ok =
      (await measure({ name: 'startup-help', seconds: 0.3, rssMb: 80 }, runs, () =>
        timeProcess(['--help'], dir),
      )) && ok;
    ok =
      (await measure({ name: 'startup-prices', seconds: 0.4, rssMb: null }, runs, () =>
        timeProcess(['prices'], dir),
      )) && ok;

    await mkdir(join(dir, 'suites'));
    await mkdir(join(dir, 'datasets'));
    await copyFile(join(ROOT, 'suites', 'demo.yaml'), join(dir, 'suites', 'demo.yaml'));
    await copyFile(join(ROOT, 'datasets', 'demo.jsonl'), join(dir, 'datasets', 'demo.jsonl'));
    const fill = await timeProcess(['run', 'demo', '--quiet', '--out', join(dir, 'runs', 'fill')], dir);
    if (fill.code !== 0) throw new Error(`filling the demo's cache failed (exit ${fill.code}): ${fill.err}`);
    ok =
      (await measure({ name: 'cached-demo-rerun', seconds: 0.8, rssMb: null }, runs, (i) =>
        timeProcess(['run', 'demo', '--quiet', '--out', join(dir, 'runs', `cached-${i}`)], dir),
      )) && ok;

    const scenario = {
      name: 'run-1500',
      cases: 1500,
      prompts: 1,
      latencyMs: 50,
      concurrency: 16,
      targetRatio: 1.1,
      targetRssMb: 120,
    };
    const work = join(dir, 'work');
    const suite = await writeWorkload(work, scenario);
    const sim = await startSim(scenario.latencyMs);
    try {
      const lowerBoundMs = (scenario.cases * scenario.latencyMs) / scenario.concurrency;
      const floor: BareResult[] = [];
      for (let i = 0; i < runs; i++)
        floor.push(await bareClient(sim.baseURL, scenario.cases, scenario.concurrency));
      const floorWall = median(floor.map((f) => f.wallMs));
      console.log(
        `run-1500-floor (a bare node:http client, the same requests, no start-up): median ${fmt(floorWall / 1000)} s, ratio ${fmt(floorWall / lowerBoundMs, 3)}, ${fmt(median(floor.map((f) => f.meanLatencyMs)), 1)} ms per round trip`,
      );
      ok =
        (await measure(
          {
            name: 'run-1500-whole-process',
            seconds: null,
            rssMb: scenario.targetRssMb,
            ratio: {
              target: scenario.targetRatio,
              lowerBoundS: (scenario.cases * scenario.latencyMs) / scenario.concurrency / 1000,
            },
          },
          runs,
          (i) =>
            timeProcess(['run', suite, '--no-cache', '--quiet', '--out', join(work, `run-${i}`)], work, {
              OPENAI_API_KEY: 'sk-bench',
              OPENAI_BASE_URL: sim.baseURL,
            }),
        )) && ok;
    } finally {
      sim.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return ok;
}
