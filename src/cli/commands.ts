import { type Command, Help } from 'commander';
import type { CliContext } from './io.ts';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * One subcommand: how the top-level help lists it, and its module, imported only when the command
 * line names it (its imports are what the command needs: the SDKs, the price data, the report
 * renderers). test/unit/cli/commands.test.ts checks each `term` and `summary` against the module.
 */
export interface CommandEntry {
  name: string;
  /** The command as the top-level help lists it: name, `[options]` when it has any, arguments. */
  term: string;
  summary: string;
  load(): Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    term: 'init [NAME]',
    summary: 'write a starter suite, a 5-case dataset and a .gitignore entry, then print the next commands',
    load: async () => (await import('./commands/init.ts')).registerInit,
  },
  {
    name: 'run',
    term: 'run [options] [SUITE]',
    summary: 'run a suite and write the run folder and every report',
    load: async () => (await import('./commands/run.ts')).registerRun,
  },
  {
    name: 'estimate',
    term: 'estimate [options] <SUITE>',
    summary: 'dry run with no requests: samples, tokens, expected and worst-case cost, budget and time',
    load: async () => (await import('./commands/estimate.ts')).registerEstimate,
  },
  {
    name: 'report',
    term: 'report <RUN_DIR>',
    summary: 're-render report.html, summary.csv, cases.csv and summary.md from a run folder',
    load: async () => (await import('./commands/report.ts')).registerReport,
  },
  {
    name: 'gate',
    term: 'gate [options] <RUN_DIR>',
    summary: 'compare a run with the baseline; exit 1 on a regression',
    load: async () => (await import('./commands/gate.ts')).registerGate,
  },
  {
    name: 'compare',
    term: 'compare [options] <RUN_A> <RUN_B>',
    summary: 'per-candidate and per-case differences between two runs',
    load: async () => (await import('./commands/compare.ts')).registerCompare,
  },
  {
    name: 'merge',
    term: 'merge [options] <RUN_DIR...>',
    summary: 'merge shard runs (--shard I/N) into one run and re-render its reports',
    load: async () => (await import('./commands/merge.ts')).registerMerge,
  },
  {
    name: 'reprice',
    term: 'reprice [options] <RUN_DIR>',
    summary: 'recompute every cost of a run from its recorded tokens under other prices (no requests)',
    load: async () => (await import('./commands/reprice.ts')).registerReprice,
  },
  {
    name: 'prices',
    term: 'prices [options] [MODEL]',
    summary:
      'list the built-in prices (USD per 1M tokens) with their sources; with MODEL, what that model costs and where its price comes from',
    load: async () => (await import('./commands/prices.ts')).registerPrices,
  },
  {
    name: 'history',
    term: 'history [options] <SUITE>',
    summary: "the trend across a suite's runs per candidate; writes results/SUITE/history.html",
    load: async () => (await import('./commands/history.ts')).registerHistory,
  },
];

/** The subcommand the command line names (`help NAME` names NAME), if any. */
export function commandNamed(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Registers every subcommand: the one `argv` names from its module, the others as placeholders that
 * only list themselves in the top-level help (the command line does not run them).
 */
export async function registerCommands(
  program: Command,
  ctx: CliContext,
  argv: readonly string[],
): Promise<void> {
  const named = commandNamed(argv);
  const terms = new Map<string, string>();
  for (const entry of COMMANDS) {
    if (entry.name === named) {
      (await entry.load())(program, ctx);
      continue;
    }
    program.command(entry.name).description(entry.summary);
    terms.set(entry.name, entry.term);
  }
  program.configureHelp({
    ...program.configureHelp(),
    subcommandTerm: (cmd) => terms.get(cmd.name()) ?? new Help().subcommandTerm(cmd),
  });
}
