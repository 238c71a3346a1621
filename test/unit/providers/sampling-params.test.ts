import { describe, expect, it } from 'vitest';
import { priceData } from '../../../src/pricing/price-table.ts';
import { anthropicRequestBody } from '../../../src/providers/anthropic.ts';
import { chatCompletionsBody } from '../../../src/providers/openai.ts';
import { responsesBody } from '../../../src/providers/openai-responses.ts';
import { isReasoningModel } from '../../../src/providers/reasoning-models.ts';
import { fitThinking, type ParamsTarget, resolveParams } from '../../../src/providers/sampling-params.ts';

const openai = (model: string, api: 'chat' | 'responses' = 'chat'): ParamsTarget => ({
  provider: 'openai',
  model,
  api,
});
const claude: ParamsTarget = { provider: 'anthropic', model: 'claude-sonnet-4-5', api: 'chat' };
const messages = [
  { role: 'system' as const, content: 'Be terse.' },
  { role: 'user' as const, content: 'What is 2 + 2?' },
];

describe('which models take no sampling params', () => {
  it('the o-series and gpt-5 (not its -chat models), with or without a vendor prefix', () => {
    for (const m of [
      'o1',
      'o3-mini',
      'o4-mini',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'gpt-5.1',
      'openai/o4-mini',
    ])
      expect(isReasoningModel('openai', m), m).toBe(true);
    for (const m of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest', 'llama3.1', 'omni-moderation-latest'])
      expect(isReasoningModel('openai', m), m).toBe(false);
    expect(isReasoningModel('anthropic', 'o4-mini')).toBe(false);
  });

  it('the price data marks models with a reasoning-token price (Perplexity deep research)', () => {
    expect(isReasoningModel('openai', 'sonar-deep-research', 'https://api.perplexity.ai')).toBe(true);
  });

  it("names every OpenAI model the price data prices reasoning for, so OpenAI's own never load it", () => {
    const reasoningPriced = (providerId: string) =>
      (priceData().findProvider({ providerId })?.models ?? [])
        .filter((m) =>
          (Array.isArray(m.prices) ? m.prices.map((p) => p.prices) : [m.prices]).some(
            (p) => (p as Record<string, unknown>).output_reasoning_mtok !== undefined,
          ),
        )
        .map((m) => m.id);
    // the search finds a reasoning price where there is one
    expect(reasoningPriced('perplexity')).toContain('sonar-deep-research');
    expect(reasoningPriced('openai').filter((id) => !isReasoningModel('openai', id))).toEqual([]);
    // a server on this machine is in no price data: named by the rule or not at all
    expect(isReasoningModel('openai', 'sonar-deep-research', 'http://127.0.0.1:8000/v1')).toBe(false);
  });
});

describe('resolveParams', () => {
  it('a suite-level temperature is left out for a reasoning model, silently; no default is sent', () => {
    const r = resolveParams(openai('o4-mini'), { temperature: 0, topP: 0.9 }, {});
    expect(r.params).toEqual({ maxTokens: 512 });
    expect(r.warnings).toEqual([]);
    expect(chatCompletionsBody({ model: 'o4-mini', messages, params: r.params })).toEqual({
      model: 'o4-mini',
      messages,
      max_completion_tokens: 512,
    });
  });

  it('a temperature the reasoning model sets itself is sent, with a warning', () => {
    const r = resolveParams(openai('gpt-5-mini'), {}, { temperature: 1 });
    expect(r.params.temperature).toBe(1);
    expect(r.warnings[0]).toContain('gpt-5-mini is a reasoning model, which may refuse `temperature`');
    expect(r.errors).toEqual([]);
  });

  it('other models keep the default temperature 0 and the suite params', () => {
    const r = resolveParams(openai('gpt-4o-mini'), { topP: 0.9, maxTokens: 64 }, {});
    expect(r.params).toEqual({ temperature: 0, topP: 0.9, maxTokens: 64 });
  });

  it('thinking: no temperature; the cap is budget + 512 when unset, raised with a warning when too small', () => {
    const unset = resolveParams(claude, { temperature: 0 }, { thinking: { budgetTokens: 2048 } });
    expect(unset.params).toEqual({ thinking: { budgetTokens: 2048 }, maxTokens: 2560 });
    expect(unset.warnings).toEqual([]);
    expect(anthropicRequestBody({ model: 'c', messages, params: unset.params })).toEqual({
      model: 'c',
      max_tokens: 2560,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
      system: 'Be terse.',
    });
    const small = resolveParams(claude, { maxTokens: 1000 }, { thinking: { budgetTokens: 1024 } });
    expect(small.params.maxTokens).toBe(2024);
    expect(small.warnings[0]).toContain('max_tokens is raised to 2024 (budget + maxTokens)');
    const roomy = resolveParams(claude, { maxTokens: 4096 }, { thinking: { budgetTokens: 1024 } });
    expect(roomy.params.maxTokens).toBe(4096);
  });

  it('thinking with the model’s own temperature other than 1, or topP under 0.95, is a load error', () => {
    const r = resolveParams(claude, {}, { thinking: { budgetTokens: 1024 }, temperature: 0.2, topP: 0.5 });
    expect(r.errors.map((e) => e.field)).toEqual(['temperature', 'topP']);
    expect(r.errors[0]!.fix).toContain('remove `temperature`');
    expect(resolveParams(claude, {}, { thinking: { budgetTokens: 1024 }, temperature: 1 }).errors).toEqual(
      [],
    );
  });

  it('a param the API does not take: an error when the model sets it, left out with a warning when inherited', () => {
    const own = resolveParams(claude, {}, { reasoningEffort: 'high' });
    expect(own.errors[0]).toMatchObject({ field: 'reasoningEffort' });
    const inherited = resolveParams(claude, { reasoningEffort: 'high', verbosity: 'low' }, {});
    expect(inherited.errors).toEqual([]);
    expect(inherited.params.reasoningEffort).toBeUndefined();
    expect(inherited.warnings).toHaveLength(2);
    expect(
      resolveParams(openai('gpt-4o'), {}, { thinking: { budgetTokens: 2000 } }).errors[0]!.fix,
    ).toContain('reasoningEffort');
    expect(resolveParams(openai('gpt-4o', 'responses'), {}, { stop: ['x'] }).errors[0]!.field).toBe('stop');
  });

  it('extra merges key by key between suite and model, and goes into the body last', () => {
    const r = resolveParams(
      openai('gpt-4o'),
      { extra: { seed: 1, service_tier: 'flex' } },
      { extra: { seed: 7 } },
    );
    expect(r.params.extra).toEqual({ seed: 7, service_tier: 'flex' });
    expect(chatCompletionsBody({ model: 'gpt-4o', messages, params: r.params })).toMatchObject({
      seed: 7,
      service_tier: 'flex',
      temperature: 0,
    });
    const both = resolveParams(
      openai('gpt-4o'),
      {},
      {
        responseFormat: { jsonSchema: { type: 'object' } },
        extra: { response_format: { type: 'json_object' } },
      },
    );
    expect(both.errors[0]!.field).toBe('responseFormat');
  });

  it('a task call’s own maxTokens still leaves room above the thinking budget', () => {
    expect(fitThinking({ maxTokens: 500, thinking: { budgetTokens: 1024 } }).maxTokens).toBe(1524);
    expect(fitThinking({ maxTokens: 500 }).maxTokens).toBe(500);
  });
});

describe('request bodies', () => {
  const params = {
    maxTokens: 100,
    reasoningEffort: 'high' as const,
    verbosity: 'low' as const,
    responseFormat: { jsonSchema: { type: 'object' }, name: 'answer', strict: true },
    extra: { seed: 3, reasoning: { summary: 'auto' } },
  };
  it('Chat Completions: reasoning_effort, verbosity, response_format json_schema', () => {
    expect(chatCompletionsBody({ model: 'o3', messages, params })).toEqual({
      model: 'o3',
      messages,
      max_completion_tokens: 100,
      reasoning_effort: 'high',
      verbosity: 'low',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      seed: 3,
      reasoning: { summary: 'auto' },
    });
  });
  it('Responses API: input, max_output_tokens, reasoning.effort, text.verbosity and text.format; extra merges into reasoning', () => {
    expect(responsesBody({ model: 'o3', messages, params })).toEqual({
      model: 'o3',
      input: messages,
      max_output_tokens: 100,
      store: false,
      reasoning: { effort: 'high', summary: 'auto' },
      text: {
        verbosity: 'low',
        format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      },
      seed: 3,
    });
  });
});
