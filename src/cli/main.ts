import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { UserError } from '../errors.ts';
import { registerCommands } from './commands.ts';
import { tuneHeap } from './heap.ts';
import type { CliContext, CliIO } from './io.ts';

const VERSION: string = pkg.version;

/** Parses argv and runs one command. Returns the exit code; never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  const program = new Command();
  program
    .name('tollgate')
    .description('Eval harness with cost-aware regression testing.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run with --help for usage)')
    // each command's --help lists --debug too
    .configureHelp({ showGlobalOptions: true });
  try {
    await registerCommands(program, ctx, argv);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.help' ||
        err.code === 'commander.version'
      ) {
        return 0;
      }
      return 2;
    }
    if (err instanceof UserError) {
      io.err(`tollgate: ${err.message}\n`);
      if (argv.includes('--debug')) io.err(`${err.stack}\n`);
      return 2;
    }
    if (io.signal.aborted) return 130;
    const e = err as Error;
    io.err(`tollgate: internal error: ${e?.message ?? String(err)}\n`);
    if (argv.includes('--debug')) io.err(`${e?.stack}\n`);
    else io.err('(run again with --debug for the stack trace)\n');
    return 1;
  }
}

/** The process entry point: wires signals, stdout and exit codes around runCli. */
export async function main(): Promise<void> {
  tuneHeap();
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error('interrupted'));
  });
  process.on('SIGTERM', () => controller.abort(new Error('terminated')));
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const io: CliIO = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    color: !noColor && Boolean(process.stdout.isTTY),
    signal: controller.signal,
  };
  const code = await runCli(process.argv.slice(2), io);
  // let stdout drain before exiting
  process.stdout.write('', () => process.exit(code));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts')) {
  void main();
}
