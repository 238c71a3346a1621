import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/project.ts';

const run = (...argv: string[]) => cli(['prices', ...argv], { cwd: tmpdir() });

describe('tollgate prices MODEL', () => {
  it('prints each token kind per 1M, the discounts, and the dated override it comes from', async () => {
    const r = await run('deepseek-chat');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^deepseek-chat \(deepseek\): USD per 1M tokens$/m);
    expect(r.out).toMatch(/input\s+0\.28$/m);
    expect(r.out).toMatch(/cached input\s+0\.028$/m);
    expect(r.out).toMatch(/output\s+0\.42$/m);
    expect(r.out).toContain('no time-of-day discount applies');
    expect(r.out).toContain('checked 2026-12-03 against https://api-docs.deepseek.com/quick_start/pricing');
    expect(r.out).not.toContain('as of 2026-09-22.');
  });

  it("prints a table price with the table's date, its context tier and its batch discount", async () => {
    const r = await run('anthropic:claude-sonnet-4-5');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('prompts over 200,000 tokens bill every token at:');
    expect(r.out).toMatch(/^ {4}output\s+22\.5$/m);
    expect(r.out).toContain('batch ×0.5 (with --batch)');
    expect(r.out).toContain('the bundled table, @pydantic/genai-prices 0.1.8, as of 2026-09-22.');
  });

  it('prints JSON with the origin', async () => {
    const r = await run('mistral-large-latest', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.price).toMatchObject({ input: 0.5, output: 1.5 });
    expect(j.origin).toEqual({
      source: 'override',
      asOf: '2026-12-03',
      ref: 'https://mistral.ai/pricing#api-pricing',
    });
  });

  it('exits 2 for an unknown model, naming the nearest names and the fix', async () => {
    const r = await run('gpt-4-o');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Expected a model the price table knows, got "gpt-4-o". Nearest names: gpt-4o');
    expect(r.err).toContain('Fix:');
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('keeps the list, with overridden rows marked', async () => {
    const r = await run();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/deepseek-chat .* override\* 2026-12-03/);
    expect(r.out).toMatch(/gpt-4o-mini .* table/);
    expect(r.out).toMatch(/gemini-2\.5-pro .* >200k/);
  });
});
