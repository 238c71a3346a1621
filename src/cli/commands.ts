import type { Command } from 'commander';
import { registerCompare } from './commands/compare.ts';
import { registerEstimate } from './commands/estimate.ts';
import { registerGate } from './commands/gate.ts';
import { registerHistory } from './commands/history.ts';
import { registerMerge } from './commands/merge.ts';
import { registerPrices } from './commands/prices.ts';
import { registerReport } from './commands/report.ts';
import { registerReprice } from './commands/reprice.ts';
import { registerRun } from './commands/run.ts';
import type { CliContext } from './io.ts';

/** Every subcommand. Each module only parses its flags and calls the library. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerRun(program, ctx);
  registerEstimate(program, ctx);
  registerReport(program, ctx);
  registerGate(program, ctx);
  registerCompare(program, ctx);
  registerMerge(program, ctx);
  registerReprice(program, ctx);
  registerPrices(program, ctx);
  registerHistory(program, ctx);
}
