/**
 * The simulator in its own process, so the benchmark's memory and CPU figures are tollgate's alone.
 * Prints `{"url": ...}` on one line once listening; exits when its stdin closes.
 */
import { startSimServer } from '../src/providers/sim/server.ts';

const latencyMs = Number(process.argv[2] ?? '50');
const sim = await startSimServer({ latencyMs, logLimit: 0 });
process.stdout.write(`${JSON.stringify({ url: sim.url, openaiBaseURL: sim.openaiBaseURL })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  if (process.env.BENCH_SIM_CPU) {
    const c = process.cpuUsage();
    process.stderr.write(`sim cpu ${((c.user + c.system) / 1000).toFixed(0)} ms\n`);
  }
  void sim.close().then(() => process.exit(0));
});
