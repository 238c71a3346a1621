/**
 * Preloaded with `node --import` (after tsx): records every module the process loads, ES modules
 * through a loader hook and CommonJS ones from require's cache, and writes their paths to the file
 * in LOADED_MODULES_FILE at exit, one per line. Lets a test check what a command never loads.
 */
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url.startsWith('file:') ? fileURLToPath(url) : url));
port1.unref();
register(new URL('./loaded-modules-hooks.mjs', import.meta.url), {
  data: { port: port2 },
  transferList: [port2],
});

process.on('exit', () => {
  const cjs = Object.keys(createRequire(import.meta.url).cache);
  writeFileSync(process.env.LOADED_MODULES_FILE, [...seen, ...cjs].join('\n'));
});
