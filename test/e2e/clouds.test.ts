import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupPrice } from '../../src/pricing/price-table.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRun } from '../helpers/run-files.ts';
import {
  anthropicBody,
  openaiBody,
  type ScriptedServer,
  startScriptedServer,
} from '../helpers/scripted-server.ts';

// credentials in the shapes the clouds use, built at run time so none is committed as a literal
const AZURE_KEY = ['azure', 'FAKE', 'key', '0123456789'].join('-');
const GEMINI_KEY = ['AIza', 'FAKE', 'gemini', '0123456789'].join('');
const AWS_ID = ['AKIA', 'FAKE', 'EXAMPLE01'].join('');
const AWS_SECRET = ['fake', 'aws', 'secret', 'abcdefghijklmnop'].join('/');
const VERTEX_TOKEN = ['ya29', 'FAKE', 'vertex', 'token', '0123456789'].join('.');

const IN = 20;
const OUT = 2;

/** Answers "What is A + B?" in the API shape its path asks for, with fixed usage. */
function answer(req: { path: string; body: string }) {
  const m = /What is (\d+) \+ (\d+)\?/.exec(req.body);
  const sum = m ? String(Number(m[1]) + Number(m[2])) : '?';
  if (req.path.includes('/chat/completions'))
    return { body: openaiBody(sum, { prompt_tokens: IN, completion_tokens: OUT, total_tokens: IN + OUT }) };
  return { body: anthropicBody(sum, { input_tokens: IN, output_tokens: OUT }) };
}

let server: ScriptedServer;
let dir: string;

function suite(models: string): string {
  return `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
${models}
params: { maxTokens: 16 }
scorers: [{ type: numeric }]
`;
}

const ENV = {
  AZURE_OPENAI_API_KEY: AZURE_KEY,
  GEMINI_API_KEY: GEMINI_KEY,
  AWS_ACCESS_KEY_ID: AWS_ID,
  AWS_SECRET_ACCESS_KEY: AWS_SECRET,
  VERTEX_TOKEN,
};

beforeAll(async () => {
  server = await startScriptedServer((_i, req) => answer(req));
  const u = server.url;
  dir = await tempProject({
    'datasets/q.jsonl': arithmeticRows(4),
    'suites/clouds.yaml':
      suite(`  - { id: az, provider: azure, model: gpt-4o-mini, deployment: prod-mini, baseURL: "${u}", apiVersion: 2024-10-21 }
  - { id: gem, provider: gemini, model: gemini-2.5-flash, baseURL: "${u}/v1beta/openai/" }
  - { id: br, provider: bedrock, model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: us-east-1, baseURL: "${u}" }
  - { id: vx, provider: vertex, model: "claude-sonnet-4-5@20250929", region: us-east5, projectId: my-proj, baseURL: "${u}/v1", apiKeyEnv: VERTEX_TOKEN }`),
    'suites/no-region.yaml': suite(
      `  - { id: br, provider: bedrock, model: "anthropic.claude-3-5-haiku-20241022-v1:0", baseURL: "${u}" }`,
    ),
    'suites/misplaced.yaml': suite(
      `  - { id: o, provider: openai, model: gpt-4o-mini, deployment: prod-mini, baseURL: "${u}" }`,
    ),
  });
});
afterAll(async () => {
  await server.close();
});

