import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.ts';

// fake keys in the shape of real ones, built at run time so none is committed as a literal
const KEY = ['sk', 'PLANTED', 'FAKE', '0123456789abcdef'].join('-');
const ANT_KEY = ['sk', 'ant', 'PLANTED', 'FAKE', '9876543210zyxw'].join('-');

/** Every file under a folder, recursively. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

let sim: SimServer;
let echo: ScriptedServer;
let dir: string;
const outputs: string[] = [];

beforeAll(async () => {
  // the server echoes nothing secret itself, but rejects a wrong key with a message that quotes it
  // a hostile server that quotes the key it was sent back in its error message
  echo = await startScriptedServer((_i, req) => ({
    status: 401,
    body: {
      type: 'error',
      error: {
        type: 'authentication_error',
        message: `invalid x-api-key: ${String(req.headers['x-api-key'])}`,
      },
    },
  }));
  sim = await startSimServer({
    latencyMs: 0,
    apiKey: KEY,
    faults: { rate: 0.2, seed: 3, kinds: ['429-retry-after-ms', '500', 'malformed'] },
  });
  const model = (id: string, env: string, provider = 'openai', url = sim.openaiBaseURL) =>
    `  - { id: ${id}, provider: ${provider}, model: sim-mid, baseURL: "${url}", apiKeyEnv: ${env}, price: { input: 1, output: 2 } }`;
  dir = await tempProject({
    'datasets/q.jsonl': arithmeticRows(12),
    'suites/ok.yaml': `dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\nmodels:\n${model('good', 'PLANTED_KEY')}\nscorers: [{ type: numeric }]\nmaxAttempts: 6\n`,
    'suites/bad.yaml': `dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\nmodels:\n${model('wrong', 'ANT_PLANTED', 'anthropic', echo.url)}\nscorers: [{ type: numeric }]\n`,
    'suites/broken.yaml': `dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{nope}}" }]\nmodels:\n${model('good', 'PLANTED_KEY')}\nscorers: [{ type: numeric }]\n`,
  });
});
afterAll(async () => {
  await sim.close();
  await echo.close();
});

describe('a planted key never reaches disk or output', () => {
  const env = () => ({
    PLANTED_KEY: KEY,
    ANT_PLANTED: ANT_KEY,
    OPENAI_API_KEY: KEY,
    ANTHROPIC_API_KEY: ANT_KEY,
  });
  const run = async (argv: string[]) => {
    const r = await cli(argv, { cwd: dir, env: env() });
    outputs.push(r.out, r.err);
    return r;
  };

  it('runs every command, on success and on failure', async () => {
    expect((await run(['run', 'ok', '--quiet', '--cache-dir', '.tollgate/cache'])).code).toBe(0);
    expect((await run(['run', 'ok', '--quiet', '--update-baseline'])).code).toBe(0);
    expect((await run(['run', 'ok', '--quiet', '--gate', '--replay'])).code).toBe(0);
    expect((await run(['run', 'bad', '--quiet', '--debug'])).code).toBe(3); // 401 from the server
    expect((await run(['run', 'broken', '--debug'])).code).toBe(2);
    expect((await run(['run', 'ok', '--budget', 'x'])).code).toBe(2);
    const runs = (await readdir(join(dir, 'results', 'ok'))).filter((d) => !d.endsWith('.json'));
    const a = join('results', 'ok', runs[0]!);
    const b = join('results', 'ok', runs[1]!);
    expect((await run(['report', a])).code).toBe(0);
    expect((await run(['gate', a])).code).toBeLessThanOrEqual(1);
    expect((await run(['compare', a, b])).code).toBe(0);
    expect((await run(['prices'])).code).toBe(0);
    for (const extra of [
      ['estimate', 'ok'],
      ['reprice', a, '--prices', 'nope.json'],
      ['merge', a, b],
    ]) {
      await run(extra); // success or a clean failure; either way nothing may leak
    }
  });

  it('no file written anywhere holds the key', async () => {
    const files = await walk(dir);
    expect(files.some((f) => f.includes('.tollgate'))).toBe(true);
    expect(files.some((f) => f.endsWith('records.jsonl'))).toBe(true);
    for (const f of files) {
      if ((await stat(f)).size > 50_000_000) continue;
      const text = await readFile(f, 'latin1');
      expect(text.includes(KEY), f).toBe(false);
      expect(text.includes(ANT_KEY), f).toBe(false);
      expect(text.includes('PLANTED-FAKE-0123'), f).toBe(false);
    }
  });

  it('no stdout or stderr holds the key', () => {
    const all = outputs.join('\n');
    expect(all.length).toBeGreaterThan(100);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(ANT_KEY);
    expect(all).toContain('ANT_PLANTED'); // the 401 names the variable, not its value
    expect(echo.requests.length).toBeGreaterThan(0);
  });
});
