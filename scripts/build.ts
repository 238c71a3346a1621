/**
 * `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/ to dist/ with
 * tsconfig.build.json (ESM JavaScript, .d.ts, source maps with their sources inlined), then copies
 * the files src/ reads at run time that are not TypeScript (the report's stylesheets and script)
 * beside the compiled modules, so `dist/` works on its own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

/** What is not copied: sources tsc compiles, and the templates (they ship precompiled). */
const NOT_ASSETS = new Set(['.ts', '.hbs']);

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || NOT_ASSETS.has(extname(entry.name))) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(dist, relative(src, from)));
  copied++;
}
console.log(`built dist/ and copied ${copied} assets beside it`);
