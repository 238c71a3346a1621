import { describe, expect, it } from 'vitest';
import { ProviderError, type SampleError } from '../../../src/errors.ts';
import { pathHint, repeatingFailure } from '../../../src/providers/repeating-error.ts';

const refused: SampleError = {
  kind: 'connection',
  message: 'connection error: connect ECONNREFUSED 127.0.0.1:9 (POST http://127.0.0.1:9/v1/chat/completions)',
  status: null,
  deterministic: true,
};

describe('repeatingFailure: stop a model whose first 3 finished samples failed the same deterministic way', () => {
  it('stops on three identical deterministic errors', () => {
    expect(repeatingFailure([refused, refused, refused])).toEqual(refused);
  });

  it('waits for three', () => {
    expect(repeatingFailure([refused, refused])).toBeNull();
  });

  it('keeps going when one of the first three passed or failed on its merits', () => {
    expect(repeatingFailure([refused, null, refused])).toBeNull();
    expect(repeatingFailure([null, refused, refused, refused])).toBeNull();
  });

  it('keeps going for errors that may go away, or that differ', () => {
    const flaky = { ...refused, deterministic: undefined };
    expect(repeatingFailure([flaky, flaky, flaky])).toBeNull();
    expect(repeatingFailure([refused, refused, { ...refused, message: 'other' }])).toBeNull();
    expect(repeatingFailure([refused, refused, { ...refused, kind: 'bad_request' }])).toBeNull();
  });

  it('the flag lives on the classified error', () => {
    expect(new ProviderError('connection', 'x', null).deterministic).toBe(false);
    expect(new ProviderError('connection', 'x', null, null, null, true).deterministic).toBe(true);
  });
});

describe('pathHint', () => {
  it('asks about /v1 for an OpenAI-style baseURL without it that answered 404', () => {
    const t = { url: 'http://localhost:8080/chat/completions', api: 'openai' as const };
    expect(pathHint(t, 404)).toBe('`/v1` missing from baseURL?');
    expect(pathHint(t, 400)).toBeNull();
    expect(pathHint({ ...t, url: 'http://localhost:8080/v1/chat/completions' }, 404)).toBeNull();
  });

  it('asks about a doubled /v1 for Anthropic', () => {
    const t = { url: 'http://localhost:8080/v1/v1/messages', api: 'anthropic' as const };
    expect(pathHint(t, 404)).toMatch(/drop `\/v1`/);
  });
});
