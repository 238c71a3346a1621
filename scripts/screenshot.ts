// Saves a full-page screenshot of a report: npx tsx scripts/screenshot.ts RUN_DIR/report.html OUT.png
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/chromium.ts';

const [html, out = 'docs/report.png', width = '1280', height = '1500'] = process.argv.slice(2);
if (!html) throw new Error('usage: tsx scripts/screenshot.ts REPORT.html [OUT.png] [WIDTH]');
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
const errors: string[] = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
await page.goto(pathToFileURL(resolve(html)).href);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
console.log(`wrote ${out}${errors.length ? `; console errors: ${errors.join(' | ')}` : ''}`);
