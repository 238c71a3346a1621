import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // tollgate keeps no module-level state (the redactor, tokenizer, clock and sleep are per-run
    // values), so test files may share a worker's loaded modules: on this 2-core machine that
    // halves the suite's CPU, most of which was each file loading the SDKs again
    pool: 'threads',
    isolate: false,
    maxWorkers: 2,
  },
});
