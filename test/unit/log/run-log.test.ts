import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigError, UserError } from '../../../src/errors.ts';
import type { GateResult } from '../../../src/gate/types.ts';
import { type BatchEntry, parseBatchesFile, serializeBatchesFile } from '../../../src/log/batches-file.ts';
import { type GateFile, readGateFile, writeGateFile } from '../../../src/log/gate-file.ts';
import { readAllRecords } from '../../../src/log/read-records.ts';
import { readSummary } from '../../../src/log/read-summary.ts';
import {
  FILES,
  openRecordWriter,
  readRunMeta,
  writeCases,
  writeSummary,
} from '../../../src/log/run-folder.ts';
import { readCaseRows } from '../../../src/report/read-cases.ts';
import { makeRecord } from '../../helpers/fixture-run.ts';

const V1 = join(import.meta.dirname, '../../fixtures/run-log/v1');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-log-'));
  await cp(V1, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function caught(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as Error;
}

describe('version-1 run folders (written before versions)', () => {
  it('load: summary, records, run.json and cases', async () => {
    const summary = await readSummary(dir);
    expect(summary.suite).toBe('cascade');
    expect(summary.version).toBeUndefined();
    const records = await readAllRecords(join(dir, FILES.records));
    expect(records).toHaveLength(15);
    expect(records[0]!.version).toBeUndefined();
    expect(records[0]!.attemptLog[0]!.model).toBeUndefined();
    expect((await readRunMeta(dir)).version).toBe(1);
    const cases = [];
    for await (const c of readCaseRows(join(dir, FILES.cases))) cases.push(c);
    expect(cases).toHaveLength(12);
    expect(Object.keys(cases[0]!)).toEqual(['id', 'fields']);
  });

  it('are returned as read: field order kept', async () => {
    const text = (await readFile(join(dir, FILES.records), 'utf8')).split('\n')[0]!;
    const [first] = await readAllRecords(join(dir, FILES.records));
    expect(JSON.stringify(first)).toBe(text);
  });
});

describe('writers stamp the current version', () => {
  it('records and cases are written as version 2, the summary as 3, and read back', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tollgate-log-'));
    const w = openRecordWriter(out);
    w.append(makeRecord({ candidate: 'm/p', caseId: 'a', status: 'passed' }));
    await w.close();
    const [r] = await readAllRecords(join(out, FILES.records));
    expect(r!.version).toBe(2);
    await writeSummary(out, await readSummary(dir));
    expect((await readSummary(out)).version).toBe(3);
    await writeCases(out, [{ id: 'a', fields: { q: 1 } }]);
    expect(await readFile(join(out, FILES.cases), 'utf8')).toBe('{"id":"a","fields":{"q":1},"version":2}\n');
    await rm(out, { recursive: true, force: true });
  });
});

describe('readers validate (exit 2 with file, line and field)', () => {
  it('a line that does not parse names the file and line', async () => {
    const path = join(dir, FILES.records);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = '{"candidate": "x",';
    await writeFile(path, lines.join('\n'));
    const err = await caught(readAllRecords(path));
    expect(err.message).toMatch(
      /^Expected a JSON record at .*records\.jsonl:3, got a line that does not parse/,
    );
    expect(err.message).toMatch(/Fix: repair or remove that line/);
  });

  it('a wrong field names the file, line and field path', async () => {
    const path = join(dir, FILES.records);
    const lines = (await readFile(path, 'utf8')).split('\n');
    const bad = JSON.parse(lines[4]!);
    bad.attemptLog[0].tokens.output = 'eleven';
    lines[4] = JSON.stringify(bad);
    await writeFile(path, lines.join('\n'));
    const err = await caught(readAllRecords(path));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]).toMatchObject({ line: 5, path: 'attemptLog.0.tokens.output' });
    expect(err.message).toMatch(
      /records\.jsonl:5 at attemptLog\.0\.tokens\.output: Expected a number, got "eleven"\. Fix:/,
    );
  });

  it('a record of a newer version is refused', async () => {
    const path = join(dir, FILES.records);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), version: 3 });
    await writeFile(path, lines.join('\n'));
    const err = await caught(readAllRecords(path));
    expect(err.message).toMatch(/records\.jsonl:2\. Fix: it was written by a newer tollgate/);
    expect(err.message).toMatch(/got version 3/);
  });

  it('a summary, run.json or cases line of a newer version is refused', async () => {
    const summary = JSON.parse(await readFile(join(dir, FILES.summary), 'utf8'));
    await writeFile(join(dir, FILES.summary), JSON.stringify({ ...summary, version: 9 }));
    expect((await caught(readSummary(dir))).message).toMatch(/got version 9 at .*summary\.json\. Fix:/);
    const meta = JSON.parse(await readFile(join(dir, FILES.meta), 'utf8'));
    await writeFile(join(dir, FILES.meta), JSON.stringify({ ...meta, version: 3 }));
    expect((await caught(readRunMeta(dir))).message).toMatch(/got version 3 at .*run\.json\. Fix:/);
    await writeFile(join(dir, FILES.cases), '{"id":"a","fields":{},"version":3}\n');
    const rows = async () => {
      for await (const _ of readCaseRows(join(dir, FILES.cases))) void _;
    };
    expect((await caught(rows())).message).toMatch(/got version 3 at .*cases\.jsonl:1\. Fix:/);
  });

  it('a summary with a wrong field names it', async () => {
    const summary = JSON.parse(await readFile(join(dir, FILES.summary), 'utf8'));
    summary.candidates[1].accuracy = 'high';
    await writeFile(join(dir, FILES.summary), JSON.stringify(summary));
    const err = await caught(readSummary(dir));
    expect(err.message).toMatch(/summary\.json at candidates\.1\.accuracy: Expected a number, got "high"/);
  });
});

describe('gate.json and batches.json', () => {
  it('gate.json has the gate result shape and round-trips', async () => {
    expectTypeOf<GateResult>().toExtend<GateFile>();
    expectTypeOf<Omit<GateFile, 'version'>>().toExtend<GateResult>();
    const result: GateFile = {
      suite: 's',
      runId: 'r',
      baseline: null,
      spec: { qualityBar: 0.8, maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 },
      verdicts: [
        {
          candidate: 'm/p',
          check: 'bar',
          status: 'pass',
          baseline: 0.8,
          current: 0.9,
          delta: 0.1,
          p: null,
          threshold: 0.8,
          method: null,
          message: 'ok',
        },
      ],
      notes: [],
      counts: { pass: 1, fail: 0, skip: 0 },
      passed: true,
    };
    await writeGateFile(dir, result);
    expect(await readGateFile(dir)).toEqual({ ...result, version: 2 });
  });

  it('batches.json round-trips and is checked', () => {
    const entry: BatchEntry = {
      key: 'k',
      api: 'openai',
      endpoint: 'https://api.openai.com/v1',
      modelId: 'gpt-4o-mini',
      id: null,
      inputFileId: null,
      submittedAt: '2026-01-01T00:00:00.000Z',
      samples: [{ candidate: 'm/p', caseId: 'a', repeat: 0 }],
    };
    expect(parseBatchesFile(serializeBatchesFile([entry]), 'batches.json')).toEqual([entry]);
    expect(() => parseBatchesFile('{"version": 1, "batches": [{"key": 1}]}', 'batches.json')).toThrow(
      /batches\.json at batches\.0\.key: Expected a string, got 1/,
    );
  });
});
