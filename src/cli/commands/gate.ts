/** `tollgate gate RUN_DIR [--baseline FILE]`: argv -> runGate / updateBaseline. */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { runGate, updateBaseline } from '../../workflow/run-gate.ts';
import type { CliContext } from '../io.ts';

interface GateFlags {
  baseline?: string;
  updateBaseline?: boolean;
  json?: boolean;
}

/** Defines the `gate` command. It sets `ctx.exitCode` to 1 when any check fails, else 3 when one is inconclusive. */
export function registerGate(program: Command, ctx: CliContext): void {
  program
    .command('gate')
    .description('compare a run with the baseline; exit 1 on a regression')
    .argument('<RUN_DIR>', 'the run folder, e.g. results/SUITE/RUN_ID')
    .option(
      '--baseline <FILE>',
      'the baseline file (default: baseline.json next to the run folder, i.e. results/SUITE/baseline.json)',
    )
    .option('--update-baseline', 'write the baseline from this run instead of gating it')
    .option('--json', 'print the gate result as JSON')
    .action(async (runDir: string, flags: GateFlags) => {
      const { io } = ctx;
      const dir = resolve(io.cwd, runDir);
      const baselinePath = flags.baseline === undefined ? undefined : resolve(io.cwd, flags.baseline);
      if (flags.updateBaseline) {
        const written = await updateBaseline(dir, baselinePath);
        const shown = relative(io.cwd, written) || written;
        if (flags.json) io.out(`${JSON.stringify({ baseline: written })}\n`);
        else io.out(`Wrote the baseline to ${shown}. Review and commit it with the change it reflects.\n`);
        return;
      }
      const gate = await runGate(dir, { baselinePath, env: io.env, color: io.color });
      io.out(flags.json ? `${JSON.stringify(gate.result, null, 2)}\n` : gate.console);
      if (gate.exitCode !== 0) ctx.exitCode = gate.exitCode;
    });
}
