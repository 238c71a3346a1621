/**
 * `npm run build` (and `prepare`, so `npm ci` runs it):
 * 1. compiles src/ to dist/ with tsconfig.build.json (ESM JavaScript, .d.ts, source maps with their
 *    sources inlined), and copies the files src/ reads at run time that are not TypeScript (the
 *    report's stylesheets and script) beside the compiled modules, so `dist/` works on its own;
 * 2. bundles that JavaScript into `dist/bundle/`: `cli.js` (what `bin/tollgate.js` runs) and
 *    `index.js` (the package's API), sharing their chunks, so the CLI and a suite that imports
 *    `tollgate` use the same modules. Node loads a module file for ~1 ms, and a run touches ~300 of
 *    them; the bundle is a dozen. Each command's module is still its own chunk, loaded when the
 *    command line names it, and so is each SDK (OpenAI's loads in ~30 ms bundled, ~110 ms from its
 *    300 files). CommonJS packages loaded only when needed (the price data, the tokenizer, jiti,
 *    Handlebars, ajv) and the clouds' optional SDKs stay outside and load from node_modules.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

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

/**
 * zod's `locales` namespace (every language's error messages, half of zod's code in the bundle)
 * as English only: tollgate never switches zod's language (its own messages are English, and zod
 * registers English itself), so the other 40 only cost start-up time and memory.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-english-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
    }));
  },
};

const bundle = join(dist, 'bundle');
await build({
  entryPoints: { cli: join(dist, 'cli', 'main.js'), index: join(dist, 'index.js') },
  outdir: bundle,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [
    // the clouds' SDKs are optional peers, and import @anthropic-ai/sdk themselves
    '@anthropic-ai/bedrock-sdk',
    '@anthropic-ai/vertex-sdk',
    '@pydantic/genai-prices',
    'gpt-tokenizer',
    'jiti',
    'handlebars',
    'ajv',
    'ajv-formats',
    'cli-progress',
    'picocolors',
  ],
  // commander is CommonJS: its require() of node's own modules needs a require in an ES module
  banner: {
    js: "import { createRequire as __tollgateRequire } from 'node:module'; const require = __tollgateRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
// the report reads its stylesheets and script beside its module, which is now a chunk here
cpSync(join(dist, 'report', 'html', 'css'), join(bundle, 'html', 'css'), { recursive: true });
cpSync(join(dist, 'report', 'html', 'report.js'), join(bundle, 'html', 'report.js'));
console.log(`built dist/ (copied ${copied} assets beside it) and bundled the CLI and API into dist/bundle/`);
