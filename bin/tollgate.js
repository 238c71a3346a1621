#!/usr/bin/env node
// The CLI, compiled to dist/ by `npm run build` (`npm ci` runs it through `prepare`).
let cli;
try {
  cli = await import('../dist/bundle/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/bundle/cli.js')) throw err;
  process.stderr.write('tollgate: dist/ is not built. Fix: run `npm run build` (npm ci runs it too).\n');
  process.exit(2);
}
await cli.main();
