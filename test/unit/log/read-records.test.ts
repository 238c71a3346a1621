import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllRecords } from '../../../src/log/read-records.ts';
import { makeRecord } from '../../helpers/fixture-run.ts';

/** A whole record line (readers check every field) for case `caseId`, with `extra` fields. */
function line(caseId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...makeRecord({ candidate: 'm/p', caseId, status: 'passed' }), ...extra });
}

async function file(text: string | Buffer): Promise<string> {
  const p = join(await mkdtemp(join(tmpdir(), 'tollgate-rr-')), 'records.jsonl');
  await writeFile(p, text);
  return p;
}

describe('readRecords', () => {
  it('reads lines across 1 MiB chunk boundaries, multi-byte characters intact', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      caseId: `c${i}`,
      output: `${'é😀'.repeat(20_000 + i)}`,
    }));
    const text = `${rows.map((r) => line(r.caseId, { output: r.output })).join('\n')}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 << 20);
    const got = await readAllRecords(await file(text));
    expect(got.map((r) => r.output)).toEqual(rows.map((r) => r.output));
  });

  it('skips a torn last line and blank lines', async () => {
    const got = await readAllRecords(await file(`${line('a')}\n\n${line('b')}\n{"caseId":"c","out`));
    expect(got.map((r) => r.caseId)).toEqual(['a', 'b']);
  });

  it('names the file and line of a damaged line in the middle', async () => {
    const p = await file(`${line('a')}\nnot json\n${line('b')}\n`);
    await expect(readAllRecords(p)).rejects.toThrow(`${p}:2`);
  });
});
