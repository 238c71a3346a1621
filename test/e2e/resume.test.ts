import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/load-suite.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import { createOpenAIProvider } from '../../src/providers/openai.ts';
import { requestOf } from '../../src/runner/chat-request.ts';
import {
  cli,
  exited,
  figures,
  fixture,
  type LoggedSim,
  REPO,
  readFinished,
  readJsonl,
  readSummaryJson,
  sampleId,
  spawnCli,
  startLoggedSim,
  tempDir,
  until,
  wireKey,
} from '../helpers/scale.ts';

const SUITE = fixture('scale-resume');
const PLANNED = 60 * 2;

/** The wire key of every planned sample, to match the server's request log to samples. */
async function wireKeys(): Promise<Map<string, string>> {
  const suite = await loadSuite(SUITE, REPO);
  const provider = createOpenAIProvider({ apiKey: 'x', apiKeyEnv: null });
  const out = new Map<string, string>();
  for (const c of suite.candidates) {
    for (const cs of suite.cases)
      out.set(`${c.id}|${cs.id}|0`, wireKey(c.model.model, provider.requestBody(requestOf(c, cs))));
  }
  return out;
}

describe('resume after kill -9', () => {
  let s: LoggedSim;
  let expected: Awaited<ReturnType<typeof readSummaryJson>>;
  let keys: Map<string, string>;

  beforeAll(async () => {
    s = await startLoggedSim({ latencyMs: 25 });
    keys = await wireKeys();
    // the reference: the same suite run once, uninterrupted, on the same deterministic sim
    const ref = await tempDir();
    const r = await cli(
      ['run', SUITE, '--out', join(ref, 'run'), '--no-cache', '--quiet', '--concurrency', '8'],
      s.env,
    );
    expect(r.code, r.err).toBe(0);
    expected = await readSummaryJson(join(ref, 'run'));
    s.seen.length = 0;
  });
  afterAll(() => s.close());

  it('finishes the run, sends no finished sample twice, and keeps one record per sample', async () => {
    const dir = join(await tempDir(), 'run');
    const child = spawnCli(['run', SUITE, '--out', dir, '--no-cache', '--quiet'], s.env);
    // kill it in the middle of the run: some samples finished, two in flight
    await until(() => s.seen.length >= 40, 30_000, '40 requests from the child');
    child.kill('SIGKILL');
    await exited(child);
    const finished = await readFinished(join(dir, 'records.jsonl'));
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length).toBeLessThan(PLANNED);
    // the killed run was writing cases.csv as it went; resuming clears what it left
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([`cases.csv.${child.pid}.tmp`]);

    const r = await cli(['run', '--resume', dir, '--no-cache', '--quiet'], s.env);
    expect(r.code, r.err).toBe(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // the server's log: every sample finished before the kill was sent exactly once
    const sent = new Map<string, number>();
    for (const x of s.seen) sent.set(x.key, (sent.get(x.key) ?? 0) + 1);
    for (const f of finished) expect(sent.get(keys.get(sampleId(f))!), sampleId(f)).toBe(1);
    // only a sample unrecorded at the kill may have gone twice: one of the two in flight, or one
    // answered whose slot had passed on, so the next request went out before it was recorded
    const twice = [...sent.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(2 * 2);
    expect(s.seen.length).toBe(PLANNED + twice);

    const records = await readJsonl(join(dir, 'records.jsonl'));
    expect(records).toHaveLength(PLANNED);
    expect(new Set(records.map(sampleId)).size).toBe(PLANNED);

    const summary = await readSummaryJson(dir);
    expect(summary.stoppedReason).toBeNull();
    expect(summary.candidates.map(figures)).toEqual(expected.candidates.map(figures));
    expect(summary.recommendation).toEqual(expected.recommendation);
    // what was spent before the kill is counted too
    expect(summary.spentUsd.total).toBeCloseTo(expected.spentUsd.total, 12);
  });

  it('repairs a torn last line and re-runs only the samples that had not finished', async () => {
    const dir = join(await tempDir(), 'run');
    const first = await cli(
      ['run', SUITE, '--out', dir, '--no-cache', '--quiet', '--concurrency', '8'],
      s.env,
    );
    expect(first.code, first.err).toBe(0);
    // as if killed while writing: the last 5 records never made it, the 6th is half written
    const path = join(dir, 'records.jsonl');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const kept = lines.slice(0, -6);
    const torn = lines.at(-6)!;
    await writeFile(path, `${kept.join('\n')}\n`);
    await appendFile(path, torn.slice(0, Math.floor(torn.length / 2)));
    s.seen.length = 0;

    const r = await cli(['run', '--resume', dir, '--no-cache', '--quiet'], s.env);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/torn last line/);
    expect(s.seen).toHaveLength(6);
    const records = await readJsonl<SampleRecord>(path); // every line parses
    expect(records).toHaveLength(PLANNED);
    expect(new Set(records.map(sampleId)).size).toBe(PLANNED);
    expect((await readSummaryJson(dir)).candidates.map(figures)).toEqual(expected.candidates.map(figures));
  });

  it('counts what the run spent before the kill against the budget', async () => {
    const dir = join(await tempDir(), 'run');
    const first = await cli(
      ['run', SUITE, '--out', dir, '--no-cache', '--quiet', '--concurrency', '8'],
      s.env,
    );
    expect(first.code, first.err).toBe(0);
    const path = join(dir, 'records.jsonl');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const kept = lines.slice(0, 60);
    await writeFile(path, `${kept.join('\n')}\n`);
    const spentBefore = kept.reduce((sum, l) => sum + ((JSON.parse(l) as SampleRecord).spentUsd ?? 0), 0);
    s.seen.length = 0;

    // a cap a little above what was already spent: only a few more samples fit
    const budget = spentBefore + 0.0004;
    const r = await cli(['run', '--resume', dir, '--no-cache', '--quiet', '--budget', String(budget)], s.env);
    expect(r.code, r.err).toBe(3);
    const summary = await readSummaryJson(dir);
    expect(summary.stoppedReason).toBe('budget');
    expect(summary.spentUsd.total).toBeLessThanOrEqual(budget);
    expect(summary.spentUsd.total).toBeGreaterThanOrEqual(spentBefore);
    expect(s.seen.length).toBeGreaterThan(0);
    expect(s.seen.length).toBeLessThan(60);
    expect(summary.samplesNotRun).toBe(PLANNED - (await readJsonl(path)).length);
  });
});
