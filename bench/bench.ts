/**
 * `npm run bench [-- --quick] [-- --only NAME] [-- --runs N]`: tollgate's throughput and memory
 * against the sim.
 *
 * Each scenario runs in a fresh process (bench/scenario.ts) through the real CLI path, with the cache
 * off; the simulator runs in another process (bench/sim-child.ts) at a fixed latency, so the CPU and
 * memory figures are tollgate's alone. Printed per scenario: the wall time, the lower bound
 * (requests × latency / concurrency) and their ratio; CPU ms per sample (process.cpuUsage); and the
 * peak RSS (sampled every 20 ms, and /proc/self/status VmHWM), with the RSS before the first sample.
 * Each scenario runs `--runs` times (default 3, 1 with --quick): the ratio judged is the median
 * run's, the RSS judged the highest, and every run's figures are printed.
 * Then the start-up section (bench/startup.ts, `--only startup`): whole processes of the built CLI,
 * five runs each (median judged): `--help`, `prices`, the cached demo re-run, and a 1,500-sample run
 * at concurrency 16 with start-up included (after its floor: the same requests from a bare client).
 * `NODE_OPTIONS` passes on to both processes (e.g. `--max-old-space-size=160`, see docs/performance.md).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runStartupBench } from './startup.ts';
import type { Scenario } from './workload.ts';

const quick = process.argv.includes('--quick');
const flag = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const only = flag('--only');
const runs = Number(flag('--runs') ?? (quick ? 1 : 3));
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`Expected --runs to be a positive integer, got ${flag('--runs')}.`);
  process.exit(2);
}
const here = import.meta.dirname;

const SCENARIOS: Scenario[] = quick
  ? [
      {
        name: 'throughput-16',
        cases: 300,
        prompts: 1,
        latencyMs: 50,
        concurrency: 16,
        targetRatio: 1.1,
        targetRssMb: null,
      },
      {
        name: 'throughput-64',
        cases: 500,
        prompts: 3,
        latencyMs: 50,
        concurrency: 64,
        targetRatio: 1.05,
        targetRssMb: null,
      },
      {
        name: 'memory',
        cases: 2500,
        prompts: 2,
        latencyMs: 0,
        concurrency: 64,
        targetRatio: null,
        targetRssMb: 250,
      },
    ]
  : [
      {
        name: 'throughput-16',
        cases: 1500,
        prompts: 1,
        latencyMs: 50,
        concurrency: 16,
        targetRatio: 1.1,
        targetRssMb: null,
      },
      {
        name: 'throughput-64',
        cases: 5000,
        prompts: 3,
        latencyMs: 50,
        concurrency: 64,
        targetRatio: 1.05,
        targetRssMb: null,
      },
      {
        name: 'memory',
        cases: 50_000,
        prompts: 2,
        latencyMs: 0,
        concurrency: 64,
        targetRatio: null,
        targetRssMb: 250,
      },
    ];

function node(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const rl = createInterface({ input: child.stdout! });
  const [line] = (await once(rl, 'line')) as [string];
  rl.close();
  return line;
}

interface Measured {
  code: number;
  err: string;
  samples: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  vmHwmMb: number | null;
  /** RSS once everything is imported, before the run: node, tsx, the SDKs, the tokenizer, tollgate. */
  rssBeforeMb: number;
}

async function runScenario(s: Scenario): Promise<Measured> {
  const sim = node([join(here, 'sim-child.ts'), String(s.latencyMs)]);
  try {
    const { openaiBaseURL } = JSON.parse(await firstLine(sim)) as { openaiBaseURL: string };
    const child = node([join(here, 'scenario.ts'), JSON.stringify(s), openaiBaseURL]);
    child.stdin!.end();
    const line = await firstLine(child);
    await once(child, 'exit');
    return JSON.parse(line) as Measured;
  } finally {
    sim.stdin!.end();
    sim.kill();
  }
}

const fmt = (v: number, d = 2) => v.toFixed(d);
const span = (xs: number[], d = 2, unit = '') =>
  xs.length === 1
    ? `${fmt(xs[0]!, d)}${unit}`
    : `${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)}${unit}`;
