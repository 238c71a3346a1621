// Loaded with `node --import` into a process the start-up bench times: at exit, writes the
// process's peak RSS (VmHWM, kB) and CPU time (user + system, ms) to $BENCH_RSS_FILE as JSON.
// Costs well under a millisecond.
import { readFileSync, writeFileSync } from 'node:fs';

process.on('exit', () => {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const cpu = process.cpuUsage();
  if (process.env.BENCH_RSS_FILE)
    writeFileSync(
      process.env.BENCH_RSS_FILE,
      JSON.stringify({ hwmKb: Number(hwm ?? 0), cpuMs: (cpu.user + cpu.system) / 1000 }),
    );
});
