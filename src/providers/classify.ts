import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { type ErrorKind, ProviderError, type SampleError } from '../errors.ts';
import { parseRetryAfter } from '../retry/retry-after.ts';
import { type Redact, redactPatterns } from './redact.ts';
import { explainRepeating, type RequestTarget } from './repeating-error.ts';

export type { RequestTarget } from './repeating-error.ts';

type AnyApiError = InstanceType<typeof OpenAI.APIError> | InstanceType<typeof Anthropic.APIError>;

/**
 * Classifies whatever an SDK call threw, using the SDKs' error classes rather than message text.
 * `apiKeyEnv` names the key variable in auth errors; `redact` takes the run's keys out of messages.
 * With a `target`, an error that will repeat identically (src/providers/repeating-error.ts) is
 * marked `deterministic`, and it and a 404 name the URL tried and what looks wrong with it.
 */
export function classifyError(
  err: unknown,
  apiKeyEnv: string | null,
  redact: Redact = redactPatterns,
  now = Date.now(),
  target?: RequestTarget,
): ProviderError {
  const pe = classifyOnly(err, apiKeyEnv, redact, now);
  return target ? explainRepeating(pe, err, target, redact) : pe;
}

function classifyOnly(err: unknown, apiKeyEnv: string | null, redact: Redact, now: number): ProviderError {
  if (err instanceof ProviderError) return err;
  if (isSdk(err, 'APIConnectionTimeoutError'))
    return new ProviderError('timeout', 'the request timed out', null);
  if (isSdk(err, 'APIUserAbortError')) return new ProviderError('connection', 'aborted', null);
  if (isSdk(err, 'APIConnectionError')) {
    const cause = (err as Error & { cause?: Error }).cause;
    return new ProviderError(
      'connection',
      `connection error${cause?.message ? `: ${redact(cause.message)}` : ''}`,
      null,
    );
  }
  if (isSdk(err, 'APIError')) {
    const e = err as AnyApiError;
    const status = e.status ?? null;
    const retryAfterMs = parseRetryAfter(e.headers as Headers | undefined, now);
    const message = redact(firstLine(e.message));
    return new ProviderError(
      kindForStatus(status),
      messageFor(status, message, apiKeyEnv),
      status,
      retryAfterMs,
    );
  }
  if (err instanceof SyntaxError)
    return new ProviderError('malformed', `malformed response body: ${firstLine(err.message)}`, null);
  const e = err as Error;
  // undici reports a body cut off mid-stream as a TypeError ("terminated")
  if (e && (e.name === 'TypeError' || (e as NodeJS.ErrnoException).code)) {
    return new ProviderError('connection', `connection error: ${redact(firstLine(e.message))}`, null);
  }
  return new ProviderError('malformed', redact(firstLine(String(e?.message ?? err))), null);
}

/** Wraps SDK calls so whatever they throw comes out classified (for clients used outside `chat`). */
export function classifyingCalls(
  apiKeyEnv: string | null,
  redact: Redact = redactPatterns,
): <T>(fn: () => Promise<T>) => Promise<T> {
  return async (fn) => {
    try {
      return await fn();
    } catch (err) {
      throw classifyError(err, apiKeyEnv, redact);
    }
  };
}

function isSdk(
  err: unknown,
  cls: 'APIConnectionTimeoutError' | 'APIUserAbortError' | 'APIConnectionError' | 'APIError',
): boolean {
  // by class name along the prototype chain, as `instanceof` would: both SDKs name their error
  // classes alike, and matching by name needs neither SDK imported (they load on the first request)
  for (let p = err instanceof Error ? Object.getPrototypeOf(err) : null; p; p = Object.getPrototypeOf(p)) {
    if (p === Error.prototype) return false;
    if (Object.hasOwn(p, 'constructor') && p.constructor.name === cls) return true;
  }
  return false;
}

/**
 * The error says this model cannot be used at all, so every further request would fail the same
 * way: a rejected key (401/403), or no such model or endpoint (404). The run stops the model's
 * candidates (exit 3) instead of sending the rest of their samples.
 */
export function stopsTheModel(error: Pick<SampleError, 'kind' | 'status'>): boolean {
  return error.kind === 'auth' || error.status === 404;
}

export function kindForStatus(status: number | null): ErrorKind {
  if (status === null) return 'connection';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 403) return 'auth';
  if (status === 409 || status >= 500) return 'server';
  return 'bad_request';
}

function messageFor(status: number | null, message: string, apiKeyEnv: string | null): string {
  if ((status === 401 || status === 403) && apiKeyEnv) {
    return `${status === 401 ? 'authentication failed' : 'permission denied'} (HTTP ${status}): check the API key in $${apiKeyEnv}. ${message}`;
  }
  return message;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