/** The median run by wall time (the middle one; the lower middle for an even count). */
const medianRun = (ms: Measured[]) => [...ms].sort((a, b) => a.wallMs - b.wallMs)[(ms.length - 1) >> 1]!;

console.log(
  `tollgate bench${quick ? ' (quick)' : ''}: node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${runs} run${runs === 1 ? '' : 's'} per scenario\n`,
);
let failed = false;
for (const s of SCENARIOS.filter((x) => !only || x.name === only)) {
  const requests = s.cases * s.prompts;
  const measured: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await runScenario(s);
    if (m.code !== 0 || m.samples !== requests) {
      console.log(`${s.name}: FAILED (exit ${m.code}, ${m.samples}/${requests} records)\n${m.err}`);
      failed = true;
      break;
    }
    measured.push(m);
  }
  if (measured.length < runs) continue;
  const lb = (requests * s.latencyMs) / s.concurrency;
  const ratios = lb > 0 ? measured.map((m) => m.wallMs / lb) : [];
  const median = medianRun(measured);
  const ratio = lb > 0 ? median.wallMs / lb : null;
  const rssOf = (m: Measured) => Math.max(m.peakRssMb, m.vmHwmMb ?? 0);
  const rss = Math.max(...measured.map(rssOf));
  const okRatio = s.targetRatio === null || (ratio !== null && ratio <= s.targetRatio);
  const okRss = s.targetRssMb === null || rss <= s.targetRssMb;
  const cpu = measured.map((m) => m.cpuMs / requests);
  console.log(
    [
      `${s.name}: ${requests} requests at ${s.latencyMs} ms, concurrency ${s.concurrency}`,
      `  wall ${fmt(median.wallMs / 1000)} s (runs: ${span(
        measured.map((m) => m.wallMs / 1000),
        2,
        ' s',
      )}), lower bound ${fmt(lb / 1000)} s, ratio ${ratio === null ? 'n/a' : fmt(ratio, 3)}${runs > 1 && ratio !== null ? ` (median; runs ${span(ratios, 3)})` : ''}${s.targetRatio ? ` (target <= ${s.targetRatio}) ${okRatio ? 'ok' : 'MISSED'}` : ''}`,
      `  CPU ${span(cpu, 3, ' ms')}/sample, ${fmt(requests / (median.wallMs / 1000), 0)} samples/s`,
      `  peak RSS ${fmt(rss, 0)} MB (highest run; sampled ${fmt(Math.max(...measured.map((m) => m.peakRssMb)), 0)}, VmHWM ${measured.some((m) => m.vmHwmMb === null) ? 'n/a' : fmt(Math.max(...measured.map((m) => m.vmHwmMb!)), 0)}; ${span(
        measured.map((m) => m.rssBeforeMb),
        0,
        ' MB',
      )} before the first sample)${s.targetRssMb ? ` (target <= ${s.targetRssMb} MB) ${okRss ? 'ok' : 'MISSED'}` : ''}`,
    ].join('\n'),
  );
  console.log(
    `  json ${JSON.stringify({
      scenario: s.name,
      requests,
      latencyMs: s.latencyMs,
      concurrency: s.concurrency,
      runs,
      wallMs: measured.map((m) => Math.round(m.wallMs)),
      lowerBoundMs: lb,
      ratio,
      ratios,
      cpuMsPerSample: cpu,
      peakRssMb: Math.round(rss),
      rssBeforeMb: measured.map((m) => Math.round(m.rssBeforeMb)),
      nodeOptions: process.env.NODE_OPTIONS ?? null,
    })}\n`,
  );
  if (!okRatio || !okRss) failed = true;
}
if (!only || only === 'startup') {
  console.log('start-up (whole processes of the built CLI, bin/tollgate.js)');
  const startupRuns = Number(flag('--runs') ?? (quick ? 1 : 5));
  const startSim = async (latencyMs: number) => {
    const sim = node([join(here, 'sim-child.ts'), String(latencyMs)]);
    const { openaiBaseURL } = JSON.parse(await firstLine(sim)) as { openaiBaseURL: string };
    return {
      baseURL: openaiBaseURL,
      stop: () => {
        sim.stdin!.end();
        sim.kill();
      },
    };
  };
  if (!(await runStartupBench(startupRuns, startSim))) failed = true;
}
process.exitCode = failed ? 1 : 0;
