import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_TEXT as HOSTILE } from '../helpers/hostile.ts';
import { cli, tempProject } from '../helpers/project.ts';
import { readRecords } from '../helpers/run-files.ts';
import { openaiBody, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.ts';

let server: ScriptedServer;
let dir: string;
let run: { code: number; out: string; err: string };
let runDir: string;

beforeAll(async () => {
  // every request gets the hostile output for its case (the case id is in the prompt)
  server = await startScriptedServer((_i, req) => {
    const n = Number(/case#(\d+)/.exec(req.body)?.[1] ?? 0);
    return { body: openaiBody(HOSTILE[n % HOSTILE.length]!, { prompt_tokens: 20, completion_tokens: 5 }) };
  });
  const rows = HOSTILE.map((h, i) =>
    JSON.stringify({ id: `c${i}<b>`, question: `case#${i} ${h.slice(0, 2000)}`, expected: h.slice(0, 100) }),
  );
  dir = await tempProject({
    'datasets/h.jsonl': `${rows.join('\n')}\n`,
    'suites/h.yaml': `dataset: ../datasets/h.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\nmodels:\n  - { id: "m", provider: openai, model: x, baseURL: "${server.url}/v1", apiKeyEnv: K, price: { input: 1, output: 1 } }\nscorers: [{ type: includes }]\n`,
  });
  run = await cli(['run', 'h', '--quiet', '--no-cache'], { cwd: dir, env: { K: 'key-123456' } });
  const runs = await readdir(join(dir, 'results', 'h'));
  runDir = join(dir, 'results', 'h', runs[0]!);
});
afterAll(async () => {
  await server.close();
});

describe('hostile model outputs and dataset values', () => {
  it('the run finishes and records every output exactly', async () => {
    expect(run.code).toBe(0);
    const records = await readRecords(runDir);
    expect(records).toHaveLength(HOSTILE.length);
    for (const r of records) expect(HOSTILE).toContain(r.output);
  });

  it('the terminal table escapes control characters', () => {
    expect(run.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });

  it('cases.csv round-trips through csv-parse', async () => {
    const rows = parse(await readFile(join(runDir, 'cases.csv'), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(HOSTILE.length);
    const outputs = rows.map((r) => r.output);
    for (const h of HOSTILE) expect(outputs).toContain(h);
  });

  it('report.html escapes everything and stays within its CSP', async () => {
    const html = await readFile(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x onerror');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toContain('\u0000');
  });

  it('summary.md and summary.json are valid', async () => {
    JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8'));
    const md = await readFile(join(runDir, 'summary.md'), 'utf8');
    expect(md).not.toContain('<script>');
  });
});
