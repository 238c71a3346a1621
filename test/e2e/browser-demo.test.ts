/**
 * The demo's report and a failed run's report in a real Chromium: no sideways scroll on a phone,
 * the compact chart, the messages sent, and the error banner of a run against a closed port.
 * Needs Debian's chromium at /usr/bin/chromium; without it the suite is skipped with a message.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PromptLine, readPromptLines } from '../../src/log/prompts-file.ts';
import { CHROMIUM, launchChromium } from '../helpers/chromium.ts';
import { closedPort } from '../helpers/closed-port.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { REPO } from '../helpers/scale.ts';
import { shownText } from '../helpers/shown-text.ts';

const HAS_CHROMIUM = existsSync(CHROMIUM);

if (!HAS_CHROMIUM) {
  describe('the demo report in Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} does not exist (apt-get install -y chromium to run it)`, () => {});
  });
}

describe.skipIf(!HAS_CHROMIUM)('the demo report and a failed run’s report in Chromium', () => {
  const dirs: string[] = [];
  let demo = '';
  let failed = '';
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    demo = await mkdtemp(join(tmpdir(), 'tollgate-demo-'));
    dirs.push(demo);
    const run = await cli(['run', 'demo', '--no-cache', '--out', demo, '--quiet'], { cwd: REPO });
    expect(run.code, run.err).toBe(0);
    const project = await tempProject({
      'datasets/q.jsonl': arithmeticRows(6),
      'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: a, user: "{{question}}" }]
models:
  - { id: m, provider: openai, model: o3-mini, baseURL: "http://127.0.0.1:${await closedPort()}/v1", apiKeyEnv: K, price: { input: 1, output: 4 } }
scorers: [{ type: numeric }]
`,
    });
    dirs.push(project);
    failed = join(project, 'out');
    const bad = await cli(['run', 's', '--no-cache', '--out', 'out', '--quiet'], {
      cwd: project,
      env: { K: 'k-123456' },
    });
    expect(bad.code).not.toBe(0);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function open(dir: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    await page.waitForSelector('#cases details.case');
    return page;
  }
  const sideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('never scrolls sideways at 360–420 px, with a case and its messages open', async () => {
    for (const width of [420, 390, 360]) {
      const page = await open(demo, width);
      expect(await sideways(page), `${width} px`).toBe(0);
      await expect(page.locator('#chart-compact').isVisible()).resolves.toBe(true);
      await expect(page.locator('#chart').isVisible()).resolves.toBe(false);
      const key = await page.$$eval('#chart-key li .cid', (els) => els.map((e) => e.textContent));
      const points = await page.$$eval('#chart-compact g.point', (els) =>
        els.map((e) => e.getAttribute('data-candidate')),
      );
      expect([...key].sort()).toEqual([...points].sort());
      await page.check('#more-columns');
      await page.locator('#cases details.case summary').first().click();
      await page.locator('#cases details.case[open] details.sent summary').first().click();
      expect(await sideways(page), `${width} px, opened`).toBe(0);
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it('shows the messages each prompt sent for a case, exactly as prompts.jsonl has them', async () => {
    const page = await open(demo, 1400);
    await expect(page.locator('#chart').isVisible()).resolves.toBe(true);
    const card = page.locator('#cases details.case').first();
    const caseId = await card.getAttribute('data-case-id');
    await card.locator('summary').click();
    const lines: PromptLine[] = [];
    for await (const l of readPromptLines(join(demo, 'prompts.jsonl')))
      if (l.caseId === caseId) lines.push(l);
    expect(lines.map((l) => l.prompt).sort()).toEqual(['cot', 'terse']);
    for (const line of lines) {
      const sent = card.locator(`details.sent[data-prompt="${line.prompt}"]`);
      await sent.locator('summary').click();
      const shown = await sent
        .locator('.msg')
        .evaluateAll((els) =>
          els.map((e) => [e.querySelector('.role')!.textContent, e.querySelector('pre')!.textContent]),
        );
      expect(shown).toEqual(line.messages.map((m) => [m.role, m.content]));
    }
    expect(await card.locator('.out [data-fig="cost"]').count()).toBe(6);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('puts a run whose every request failed under an error banner, never "finished"', async () => {
    const page = await open(failed, 1400);
    const banner = await shownText(page.locator('#errors'));
    expect(banner).toContain('Nothing was scored.');
    expect(banner).toMatch(/m\/a: connection ×\d+, e\.g\. “connection error: .*ECONNREFUSED/);
    const stopped = await shownText(page.locator('.stat', { hasText: 'Stopped' }).locator('.value'));
    expect(stopped).not.toBe('finished');
    await expect(shownText(page.locator('#chart-empty'))).resolves.toMatch(/^Nothing to plot: every sample/);
    await expect(shownText(page.locator('#unplotted'))).resolves.toContain('m/a');
    expect(await sideways(page)).toBe(0);
    await page.close();
    expect(problems).toEqual([]);
  });
});
