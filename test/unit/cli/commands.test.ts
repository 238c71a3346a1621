/**
 * The top-level help lists every subcommand from a table, and imports only the module of the
 * command the line names: the table must say what each module registers.
 */
import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNamed, registerCommands } from '../../../src/cli/commands.ts';
import type { CliContext } from '../../../src/cli/io.ts';
import { cli, tempProject } from '../../helpers/project.ts';

const ctx = { io: {}, exitCode: 0 } as unknown as CliContext;

describe('the command table', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    'lists %s as its module registers it',
    async (_name, entry) => {
      const program = new Command();
      (await entry.load())(program, ctx);
      const [cmd] = program.commands;
      expect(cmd?.name()).toBe(entry.name);
      expect(entry.summary).toBe(cmd?.description());
      expect(entry.term).toBe(new Help().subcommandTerm(cmd!));
    },
  );

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: upper-case metavariables, no quoted numeric default',
    async (_name, entry) => {
      const program = new Command();
      (await entry.load())(program, ctx);
      const cmd = program.commands[0]!;
      for (const o of cmd.options) expect(o.flags).toMatch(/^(-\w, )?--[\w-]+( <[A-Z_/]+(\.\.\.)?>)?$/);
      for (const a of cmd.registeredArguments) expect(a.name()).toMatch(/^[A-Z_]+$/);
      expect(cmd.helpInformation()).not.toMatch(/\(default: "\d/);
    },
  );

  it('finds the command a line names, after global options and through `help NAME`', () => {
    expect(commandNamed(['--debug', 'run', 'demo'])).toBe('run');
    expect(commandNamed(['help', 'gate'])).toBe('gate');
    expect(commandNamed(['--help'])).toBeUndefined();
  });

  it('registers only the named command from its module; the others are bare placeholders', async () => {
    const program = new Command();
    await registerCommands(program, ctx, ['prices']);
    const byName = new Map(program.commands.map((c) => [c.name(), c]));
    expect([...byName.keys()]).toEqual(COMMANDS.map((c) => c.name));
    expect(byName.get('prices')?.options.map((o) => o.long)).toContain('--json');
    expect(byName.get('run')?.options).toEqual([]);
  });

  it('the top-level help lists every command with its arguments', async () => {
    const r = await cli(['--help'], { cwd: await tempProject() });
    expect(r.code).toBe(0);
    for (const c of COMMANDS)
      expect(r.out.replace(/\s+/g, ' ')).toContain(`${c.term} ${c.summary.split(' ')[0]}`);
  });
});
