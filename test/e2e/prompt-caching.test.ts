/**
 * Prompt caching: `promptCaching: true` marks the system prompt with Anthropic's `cache_control`
 * (through the real SDK, against the simulator's Anthropic endpoint), and the summary shows the
 * share of prompt tokens served from cache and what that saved. Without it: no cache reads, no saving.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachingSavedUsd, promptCacheShare } from '../../src/analysis/prompt-caching.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import type { ModelPrice } from '../../src/pricing/model-price.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

const PRICE: ModelPrice = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, batchDiscount: 0.5 };

describe('prompt-caching figures', () => {
  const t = { input: 300, cacheRead: 700, cacheWrite: 0, output: 50, reasoning: 0 };

  it('share = cacheRead / (input + cacheRead + cacheWrite)', () => {
    expect(promptCacheShare(t)).toBe(0.7);
    expect(promptCacheShare({ ...t, cacheWrite: 1000 })).toBe(0.35);
    expect(promptCacheShare({ input: 0, cacheRead: 0, cacheWrite: 0, output: 5, reasoning: 0 })).toBeNull();
  });

  it('saving = cache reads at the input price minus the cache price, less the write premium', () => {
    expect(cachingSavedUsd(t, PRICE)).toBeCloseTo((700 * (3 - 0.3)) / 1e6, 15);
    // writing a cache that is never read costs more than not caching
    expect(cachingSavedUsd({ ...t, cacheRead: 0, cacheWrite: 1000 }, PRICE)).toBeCloseTo(
      (-1000 * 0.75) / 1e6,
      15,
    );
    expect(cachingSavedUsd(t, null)).toBeNull();
  });

  it('a 1-hour cache write costs its own premium: twice the input price, not the 5-minute write price', () => {
    const written = { ...t, cacheRead: 0, cacheWrite: 1000 };
    // 400 of the 1,000 written to the 1-hour cache: 600 × (3.75 − 3) + 400 × (6 − 3) per 1M
    expect(cachingSavedUsd({ ...written, cacheWrite1h: 400 }, PRICE)).toBeCloseTo(
      -(600 * 0.75 + 400 * 3) / 1e6,
      15,
    );
  });

  it('a tiered price saves at its base prices: a sum of samples cannot say which tier each reached', () => {
    const tiered: ModelPrice = {
      ...PRICE,
      tiers: [{ above: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 }],
    };
    // 300 samples' tokens summed: 300,000 prompt tokens, though each prompt was 1,000
    const summed = { input: 90_000, cacheRead: 210_000, cacheWrite: 0, output: 3000, reasoning: 0 };
    expect(cachingSavedUsd(summed, tiered)).toBeCloseTo((210_000 * (3 - 0.3)) / 1e6, 12);
  });
});

describe('promptCaching with the Anthropic provider against the simulator', () => {
  let sim: SimServer;
  let project: string;
  const run = async (caching: boolean): Promise<Summary> => {
    const out = caching ? 'cached' : 'plain';
    const r = await cli(['run', `c-${out}`, '--no-cache', '--out', out, '--json'], {
      cwd: project,
      env: { SIM_ANTHROPIC_KEY: 'sk-test' },
    });
    expect(r.err).toBe(`Run folder: ${out}\n`);
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as Summary;
  };
  const suite = (caching: boolean) => `dataset: ../datasets/a.jsonl
prompts:
  - id: terse
    system: You are a precise calculator. Read the question, compute the result exactly, and reply with the number only, with no words, units or working.
    user: "{{question}}"
models:
  - id: claude-sim
    provider: anthropic
    model: sim-mid
    baseURL: ${sim.anthropicBaseURL}
    apiKeyEnv: SIM_ANTHROPIC_KEY
    price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }
    promptCaching: ${caching}
scorers: [{ type: equals }]
`;
  let withCaching: Summary;
  let without: Summary;

  beforeAll(async () => {
    sim = await startSimServer({ latencyMs: 0 });
    project = await tempProject({ 'datasets/a.jsonl': arithmeticRows(10) });
    await writeFile(join(project, 'suites', 'c-cached.yaml'), suite(true));
    await writeFile(join(project, 'suites', 'c-plain.yaml'), suite(false));
    withCaching = await run(true);
    without = await run(false);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('promptCaching: true reads the system prompt from cache and shows the saving', () => {
    const c = withCaching.candidates[0]!;
    expect(c.provider).toBe('anthropic');
    expect(c.tokens.cacheRead).toBeGreaterThan(0);
    expect(c.promptCacheShare).toBe(
      c.tokens.cacheRead / (c.tokens.input + c.tokens.cacheRead + c.tokens.cacheWrite),
    );
    expect(c.promptCacheShare).toBeGreaterThan(0.3);
    expect(c.cachingSavedUsd).toBeCloseTo((c.tokens.cacheRead * (3 - 0.3)) / 1e6, 15);
    expect(c.cachingSavedUsd).toBeGreaterThan(0);
    // and the cost is lower than without caching by exactly that saving
    expect(without.candidates[0]!.costUsd! - c.costUsd!).toBeCloseTo(c.cachingSavedUsd!, 12);
  });

  it('promptCaching: false reads nothing from cache and saves nothing', () => {
    const c = without.candidates[0]!;
    expect(c.tokens.cacheRead).toBe(0);
    expect(c.tokens.cacheWrite).toBe(0);
    expect(c.promptCacheShare).toBe(0);
    expect(c.cachingSavedUsd).toBe(0);
  });

  it('shows the share and the saving in summary.csv, summary.md and report.html', async () => {
    const csv = parse(await readFile(join(project, 'cached', 'summary.csv'), 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    expect(Number(csv[0]!.promptCacheShare)).toBe(withCaching.candidates[0]!.promptCacheShare);
    expect(Number(csv[0]!.cachingSavedUsd)).toBe(withCaching.candidates[0]!.cachingSavedUsd);
    const md = await readFile(join(project, 'cached', 'summary.md'), 'utf8');
    expect(md).toContain('| Prompt cache | Caching saved |');
    const html = await readFile(join(project, 'cached', 'report.html'), 'utf8');
    expect(html).toContain('>Prompt cache</th>');
    expect(html).toContain('>Caching saved</th>');
    const plainMd = await readFile(join(project, 'plain', 'summary.md'), 'utf8');
    expect(plainMd).not.toContain('Prompt cache');
  });
});
