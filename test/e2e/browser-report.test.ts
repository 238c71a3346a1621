/**
 * Opens report.html from file:// in a real Chromium and checks what a reviewer sees: the chart,
 * the sortable table and its default columns, the explorer's filters and per-sample figures, and
 * that hostile outputs stay text.
 * Needs Debian's chromium at /usr/bin/chromium; without it the suite is skipped with a message.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOf } from '../../src/analysis/outcome.ts';
import { DEFAULT_COLUMNS } from '../../src/report/candidate-table.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { CHROMIUM, launchChromium } from '../helpers/chromium.ts';
import { writeRunFolder } from '../helpers/fixture-run.ts';
import { HOSTILE_MARKUP } from '../helpers/hostile.ts';
import { hostileRun } from '../helpers/hostile-run.ts';
import { shownText } from '../helpers/shown-text.ts';

const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = new URL('../artifacts/', import.meta.url);

if (!HAS_CHROMIUM) {
  describe('report.html in Chromium', () => {
    it.skip(`skipped: ${CHROMIUM} does not exist (apt-get install -y chromium to run it)`, () => {});
  });
}

describe.skipIf(!HAS_CHROMIUM)('report.html in Chromium', () => {
  const run = hostileRun();
  let dir = '';
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-browser-'));
    await writeRunFolder(dir, run);
    await writeReports(dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    await page.waitForSelector('#cases details.case');
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text under test
  const visibleText = (selector: string) => page.locator(selector).innerText();
  const shownCaseIds = () =>
    page.$$eval('#cases details.case', (els) => els.map((e) => (e as HTMLElement).dataset.caseId));
  const setFilters = async (
    opts: { outcome?: string; candidate?: string; disagreements?: boolean; search?: string } = {},
  ) => {
    await page.selectOption('#outcome-filter', opts.outcome ?? '');
    await page.selectOption('#candidate-filter', opts.candidate ? { label: opts.candidate } : { index: 0 });
    await page.setChecked('#only-disagreements', opts.disagreements ?? false);
    await page.fill('#search', opts.search ?? '');
    await page.waitForTimeout(250); // the search box is debounced
  };
  /** Opens every shown case, so its body (built on first opening) is on the page. */
  const openAll = () =>
    page.$$eval('#cases details.case', (els) => {
      for (const e of els) (e as HTMLDetailsElement).open = true;
    });

  it('loads with no console errors, no network and no injected script', async () => {
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
  });

  it('draws one point per plottable candidate and lists the others beside the chart', async () => {
    const plotted = await page.$$eval('#chart g.point', (els) =>
      els.map((e) => e.getAttribute('data-candidate')),
    );
    const listed = await page.$$eval('#unplotted li', (els) =>
      els.map((e) => e.getAttribute('data-candidate')),
    );
    expect([...plotted, ...listed].sort()).toEqual(run.summary.candidates.map((c) => c.id).sort());
    expect(listed).toEqual(['local/q&a<v2>']);
    await expect(visibleText('#unplotted')).resolves.toContain('local/q&a<v2>');
  });

  it('highlights the pick', async () => {
    const pick = page.locator('#chart g.point[data-pick="true"]');
    expect(await pick.count()).toBe(1);
    expect(await pick.getAttribute('data-candidate')).toBe('sim-mid/terse');
    expect(await pick.locator('circle.ring').count()).toBe(1);
    const fill = (sel: string) => page.$eval(sel, (e) => getComputedStyle(e).fill);
    expect(await fill('g.point[data-pick="true"] .dot')).not.toBe(
      await fill('g.point[data-candidate="sim-large/terse"] .dot'),
    );
    await expect(visibleText('#pick .pick-id')).resolves.toBe('sim-mid/terse');
    await expect(page.locator('tr.is-pick').getAttribute('data-candidate')).resolves.toBe('sim-mid/terse');
  });

  it('shows a tooltip with the figures on hover', async () => {
    await page.hover('g.point[data-candidate="sim-large/terse"] .dot');
    const tip = page.locator('#tooltip');
    await expect(tip.isVisible()).resolves.toBe(true);
    const text = await visibleText('#tooltip');
    expect(text).toContain('sim-large/terse');
    expect(text).toMatch(/Accuracy 99\.2% \(95% CI/);
    await page.mouse.move(0, 0);
  });

  it('sorts the table by a column, numerically, and reverses on a second click', async () => {
    const order = () =>
      page.$$eval('#candidate-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-candidate')));
    const header = page.locator('#candidate-table th', { hasText: 'Cost / success' });
    const priced = [...run.summary.candidates]
      .filter((c) => c.costPerSuccessUsd !== null)
      .sort((a, b) => a.costPerSuccessUsd! - b.costPerSuccessUsd!)
      .map((c) => c.id);
    await header.click();
    expect(await order()).toEqual([...priced, 'local/q&a<v2>']);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    expect(await order()).toEqual([...priced.reverse(), 'local/q&a<v2>']);
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await page.locator('#candidate-table th', { hasText: 'Candidate' }).click();
    expect(await order()).toEqual(
      run.summary.candidates
        .map((c) => c.id)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })),
    );
  });

  it('opens the table with the default columns, and the rest behind "more columns" with a scroll hint', async () => {
    const visibleHeaders = () =>
      page.$$eval('#candidate-table th', (els) =>
        els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.textContent),
      );
    expect(await visibleHeaders()).toEqual(['Candidate', ...DEFAULT_COLUMNS]);
    await expect(page.locator('#scroll-hint').isVisible()).resolves.toBe(false);
    await page.check('#more-columns');
    const all = await page.locator('#candidate-table th').count();
    expect(all).toBeGreaterThan(20);
    expect(await visibleHeaders()).toHaveLength(all);
    await expect(page.locator('#scroll-hint').isVisible()).resolves.toBe(true);
    await expect(page.locator('#table-frame').getAttribute('class')).resolves.toContain('more-right');
    // the header and the candidate column stay put while the table scrolls
    await page.$eval('#table-wrap', (e) => e.scrollTo({ left: 600 }));
    await page.waitForTimeout(50);
    const [wrap, first] = await Promise.all([
      page.locator('#table-wrap').boundingBox(),
      page.locator('#candidate-table tbody td.cand').first().boundingBox(),
    ]);
    expect(Math.abs(first!.x - wrap!.x)).toBeLessThan(3);
    await expect(page.locator('#table-frame').getAttribute('class')).resolves.toContain('more-left');
    await page.$eval('#table-wrap', (e) => e.scrollTo({ left: 0 }));
    await page.uncheck('#more-columns');
    expect(await visibleHeaders()).toHaveLength(DEFAULT_COLUMNS.length + 1);
  });

  it('pages through the cases', async () => {
    expect(await shownCaseIds()).toHaveLength(100);
    await expect(visibleText('#page-info')).resolves.toBe('1–100 of 120 cases · page 1 of 2');
    await page.click('#next');
    expect((await shownCaseIds())[0]).toBe('case-101');
    await page.click('#prev');
    expect((await shownCaseIds())[0]).toBe('case-001');
  });

  it('shows each case as one compact line, its id once, and its figures on demand', async () => {
    const heights = await page.$$eval('#cases details.case', (els) =>
      els.slice(0, 20).map((e) => e.getBoundingClientRect().height),
    );
    expect(Math.max(...heights)).toBeLessThanOrEqual(120);
    const card = page.locator('#cases details.case[data-case-id="case-001"]');
    await card.locator('summary').click();
    const text = await shownText(card);
    expect(text.split('case-001').length - 1).toBe(1);
    for (const r of run.records.filter((x) => x.caseId === 'case-001')) {
      const out = card.locator(`.out[data-candidate="${r.candidate.replaceAll('"', '\\"')}"]`).first();
      await expect(shownText(out.locator('[data-fig="tokens"]'))).resolves.toBe(
        `${r.tokens.input.toLocaleString('en-US')} in · ${r.tokens.cacheRead} cached · ${r.tokens.output} out · ${r.tokens.reasoning} reasoning`,
      );
      await expect(shownText(out.locator('[data-fig="latency"]'))).resolves.toBe(`${r.latencyMs} ms`);
      await expect(shownText(out.locator('[data-fig="attempts"]'))).resolves.toMatch(
        new RegExp(`^${r.attempts} attempts?$`),
      );
      await expect(shownText(out.locator('[data-fig="calls"]'))).resolves.toMatch(
        new RegExp(`^${r.calls} calls?$`),
      );
      const cost = await shownText(out.locator('[data-fig="cost"]'));
      if (r.costUsd === null) expect(cost).toBe('unpriced');
      else expect(Number(cost.slice(1))).toBeCloseTo(r.costUsd, 12);
    }
    // this run folder has no prompts.jsonl: the page says so rather than show nothing
    await expect(page.locator('#no-messages').isVisible()).resolves.toBe(true);
    await card.locator('summary').click();
  });

  it('filters by outcome, by candidate, to disagreements, and by text', async () => {
    const withOutcome = (o: string) =>
      [...new Set(run.records.filter((r) => outcomeOf(r) === o).map((r) => r.caseId))].sort().slice(0, 100);
    await setFilters({ outcome: 'failed' });
    expect(await shownCaseIds()).toEqual(withOutcome('failed'));
    await setFilters({ outcome: 'not_scored' });
    const notScored = await shownCaseIds();
    expect(notScored.length).toBeGreaterThan(0);
    expect(notScored).toEqual(withOutcome('not_scored'));

    await setFilters({ candidate: 'sim-small/terse' });
    const small = run.records.filter((r) => r.candidate === 'sim-small/terse').map((r) => r.caseId);
    expect(await shownCaseIds()).toEqual([...new Set(small)].sort());
    const chips = await page.$$eval('#cases .chip', (els) => [...new Set(els.map((e) => e.textContent))]);
    expect(chips).toEqual(['sim-small/terse']);
    await page.locator('#cases details.case summary').first().click();
    // the click opens it on the page's next turn: wait for it rather than race it
    await page.locator('#cases details.case[open] .out').first().waitFor();
    const outs = await page.$$eval('#cases details.case[open] .out', (els) =>
      els.map((e) => (e as HTMLElement).dataset.candidate),
    );
    expect(outs).toEqual(['sim-small/terse']);
    await setFilters({ candidate: 'sim-small/terse', outcome: 'passed' });
    const smallPassed = run.records.filter((r) => r.candidate === 'sim-small/terse' && r.status === 'passed');
    expect(await shownCaseIds()).toEqual([...new Set(smallPassed.map((r) => r.caseId))].sort());

    await setFilters({ disagreements: true });
    const disagreements = await shownCaseIds();
    expect(disagreements.length).toBeGreaterThan(0);
    for (const id of disagreements) {
      const passed = await page.$$eval(`details.case[data-case-id="${id}"] .chip`, (els) =>
        els.map((e) => e.classList.contains('passed')),
      );
      expect(new Set(passed).size).toBe(2);
    }

    await setFilters({ search: '41 + 29' });
    expect(await shownCaseIds()).toEqual(['case-114']);
    await setFilters({ search: 'no such text anywhere' });
    expect(await shownCaseIds()).toEqual([]);
    await expect(visibleText('#cases')).resolves.toContain('No cases match');
  });

  it('shows hostile inputs and outputs as visible text, and runs none of them', async () => {
    await setFilters({ search: 'pwned' });
    const ids = await shownCaseIds();
    expect(ids.length).toBeGreaterThan(0);
    await setFilters({});
    await openAll();
    const text = await visibleText('#cases');
    for (const h of HOSTILE_MARKUP) expect(text).toContain(h);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('#cases img, #cases script').count()).toBe(0);
    await expect(visibleText('h1')).resolves.toBe('arithmetic <hostile> & co');
    expect(problems).toEqual([]);
  });

  it('draws cascades as distinct labelled points with the oracle bound, and shows the calculator', async () => {
    const cascade = page.locator('#chart g.xpoint.cascade');
    expect(await cascade.count()).toBe(1);
    expect(await cascade.getAttribute('data-candidate')).toBe('mid>large');
    await expect(cascade.locator('text.label').textContent()).resolves.toBe('mid>large');
    const fill = (sel: string) => page.$eval(sel, (e) => getComputedStyle(e).fill);
    const cascadeFill = await fill('#chart g.xpoint.cascade .dot');
    expect(cascadeFill).not.toBe(await fill('g.point[data-candidate="sim-large/terse"] .dot'));
    expect(cascadeFill).not.toBe(await fill('g.point[data-pick="true"] .dot'));
    expect(await page.locator('#chart g.xpoint.oracle').count()).toBe(1);
    await expect(visibleText('.legend')).resolves.toMatch(
      /cascade \(simulated\)[\s\S]*oracle router \(bound\)/,
    );
    await page.hover('#chart g.xpoint.cascade .dot');
    await expect(visibleText('#tooltip')).resolves.toContain('cascade sim-mid/terse → sim-large/terse');
    await page.mouse.move(0, 0);
    expect(await page.locator('#cascade-table tbody tr').count()).toBe(2);
    expect(await page.locator('#calculator-table tbody tr').count()).toBe(run.summary.candidates.length);
    await expect(visibleText('#calculator')).resolves.toContain('year one = monthly total × 12 × growth');
    expect(problems).toEqual([]);
  });

  it('saves a full-page screenshot', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await setFilters({ search: 'pwned' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: new URL('report.png', ARTIFACTS).pathname, fullPage: true });
  });
});
