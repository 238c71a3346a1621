/**
 * Renders report.html: one self-contained file that opens offline. Handlebars escapes every
 * value from the run; the page's own CSS and script are inlined, and a Content-Security-Policy
 * allows only that script (by its sha256 hash), inline styles and data: images.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type HandlebarsNamespace from 'handlebars';
import type { Summary } from '../log/summary-file.ts';
import type { ExplorerData } from './explorer-data.ts';
import { TEMPLATE_NAMES, type TemplateName } from './html/template-names.ts';
import { TEMPLATES } from './html/templates.generated.ts';
import { jsonForScript } from './json-script.ts';
import { buildReportView, type ReportView } from './report-view.ts';

interface Assets {
  render: (context: ReportView & { css: string; script: string; csp: string }) => string;
  css: string;
  script: string;
  csp: string;
}

/** The stylesheet, one file per part of the page, in cascade order. */
const CSS_FILES = [
  'base.css',
  'layout.css',
  'chart.css',
  'table.css',
  'explorer.css',
  'breakdowns.css',
  'responsive.css',
];

let assets: Assets | null = null;

/** Renders the whole HTML report for a run. Pure apart from reading the bundled templates. */
export function renderHtmlReport(summary: Summary, explorer: ExplorerData): string {
  const a = loadAssets();
  return a.render({ ...buildReportView(summary, explorer), css: a.css, script: a.script, csp: a.csp });
}

/** The report's Content-Security-Policy for an inline script with the given text. */
export function contentSecurityPolicy(script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${hash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Loads Handlebars' runtime and reads the templates, stylesheets and script, once a process. */
export function prepareHtmlReport(): void {
  loadAssets();
}

function loadAssets(): Assets {
  if (assets) return assets;
  const read = (name: string) => readFileSync(new URL(`./html/${name}`, import.meta.url), 'utf8');
  // the templates ship precompiled, so Handlebars' runtime is enough: its compiler never loads
  const runtime = createRequire(import.meta.url)('handlebars/runtime') as typeof HandlebarsNamespace;
  const hbs = runtime.create();
  hbs.registerHelper('add', (a: number, b: number) => Math.round((a + b) * 10) / 10);
  hbs.registerHelper('subtract', (a: number, b: number) => Math.round((a - b) * 10) / 10);
  hbs.registerHelper('half', (a: number) => a / 2);
  // the one place run data reaches the page unescaped by Handlebars: it is escaped for a script element instead
  hbs.registerHelper('jsonScript', (value: unknown) => new hbs.SafeString(jsonForScript(value)));
  // precompiled from the .hbs files (src/report/html/precompile.ts): compiling costs ~45 ms a process
  const template = (name: TemplateName) =>
    hbs.template(TEMPLATES[name] as unknown as Parameters<typeof hbs.template>[0]) as Assets['render'];
  for (const name of TEMPLATE_NAMES) if (name !== 'report') hbs.registerPartial(name, template(name));
  const script = read('report.js');
  assets = {
    render: template('report'),
    css: CSS_FILES.map((f) => read(`css/${f}`)).join('\n'),
    script,
    csp: contentSecurityPolicy(script),
  };
  return assets;
}
