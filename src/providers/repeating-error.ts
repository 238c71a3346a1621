import { ProviderError, type SampleError } from '../errors.ts';
import type { Redact } from './redact.ts';

/** Where a request went, for the hint of an error that will repeat: the URL tried and its API. */
export interface RequestTarget {
  /** The full URL posted to, e.g. `http://localhost:8080/v1/chat/completions`. */
  url: string;
  api: 'openai' | 'anthropic';
}

/** How many of a model's first finished samples must fail the same deterministic way to stop it. */
export const REPEATING_SAMPLES = 3;

/** A 400/422 that names the request itself as wrong: it will be rejected again, word for word. */
const REJECTED_REQUEST =
  /unsupported[ _](parameter|value)|invalid[ _]request|not supported|does not support/i;

/** Whether an error, as the SDK threw it, will repeat on every request: nothing listens, or the request itself is rejected. */
export function isDeterministic(pe: ProviderError, err: unknown): boolean {
  if (pe.kind === 'connection') return causeCodes(err).includes('ECONNREFUSED');
  if (pe.status === 400 || pe.status === 422) return REJECTED_REQUEST.test(`${pe.message} ${bodyCode(err)}`);
  return false;
}

/**
 * The classified error marked `deterministic` when it will repeat, with a hint for it (and for a
 * 404): the URL tried and, when the path looks wrong, what to change in the baseURL.
 */
export function explainRepeating(pe: ProviderError, err: unknown, target: RequestTarget, redact: Redact) {
  const deterministic = isDeterministic(pe, err);
  if (!deterministic && pe.status !== 404) return pe;
  const hint = [`POST ${redact(withoutUserInfo(target.url))}`, pathHint(target, pe.status)].filter(Boolean);
  return new ProviderError(
    pe.kind,
    `${pe.message} (${hint.join('; ')})`,
    pe.status,
    pe.retryAfterMs,
    pe.tokens,
    deterministic,
  );
}

/** "`/v1` missing from baseURL?" when an OpenAI-style baseURL has no /v1 and the path was not found. */
export function pathHint(target: RequestTarget, status: number | null): string | null {
  if (status !== 404 && status !== 405) return null;
  let path: string;
  try {
    path = new URL(target.url).pathname;
  } catch {
    return null;
  }
  if (target.api === 'openai' && !/\/v\d+\b/.test(path)) return '`/v1` missing from baseURL?';
  if (target.api === 'anthropic' && /\/v1\/v1\//.test(path))
    return 'drop `/v1` from baseURL (the SDK adds it)?';
  return null;
}

/**
 * Decides, from the first finished samples of one model (in the order they finished), whether to
 * stop the model: when the first REPEATING_SAMPLES all ended with a deterministic error of the same
 * kind and message (and none passed or failed on its merits), every further sample would too.
 *
 * @returns the error to stop the model with, or null to keep going
 */
export function repeatingFailure(firstFinished: ReadonlyArray<SampleError | null>): SampleError | null {
  if (firstFinished.length < REPEATING_SAMPLES) return null;
  const first = firstFinished.slice(0, REPEATING_SAMPLES);
  const a = first[0];
  if (!a?.deterministic) return null;
  const same = first.every((e) => e?.deterministic && e.kind === a.kind && e.message === a.message);
  return same ? a : null;
}

/** Every `code` along an error's cause chain (undici puts ECONNREFUSED two causes deep). */
function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.message === 'string' && e.message.includes('ECONNREFUSED')) codes.push('ECONNREFUSED');
    e = e.cause as typeof e;
  }
  return codes;
}

/** The `code` of an SDK API error's body (`unsupported_value`, `unsupported_parameter`). */
function bodyCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function withoutUserInfo(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}
