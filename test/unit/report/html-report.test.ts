import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../../src/report/write-reports.ts';
import { writeRunFolder } from '../../helpers/fixture-run.ts';
import { HOSTILE_MARKUP } from '../../helpers/hostile.ts';
import { hostileRun } from '../../helpers/hostile-run.ts';

let dir = '';
let html = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-html-'));
  await writeRunFolder(dir, hostileRun());
  await writeReports(dir);
  html = await readFile(join(dir, 'report.html'), 'utf8');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report.html', () => {
  it('carries a strict Content-Security-Policy that allows only its own script', () => {
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    const scripts = [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain("script-src 'unsafe-inline'");
  });

  it('loads nothing from anywhere', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*rel="stylesheet"/i);
    expect(html).not.toMatch(/@import/i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    // the SVG namespace is an identifier, never fetched
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('escapes hostile values everywhere outside the JSON data', () => {
    const markup = html.replace(/<script type="application\/json"[^>]*>.*?<\/script>/s, '');
    expect(markup).not.toContain('window.__pwned');
    expect(markup).not.toContain('<img');
    expect(markup).toContain('arithmetic &lt;hostile&gt; &amp; co');
    expect(markup).toContain('local/q&amp;a&lt;v2&gt;');
    const data = html.match(/<script type="application\/json" id="tollgate-data">(.*?)<\/script>/s)![1]!;
    expect(data).not.toMatch(/[<>]/);
    const parsed = JSON.parse(data);
    const texts = JSON.stringify(parsed);
    for (const h of HOSTILE_MARKUP) expect(texts).toContain(JSON.stringify(h).slice(1, -1));
  });

  it('has one chart point per plottable candidate in each chart, the pick highlighted', () => {
    const compactAt = html.indexOf('id="chart-compact"');
    expect(compactAt).toBeGreaterThan(0);
    const pointsIn = (part: string) => [
      ...part.matchAll(/<g class="point[^"]*" data-candidate="([^"]+)" data-pick="(true|false)"/g),
    ];
    const points = pointsIn(html.slice(0, compactAt));
    expect(pointsIn(html.slice(compactAt)).map((p) => p[1])).toEqual(points.map((p) => p[1]));
    expect(points.map((p) => p[1]).sort()).toEqual(
      ['sim-large/cot', 'sim-large/terse', 'sim-mid/cot', 'sim-mid/terse', 'sim-small/terse'].sort(),
    );
    expect(points.filter((p) => p[2] === 'true').map((p) => p[1])).toEqual(['sim-mid/terse']);
    expect(html).toMatch(/<li data-candidate="local\/q&amp;a&lt;v2&gt;">.*unpriced/);
  });

  it('flags the budget stop and the early-stopped candidate', () => {
    expect(html).toContain('Budget exhausted.');
    expect(html).toContain('80 samples were not run.');
    expect(html).toMatch(/sim-small\/terse<\/span> stopped early: .*saved \$0\.00168/);
  });
});

describe('report templates', () => {
  it('never triple-stash run data: only the page’s own CSS, script and CSP', () => {
    const folder = new URL('../../../src/report/html/', import.meta.url);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.hbs'))) {
      const text = readFileSync(new URL(file, folder), 'utf8');
      const raw = [...text.matchAll(/\{\{\{\s*([^}]+?)\s*\}\}\}/g)].map((m) => m[1]);
      for (const name of raw) expect(['css', 'script', 'csp']).toContain(name);
    }
  });
});
