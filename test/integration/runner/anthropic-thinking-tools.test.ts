/**
 * Anthropic extended thinking in a tool loop, over loopback: a scripted Messages server answers
 * suites/agent.ts's task with thinking (signed and redacted) plus tool_use, and the next request
 * must carry those blocks back unchanged, first in the assistant turn that holds the tool_use, as
 * the real API requires. The sample's cost is the sum of its calls'.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/config/load-suite.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import { defaultRunDeps, runSuite } from '../../../src/runner/run-suite.ts';
import { tempProject } from '../../helpers/project.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const usage = {
  input_tokens: 120,
  output_tokens: 60,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};
const THINK_1 = {
  type: 'thinking',
  thinking: 'First the product: 23 * 6.',
  signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h',
};
const REDACTED = { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' };
const THINK_2 = {
  type: 'thinking',
  thinking: 'Now add the loose pens.',
  signature: 'ErUBCkYIARgCIkDx7u2Lq0pZ',
};

function toolUse(id: string, expression: string) {
  return { type: 'tool_use', id, name: 'calculator', input: { expression } };
}
function message(content: unknown[], stop: string) {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage,
  };
}

describe('extended thinking with tool use on Anthropic', () => {
  let server: ScriptedServer;
  const records: SampleRecord[] = [];

  beforeAll(async () => {
    server = await startScriptedServer([
      { body: message([THINK_1, REDACTED, toolUse('toolu_1', '23 * 6')], 'tool_use') },
      {
        body: message(
          [THINK_2, { type: 'text', text: 'Adding.' }, toolUse('toolu_2', '138 + 8')],
          'tool_use',
        ),
      },
      { body: message([{ type: 'text', text: 'The answer is 146.' }], 'end_turn') },
    ]);
    const dir = await tempProject({
      'datasets/one.jsonl': '{"id": "agent-001", "question": "Compute (23 * 6) + 8.", "expected": "146"}\n',
      'suites/agent-thinking.ts': `import agent from ${JSON.stringify(join(ROOT, 'suites/agent.ts'))};
export default {
  ...agent,
  name: 'agent-thinking',
  dataset: '../datasets/one.jsonl',
  models: [{ id: 'claude-thinking', provider: 'anthropic', model: 'claude-sonnet-4-6', params: { maxTokens: 2048, thinking: { budgetTokens: 1024 } } }],
  limits: { maxCalls: 8 },
  budgetUsd: undefined,
  earlyStop: false,
};
`,
    });
    const suite = await loadSuite('agent-thinking', dir);
    await runSuite(
      suite,
      { cacheMode: 'off', cacheDir: '', runId: 'agent-thinking', budgetUsd: null },
      {
        ...defaultRunDeps,
        env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: server.url },
        signal: new AbortController().signal,
        onRecord: (r) => records.push(r),
      },
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends the thinking blocks back unchanged, first in the turn with the tool_use', () => {
    expect(records).toHaveLength(1);
    expect(records[0]!.error).toBeNull();
    expect(records[0]!.output).toBe('146');
    expect(server.requests).toHaveLength(3);
    const sent = server.requests.map((r) => JSON.parse(r.body));
    expect(sent[0].thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(sent[1].messages[1]).toEqual({
      role: 'assistant',
      content: [THINK_1, REDACTED, toolUse('toolu_1', '23 * 6')],
    });
    expect(sent[2].messages[1]).toEqual(sent[1].messages[1]);
    expect(sent[2].messages[3]).toEqual({
      role: 'assistant',
      content: [THINK_2, { type: 'text', text: 'Adding.' }, toolUse('toolu_2', '138 + 8')],
    });
    expect(sent[2].messages[4]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: '146' }],
    });
  });

  it('charges the sample exactly the sum of its calls', () => {
    const r = records[0]!;
    expect(r.calls).toBe(3);
    expect(r.attemptLog).toHaveLength(3);
    expect(r.costUsd).toBe(r.attemptLog.reduce((s, a) => s + a.costUsd!, 0));
    expect(r.costUsd).toBeGreaterThan(0);
  });
});
