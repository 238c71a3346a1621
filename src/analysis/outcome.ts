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
 * body or verdict, a replay miss, an interrupt) leaves the sample not scored.
 */
export const CANDIDATE_FAILURE_KINDS: ReadonlySet<string> = new Set(['task', 'limit', 'empty', 'truncated']);

/** How src/runner/run-sample.ts prefixes a scorer's exception. */
const SCORER_FAILED = 'scorer failed:';

/**
 * The outcome of one sample record.
 *
 * @example outcomeOf({ status: 'error', error: { kind: 'timeout', message: '…', status: null } }) // 'not_scored'
 */
export function outcomeOf(r: Pick<SampleRecord, 'status' | 'error'>): Outcome {
  if (r.status === 'passed') return 'passed';
  if (r.status === 'failed') return 'failed';
  if (r.error === null || !CANDIDATE_FAILURE_KINDS.has(r.error.kind)) return 'not_scored';
  // a scorer that threw is recorded as `task` too, but it is no fault of the candidate's answer
  return r.error.message.startsWith(SCORER_FAILED) ? 'not_scored' : 'failed';
}
