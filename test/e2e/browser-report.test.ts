/**
 * Opens report.html from file:// in a real Chromium and checks what a reviewer sees: the chart,
 * the sortable table, the explorer's filters, and that hostile outputs stay text.
 * Needs Debian's chromium at /usr/bin/chromium; without it the suite is skipped with a message.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/write-reports.ts';
import { CHROMIUM, launchChromium } from '../helpers/chromium.ts';
import { writeRunFolder } from '../helpers/fixture-run.ts';
import { HOSTILE_MARKUP } from '../helpers/hostile.ts';
import { hostileRun } from '../helpers/hostile-run.ts';

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
    await page.waitForSelector('#cases article');
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text under test
  const visibleText = (selector: string) => page.locator(selector).innerText();
  const shownCaseIds = () =>
    page.$$eval('#cases article', (els) => els.map((e) => (e as HTMLElement).dataset.caseId));
  const setFilters = async (opts: { failures?: boolean; disagreements?: boolean; search?: string }) => {
    await page.setChecked('#only-failures', opts.failures ?? false);
    await page.setChecked('#only-disagreements', opts.disagreements ?? false);
    await page.fill('#search', opts.search ?? '');
    await page.waitForTimeout(250); // the search box is debounced
  };

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

  it('pages through the cases', async () => {
    expect(await shownCaseIds()).toHaveLength(50);
    await expect(visibleText('#page-info')).resolves.toBe('1–50 of 120 cases · page 1 of 3');
    await page.click('#next');
    expect((await shownCaseIds())[0]).toBe('case-051');
    await page.click('#prev');
    expect((await shownCaseIds())[0]).toBe('case-001');
  });

  it('filters to failures, to disagreements, and by text', async () => {
    const failing = run.records.filter((r) => r.status !== 'passed').map((r) => r.caseId);
    await setFilters({ failures: true });
    const failures = await shownCaseIds();
    expect(failures.length).toBeGreaterThan(0);
    expect(failures).toEqual([...new Set(failing)].sort().slice(0, 50));

    await setFilters({ disagreements: true });
    const disagreements = await shownCaseIds();
    expect(disagreements.length).toBeGreaterThan(0);
    for (const id of disagreements) {
      const statuses = await page.$$eval(
        `article[data-case-id="${id}"] .out[data-status]:not(.notrun)`,
        (els) => els.map((e) => (e as HTMLElement).dataset.status === 'passed'),
      );
      expect(new Set(statuses).size).toBe(2);
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
