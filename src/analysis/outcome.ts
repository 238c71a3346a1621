/**
 * The three outcomes of a sample: passed, failed, or not scored. A record keeps `status`
 * (passed | failed | error) and its error's kind; this decides what an error sample counts as.
 */
import type { SampleRecord } from '../log/records-file.ts';

/** What a sample counts as in accuracy and coverage. */
export type Outcome = 'passed' | 'failed' | 'not_scored';

/**
 * Error kinds that are the candidate's own doing, so they count as a failure: a task that threw,
 * a per-task limit hit, an empty or truncated answer. Every other kind (transport, timeout, rate
 * limit, server errors after retries, auth, bad request, budget, a judge failure, a malformed
 * body or verdict, a scorer that could not score, a replay miss, an interrupt) leaves the sample
 * not scored.
 */
export const CANDIDATE_FAILURE_KINDS: ReadonlySet<string> = new Set(['task', 'limit', 'empty', 'truncated']);

/**
 * The outcome of one sample record.
 *
 * @example outcomeOf({ status: 'error', error: { kind: 'timeout', message: '…', status: null } }) // 'not_scored'
 */
export function outcomeOf(r: Pick<SampleRecord, 'status' | 'error'>): Outcome {
  if (r.status === 'passed') return 'passed';
  if (r.status === 'failed') return 'failed';
  return r.error === null || !CANDIDATE_FAILURE_KINDS.has(r.error.kind) ? 'not_scored' : 'failed';
}
