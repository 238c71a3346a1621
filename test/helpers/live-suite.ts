import { expect } from 'vitest';
import { loadSuite } from '../../src/config/load-suite.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { computeCost } from '../../src/pricing/compute-cost.ts';
import { lookupPrice } from '../../src/pricing/price-table.ts';
import { defaultRunDeps, runSuite } from '../../src/runner/run-suite.ts';
import { tempProject } from './project.ts';

/**
 * Runs a 3-case arithmetic suite against a real provider with the keys in the environment (live
 * tests only), and checks what every live test checks: each sample answered and was scored, and
 * each attempt's cost is the price table's computation from the usage the provider returned.
 */
export async function runLiveSuite(
  provider: 'openai' | 'anthropic',
  model: string,
): Promise<{ records: SampleRecord[]; summary: Summary }> {
  const dir = await tempProject({
    'datasets/live.jsonl': [
      '{"id":"add","q":"What is 17 + 25? Answer with the number only.","expected":"42"}',
      '{"id":"mul","q":"What is 12 * 12? Answer with the number only.","expected":"144"}',
      '{"id":"sub","q":"What is 100 - 37? Answer with the number only.","expected":"63"}',
    ].join('\n'),
    'suites/live.yaml': `dataset: ../datasets/live.jsonl
prompts: [{ id: p, user: "{{q}}" }]
models: ["${provider}:${model}"]
params: { maxTokens: 256 }
scorers: [{ type: includes }]
budgetUsd: 0.05
`,
  });
  const suite = await loadSuite('live', dir);
  const records: SampleRecord[] = [];
  const { summary } = await runSuite(
    suite,
    { cacheMode: 'off', cacheDir: '', runId: `live-${provider}`, budgetUsd: 0.05 },
    {
      ...defaultRunDeps,
      env: process.env,
      signal: new AbortController().signal,
      onRecord: (r) => records.push(r),
    },
  );
  expect(records).toHaveLength(3);
  const price = lookupPrice(provider, model);
  expect(price).not.toBeNull();
  for (const r of records) {
    expect(r.error).toBeNull();
    expect(typeof r.output).toBe('string');
    expect(r.tokens.input + r.tokens.cacheRead).toBeGreaterThan(0);
    expect(r.tokens.output).toBeGreaterThan(0);
    for (const a of r.attemptLog) {
      expect(a.usageEstimated).toBeUndefined();
      expect(a.costUsd).toBe(computeCost(price, a.tokens!));
    }
  }
  return { records, summary };
}
