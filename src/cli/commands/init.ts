import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import {
  CACHE_IGNORE,
  nextCommands,
  STARTER_NAME,
  starterFiles,
  withCacheIgnored,
} from '../../workflow/starter-files.ts';
import type { CliContext } from '../io.ts';

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description(
      'write a starter suite, a 5-case dataset and a .gitignore entry, then print the next commands',
    )
    .argument('[NAME]', 'the suite name: writes suites/NAME.yaml and datasets/NAME.jsonl', 'starter')
    .action(async (name: string) => {
      await initProject(name, ctx);
    });
}

/** Writes the starter files into the working directory; never overwrites one (exit 2, naming it). */
async function initProject(name: string, { io }: CliContext): Promise<void> {
  if (!STARTER_NAME.test(name)) {
    throw new UserError(
      `Expected a suite name of letters, digits, "-" and "_", got "${name}". Fix: e.g. tollgate init my-evals`,
    );
  }
  const files = starterFiles(name);
  for (const f of files) {
    const path = join(io.cwd, f.path);
    if (await exists(path)) {
      throw new UserError(
        `Expected no file at ${path}, got one: init never overwrites. Fix: pick another name (tollgate init OTHER_NAME) or move the file.`,
      );
    }
  }
  for (const f of files) {
    const path = join(io.cwd, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.text, { flag: 'wx' });
    io.out(`Wrote ${f.path}\n`);
  }
  const gitignorePath = join(io.cwd, '.gitignore');
  const gitignore = await readFile(gitignorePath, 'utf8').catch(() => null);
  const updated = withCacheIgnored(gitignore);
  if (updated !== null) {
    await writeFile(gitignorePath, updated);
    io.out(
      `${gitignore === null ? 'Wrote .gitignore with' : 'Added to .gitignore:'} ${CACHE_IGNORE} (the response cache)\n`,
    );
  }
  io.out(
    `\nNext:\n${nextCommands(name)
      .map((c) => `  ${c}\n`)
      .join('')}`,
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