describe('cloud-hosted models through their official SDKs', () => {
  it('Azure, Gemini, Bedrock and Vertex run end to end, each on its own wire shape and credentials', async () => {
    const out = join(dir, 'out');
    const r = await cli(['run', 'clouds', '--no-cache', '--out', out], { cwd: dir, env: ENV });
    expect(r.code, r.err).toBe(0);
    const byPath = (re: RegExp) => server.requests.filter((q) => re.test(q.path));

    const azure = byPath(/^\/openai\/deployments\/prod-mini\/chat\/completions\?api-version=2024-10-21$/);
    expect(azure).toHaveLength(4);
    expect(azure[0]!.headers['api-key']).toBe(AZURE_KEY);
    expect(azure[0]!.headers.authorization).toBeUndefined();

    const gemini = byPath(/^\/v1beta\/openai\/chat\/completions$/);
    expect(gemini).toHaveLength(4);
    expect(gemini[0]!.headers.authorization).toBe(`Bearer ${GEMINI_KEY}`);

    const bedrock = byPath(/^\/model\/us\.anthropic\.claude-sonnet-4-5-20250929-v1(:|%3A)0\/invoke$/);
    expect(bedrock).toHaveLength(4);
    expect(String(bedrock[0]!.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAFAKEEXAMPLE01\//,
    );
    expect(String(bedrock[0]!.headers.authorization)).toContain('/us-east-1/bedrock/aws4_request');
    // Bedrock takes the model from the path and the API version from the body
    expect(JSON.parse(bedrock[0]!.body)).toMatchObject({
      anthropic_version: expect.any(String),
      max_tokens: 16,
    });
    expect(JSON.parse(bedrock[0]!.body).model).toBeUndefined();

    const vertex = byPath(
      /^\/v1\/projects\/my-proj\/locations\/us-east5\/publishers\/anthropic\/models\/claude-sonnet-4-5@20250929:rawPredict$/,
    );
    expect(vertex).toHaveLength(4);
    expect(vertex[0]!.headers.authorization).toBe(`Bearer ${VERTEX_TOKEN}`);
    expect(JSON.parse(vertex[0]!.body)).toMatchObject({
      anthropic_version: expect.any(String),
      max_tokens: 16,
    });
    expect(JSON.parse(vertex[0]!.body).model).toBeUndefined();

    const { summary, records } = await readRun(out);
    const prices = {
      az: lookupPrice('azure', 'gpt-4o-mini'),
      gem: lookupPrice('gemini', 'gemini-2.5-flash'),
      br: lookupPrice('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'),
      vx: lookupPrice('vertex', 'claude-sonnet-4-5@20250929'),
    };
    // the clouds' own list prices: Azure at OpenAI's, Bedrock's regional endpoint 10% over Anthropic's
    expect(prices.az).toMatchObject({ input: 0.15, output: 0.6 });
    expect(prices.gem).toMatchObject({ input: 0.3, output: 2.5 });
    expect(prices.br).toMatchObject({ input: 3.3, output: 16.5 });
    expect(prices.vx).toMatchObject({ input: 3, output: 15 });
    for (const [id, price] of Object.entries(prices)) {
      const c = summary.candidates.find((x) => x.id === `${id}/p`)!;
      expect(c.passed, id).toBe(4);
      expect(c.costUsd, id).toBeCloseTo((4 * (IN * price!.input + OUT * price!.output)) / 1e6, 15);
    }
    expect(new Set(records.map((rec) => rec.candidate)).size).toBe(4);

    // no credential reaches the run folder or the output
    const { readdir, readFile } = await import('node:fs/promises');
    const texts = await Promise.all(
      (await readdir(out)).map((f) => readFile(join(out, f), 'utf8').catch(() => '')),
    );
    for (const secret of [AZURE_KEY, GEMINI_KEY, AWS_SECRET, VERTEX_TOKEN]) {
      for (const t of [...texts, r.out, r.err]) expect(t.includes(secret)).toBe(false);
    }
  });

  it('a Bedrock model with no region is refused before anything is sent, with the fix', async () => {
    const before = server.requests.length;
    const r = await cli(['run', 'no-region', '--no-cache'], { cwd: dir, env: { AWS_ACCESS_KEY_ID: AWS_ID } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('an AWS region for Bedrock');
    expect(r.err).toContain('export AWS_REGION');
    expect(server.requests.length).toBe(before);
  });

  it('a cloud field on another provider is exit 2, naming the field', async () => {
    const r = await cli(['run', 'misplaced', '--no-cache'], { cwd: dir, env: { OPENAI_API_KEY: 'sk-x' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('models.0.deployment');
    expect(r.err).toContain('`deployment` only on provider azure');
  });
});
