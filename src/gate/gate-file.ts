/**
 * gate.json, the gate's result stored in the run folder as data. summary.md is rendered from it
 * (with summary.json) by the reports, so the verdicts survive `tollgate report`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeTextAtomically } from '../log/atomic-write.ts';
import { GATE_FILE_VERSION, type GateFile, type GateResult } from './types.ts';

/** The file's name in a run folder. */
export const GATE_FILE = 'gate.json';

/** Writes `gate.json` into the run folder (atomically: a reader never sees half a file). */
export async function writeGateFile(runDir: string, result: GateResult): Promise<void> {
  const file: GateFile = { version: GATE_FILE_VERSION, ...result };
  await writeTextAtomically(join(runDir, GATE_FILE), `${JSON.stringify(file, null, 2)}\n`);
}

/**
 * The gate result stored in a run folder, or null when the run was never gated.
 * @throws UserError for a file that does not parse or has another version
 */
export async function readGateFile(runDir: string): Promise<GateResult | null> {
  const path = join(runDir, GATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let data: Partial<GateFile>;
  try {
    data = JSON.parse(text) as Partial<GateFile>;
  } catch (err) {
    throw new UserError(
      `Expected JSON at ${path}, got text that does not parse: ${(err as Error).message}. Fix: run \`tollgate gate\` on the run folder again.`,
    );
  }
  if (data?.version !== GATE_FILE_VERSION || !Array.isArray(data.verdicts)) {
    throw new UserError(
      `Expected a gate result of version ${GATE_FILE_VERSION} at ${path}:version, got ${JSON.stringify(data?.version)}. Fix: run \`tollgate gate\` on the run folder again.`,
    );
  }
  const { version: _version, ...result } = data as GateFile;
  return result;
}
