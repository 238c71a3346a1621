import type { TaskLimits } from '../providers/limits-schema.ts';

/** Thrown by a task's `model.chat` once the task has reached one of its limits. */
export class LimitReached extends Error {
  override name = 'LimitReached';
}

/** What a task has used so far: calls made, tokens and list-price cost of their attempts. */
export interface TaskUse {
  calls: number;
  tokens: number;
  /** null when the model is unpriced: the cost limit is not checked. */
  costUsd: number | null;
}

/**
 * Watches one task's limits. `check` runs before each call and throws LimitReached once a limit is
 * reached; `timeoutMs` aborts `signal` (and with it the call in flight) and rejects `timedOut`.
 * `hit` keeps the first limit reached, so a task that catches the error still ends as a limit hit.
 */
export interface LimitGuard {
  readonly signal: AbortSignal;
  readonly hit: string | null;
  check(use: TaskUse): void;
  /** Rejects with LimitReached when `timeoutMs` passes; never settles otherwise. */
  readonly timedOut: Promise<never>;
  dispose(): void;
}

/** Starts the guard of one task; `runSignal` is the run's own (an interrupt aborts the task too). */
export function limitGuard(limits: TaskLimits | undefined, runSignal: AbortSignal): LimitGuard {
  const own = new AbortController();
  let hit: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reach = (message: string): LimitReached => {
    hit ??= message;
    return new LimitReached(hit);
  };
  const timedOut = new Promise<never>((_, reject) => {
    if (limits?.timeoutMs === undefined) return;
    const ms = limits.timeoutMs;
    timer = setTimeout(() => {
      const err = reach(`limits.timeoutMs reached: the task ran for ${ms} ms`);
      own.abort(err);
      reject(err);
    }, ms);
  });
  timedOut.catch(() => undefined);
  return {
    signal: AbortSignal.any([runSignal, own.signal]),
    get hit() {
      return hit;
    },
    check(use) {
      if (hit !== null) throw new LimitReached(hit);
      const breach = limitBreach(limits, use);
      if (breach !== null) throw reach(breach);
    },
    timedOut,
    dispose: () => clearTimeout(timer),
  };
}

/** Which limit a task that has used `use` has reached, worded for the record; null when none. Pure. */
export function limitBreach(limits: TaskLimits | undefined, use: TaskUse): string | null {
  if (!limits) return null;
  if (limits.maxCalls !== undefined && use.calls >= limits.maxCalls)
    return `limits.maxCalls reached: ${use.calls} model calls made, the limit is ${limits.maxCalls}`;
  if (limits.maxTokens !== undefined && use.tokens >= limits.maxTokens)
    return `limits.maxTokens reached: ${use.tokens} tokens used, the limit is ${limits.maxTokens}`;
  if (limits.maxCostUsd !== undefined && use.costUsd !== null && use.costUsd >= limits.maxCostUsd)
    return `limits.maxCostUsd reached: $${use.costUsd.toPrecision(3)} spent, the limit is $${limits.maxCostUsd}`;
  return null;
}
