import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLines, nonBlankLines } from '../../../src/log/jsonl-lines.ts';

async function file(text: string): Promise<string> {
  const p = join(await mkdtemp(join(tmpdir(), 'tollgate-lines-')), 'f.jsonl');
  await writeFile(p, text);
  return p;
}

async function all<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('line files', () => {
  it('numbers every line from 1, drops the \\r of CRLF, and marks a last line with no newline', async () => {
    const p = await file('{"a":1}\r\n\n  \n{"b":"x\\ry"}\n{"c":');
    expect(await all(fileLines(p))).toEqual([
      ['{"a":1}', 1, true],
      ['', 2, true],
      ['  ', 3, true],
      ['{"b":"x\\ry"}', 4, true],
      ['{"c":', 5, false],
    ]);
    expect(await all(nonBlankLines(p))).toEqual([
      ['{"a":1}', 1],
      ['{"b":"x\\ry"}', 4],
      ['{"c":', 5],
    ]);
  });

  it('reads an empty file as no lines, and a file ending in a newline has no unfinished line', async () => {
    expect(await all(fileLines(await file('')))).toEqual([]);
    expect(await all(fileLines(await file('x\n')))).toEqual([['x', 1, true]]);
  });
});
