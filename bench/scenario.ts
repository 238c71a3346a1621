/**
 * Runs one scenario through the real CLI path (runCli → runSuite → records.jsonl → summary →
 * writeReports) in this process, with the cache off, and prints its measurements as one JSON line.
 * Usage: tsx bench/scenario.ts '<scenario json>' OPENAI_BASE_URL
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tuneHeap } from '../src/cli/heap.ts';
import { runCli } from '../src/cli/main.ts';
import { type Scenario, writeWorkload } from './workload.ts';

// as the CLI's entry point does (src/cli/main.ts)
tuneHeap();
// what the CLI loads lazily, loaded before the span measured ("imports excluded"): the run
// command's module, the SDK the run sends through, and the report writers it loads in its last
// round. Through tsx's loader they take ~0.5 s of wall time and CPU, which is start-up: the
// start-up section times the built CLI's, whole.
await import('../src/cli/commands/run.ts');
await import('openai');
await import('../src/report/write-reports.ts');
const scenario = JSON.parse(process.argv[2]!) as Scenario;
const baseURL = process.argv[3]!;
const dir = await mkdtemp(join(tmpdir(), 'tollgate-bench-'));
const suite = await writeWorkload(dir, scenario);

// rss() alone is cheap; the full breakdown walks the heap spaces, so it is taken only at a new peak
let peakRss = process.memoryUsage.rss();
let peakInfo: unknown = null;
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss <= peakRss) return;
  peakRss = rss;
  peakInfo = Object.fromEntries(
    Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]),
  );
}, 20);
sampler.unref();
const rssBefore = process.memoryUsage().rss;

let err = '';
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const code = await runCli(
  [
    'run',
    suite,
    '--out',
    join(dir, 'run'),
    '--no-cache',
    '--quiet',
    '--concurrency',
    String(scenario.concurrency),
  ],
  {
    out: () => {},
    err: (s) => {
      err += s;
    },
    env: { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: baseURL },
    cwd: dir,
    isTTY: false,
    color: false,
    signal: new AbortController().signal,
  },
);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8').catch(() => ''))?.[1];
const records = (await readFile(join(dir, 'run', 'records.jsonl'), 'utf8'))
  .split('\n')
  .filter(Boolean).length;
await rm(dir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({
    code,
    err: code === 0 ? '' : err.slice(-2000),
    samples: records,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: peakRss / 2 ** 20,
    vmHwmMb: hwm ? Number(hwm) / 1024 : null,
    rssBeforeMb: rssBefore / 2 ** 20,
    peakInfo,
  })}\n`,
);
process.exit(0);
