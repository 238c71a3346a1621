import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, UserError } from '../../../src/errors.ts';
import { buildBaseline } from '../../../src/gate/build-baseline.ts';
import {
  defaultBaselinePath,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  writeBaseline,
} from '../../../src/log/baseline-file.ts';
import { makeRecord, makeRun } from '../../helpers/gate-runs.ts';

const spec = {
  runId: 'r1',
  cases: 3,
  repeats: 3,
  candidates: [
    { id: 'z/p', outcome: (i: number, r: number) => i + r > 1 },
    { id: 'a/p', outcome: (i: number) => (i === 2 ? ('error' as const) : i === 0) },
  ],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-baseline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildBaseline', () => {
  it('holds suite, hash, prices asOf, each summary and per-case [passed, samples]', async () => {
    const { summary, records } = makeRun(spec);
    const b = await buildBaseline(summary, records);
    expect(b).toMatchObject({
      version: 2,
      suite: 'arith',
      suiteHash: summary.suiteHash,
      pricesAsOf: '2025-01-01',
      runId: 'r1',
    });
    expect(Object.keys(b.candidates)).toEqual(['a/p', 'z/p']);
    expect(b.candidates['z/p']!.cases).toEqual({
      'case-000': [1, 3],
      'case-001': [2, 3],
      'case-002': [3, 3],
    });
    // a server error is not the candidate's doing: the samples are not scored
    expect(b.candidates['a/p']!.cases['case-002']).toBeUndefined();
    expect(b.candidates['a/p']!.summary).toEqual(summary.candidates[1]);
  });

  it('gives a candidate with no records an empty case map', async () => {
    const { summary } = makeRun(spec);
    const b = await buildBaseline(summary, []);
    expect(b.candidates['a/p']!.cases).toEqual({});
  });
});

describe('serializeBaseline', () => {
  it('is stable and diff-friendly: sorted keys, one case per line, trailing newline', async () => {
    const { summary, records } = makeRun(spec);
    const text = serializeBaseline(await buildBaseline(summary, records));
    const shuffled = serializeBaseline(await buildBaseline(summary, [...records].reverse()));
    expect(shuffled).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n        "case-001": [2, 3],\n');
    const top = text
      .split('\n')
      .filter((l) => /^ {2}"/.test(l))
      .map((l) => l.trim().split('"')[1]);
    expect(top).toEqual([
      'candidates',
      'finishedAt',
      'prices',
      'pricesAsOf',
      'runId',
      'suite',
      'suiteHash',
      'version',
    ]);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(await buildBaseline(summary, records))));
  });

  it('changes one line when one case changes', async () => {
    const { summary, records } = makeRun(spec);
    const before = serializeBaseline(await buildBaseline(summary, records)).split('\n');
    const flipped = records.map((r) =>
      r.candidate === 'z/p' && r.caseId === 'case-000' && r.repeat === 0
        ? makeRecord('z/p', 'case-000', 0, 'passed')
        : r,
    );
    const after = serializeBaseline(await buildBaseline(summary, flipped)).split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((l, i) => l !== before[i])).toEqual(['        "case-000": [2, 3],']);
  });
});

describe('writeBaseline / readBaseline', () => {
  it('round-trips, including awkward case ids', async () => {
    const { summary, records } = makeRun(spec);
    const odd = [
      ...records,
      makeRecord('a/p', '__proto__', 0, 'passed'),
      makeRecord('a/p', 'tab\there "q"', 0, 'failed'),
    ];
    const b = await buildBaseline(summary, odd);
    const path = join(dir, 'results', 'arith', 'baseline.json');
    await writeBaseline(path, b);
    const back = await readBaseline(path, 'arith');
    expect(serializeBaseline(back)).toBe(serializeBaseline(b));
    expect(Object.hasOwn(back.candidates['a/p']!.cases, '__proto__')).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(serializeBaseline(b));
  });

  it('defaults to results/SUITE/baseline.json next to the run folder', () => {
    expect(defaultBaselinePath('/x/results/arith/2025-01-01T00-00')).toBe('/x/results/arith/baseline.json');
    expect(defaultBaselinePath('results/arith/run1/')).toBe(join('results', 'arith', 'baseline.json'));
    expect(defaultBaselinePath('.')).toBe(join('..', 'baseline.json'));
  });

  it('a missing file names the file and the fix', async () => {
    const path = join(dir, 'nope.json');
    const err = await readBaseline(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `Expected a baseline file at ${path}, got no file. Fix: create it with \`tollgate run SUITE --update-baseline\` (or \`tollgate gate RUN_DIR --update-baseline\`) and commit it.`,
    );
  });

  it('invalid JSON (a merge conflict) is a UserError saying so', async () => {
    const path = join(dir, 'baseline.json');
    await writeFile(path, '{\n<<<<<<< HEAD\n"a": 1\n=======\n>>>>>>> x\n}\n');
    await expect(readBaseline(path)).rejects.toThrow(
      /Expected JSON at .*baseline\.json, got text that does not parse \(it has merge-conflict markers\).*Fix:/,
    );
  });

  it('a wrong shape lists every problem with its field path', () => {
    const bad = {
      version: 3,
      suite: 'arith',
      suiteHash: 1,
      pricesAsOf: 'x',
      runId: 'r',
      finishedAt: 'f',
      candidates: {
        'm/p': {
          summary: {
            id: 'other',
            samples: 1,
            passed: 1,
            accuracy: 'hi',
            costUsd: 1,
            costPerSuccessUsd: null,
          },
          cases: { c1: [3, 2] },
        },
      },
    };
    let err: unknown;
    try {
      parseBaseline(JSON.stringify(bad), 'b.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).issues.map((i) => i.path);
    expect(paths).toEqual([
      'version',
      'suiteHash',
      'candidates.m/p.summary.id',
      'candidates.m/p.summary.accuracy',
      'candidates.m/p.cases.c1',
    ]);
    expect((err as Error).message).toMatch(
      /b\.json at candidates\.m\/p\.cases\.c1: Expected \[passed, samples\].*got array \[3,2\]\. Fix:/,
    );
    expect(() => parseBaseline('[]', 'b.json')).toThrow(/Expected a tollgate baseline object, got array/);
  });

  it('a baseline of another suite is a UserError when the suite is given', async () => {
    const { summary, records } = makeRun(spec);
    const path = join(dir, 'baseline.json');
    await writeBaseline(path, await buildBaseline(summary, records));
    await expect(readBaseline(path, 'support-triage')).rejects.toThrow(
      /Expected a baseline for suite "support-triage", got one for suite "arith" at .*Fix: pass the baseline of "support-triage" with --baseline FILE, or create it with `tollgate run support-triage --update-baseline`/,
    );
    await expect(readBaseline(path)).resolves.toMatchObject({ suite: 'arith' });
  });
});
