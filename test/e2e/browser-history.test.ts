/**
 * Opens history.html from file:// in Debian's Chromium at phone width: no horizontal scroll, the
 * three charts drawn with a line per candidate, price changes marked, a link to each run's report,
 * and nothing blocked or fetched. Skipped with a message without /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHistory } from '../../src/history/history.ts';
import { CHROMIUM, launchChromium } from '../helpers/chromium.ts';
import { writeHistoryRuns } from '../helpers/history-runs.ts';

const HAS_CHROMIUM = existsSync(CHROMIUM);

if (!HAS_CHROMIUM) {
  describe('history.html in Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} does not exist (apt-get install -y chromium to run it)`, () => {});
  });
}

describe.skipIf(!HAS_CHROMIUM)('history.html in Chromium', () => {
  let dir = '';
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-history-browser-'));
    // 12 runs of 3 candidates, the prices cut at run 6
    await writeHistoryRuns(dir, { runs: 12, priceCutAt: 6 });
    await runHistory({ dir, suite: 'demo', last: 10 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([420, 360, 1280])('has no horizontal scroll at %i px and draws its charts', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, 'history.html')).href);
    const scroll = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
    for (const id of ['chart-cost', 'chart-accuracy', 'chart-tokens']) {
      const chart = await page.evaluate((id) => {
        const svg = document.querySelector(`#${id} svg`)!;
        const card = document.querySelector(`#${id}`)!.getBoundingClientRect();
        const box = svg.getBoundingClientRect();
        const lines = [...svg.querySelectorAll('path.line')].map((p) =>
          (p as SVGPathElement).getTotalLength(),
        );
        return {
          lines,
          marks: svg.querySelectorAll('line.price-mark').length,
          inside: box.left >= card.left && box.right <= card.right,
          width: box.width,
        };
      }, id);
      expect(chart.lines).toHaveLength(3);
      for (const length of chart.lines) expect(length).toBeGreaterThan(50);
      expect(chart.inside).toBe(true);
      expect(chart.width).toBeGreaterThan(width * 0.6);
      expect(chart.marks).toBe(1);
    }
    const links = await page.$$eval('#runs a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toHaveLength(12);
    expect(links[0]).toMatch(/^run-11\/report\.html$/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
