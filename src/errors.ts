/**
 * tollgate's error hierarchy. A `UserError` is bad input: the CLI prints its message with no stack
 * trace and exits 2. Messages follow "Expected X, got Y at FILE:PATH. Fix: ...".
 */
export class UserError extends Error {
  override name = 'UserError';
}

export interface ConfigIssue {
  file: string;
  /** Dotted field path, e.g. `models.2.provider`, or '' for the whole file. */
  path: string;
  line: number | null;
  expected: string;
  got: string;
  fix: string;
}

/** A bad suite, dataset or flag. Carries every problem found, not just the first. */
export class ConfigError extends UserError {
  override name = 'ConfigError';
  constructor(readonly issues: ConfigIssue[]) {
    super(formatIssues(issues));
  }
}

export function formatIssue(i: ConfigIssue): string {
  const where = `${i.file}${i.line !== null ? `:${i.line}` : ''}${i.path ? ` at ${i.path}` : ''}`;
  return `${where}: Expected ${i.expected}, got ${i.got}. Fix: ${i.fix}`;
}

export function formatIssues(issues: ConfigIssue[]): string {
  if (issues.length === 1) return formatIssue(issues[0]!);
  return `${issues.length} problems:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`;
}

/**
 * A token count as a failed response reported it: the shape of `Tokens` (src/pricing/tokens.ts), spelt
 * out here because errors.ts imports no room.
 */
type ReportedTokens = Record<'input' | 'cacheRead' | 'cacheWrite' | 'output' | 'reasoning', number>;

/**
 * A failed provider attempt, classified. `tokens` is set when the response reported usage anyway.
 * `deterministic`: the same request would fail the same way again (a refused connection, a 400
 * naming an unsupported parameter), so a model whose first samples all end so is stopped.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null = null,
    readonly tokens: ReportedTokens | null = null,
    readonly deterministic = false,
  ) {
    super(message);
  }

  /** Rate limits, server errors, timeouts, dropped connections and malformed bodies are retried. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

const RETRYABLE = new Set<ErrorKind>(['rate_limit', 'server', 'timeout', 'connection', 'malformed']);

/** The gate found a regression (exit 1). */
export class GateFailure extends Error {
  override name = 'GateFailure';
}

/**
 * How a sample failed; `budget`, `task`, `limit` (a per-task limit hit) and `scorer` (a scorer that
 * could not score, e.g. an empty reference) are tollgate's own.
 * src/analysis/outcome.ts decides which kinds are the candidate's failure and which are not scored.
 */
export const ERROR_KINDS = [
  'rate_limit',
  'server',
  'timeout',
  'connection',
  'malformed',
  'auth',
  'bad_request',
  'budget',
  'task',
  'limit',
  'scorer',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A failed call or sample, as records keep it (the run log's schema is in src/log/records-file.ts). */
export interface SampleError {
  kind: ErrorKind;
  message: string;
  status: number | null;
  /** The error would repeat identically on every request (see ProviderError). Absent otherwise. */
  deterministic?: true;
}
