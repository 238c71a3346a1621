/** What a simulated model is: its error rates and latency, the messages it reads, and its dice. */

export interface SimModel {
  /** Share of cases answered wrongly with a terse prompt. */
  errorRate: number;
  /** How much a step-by-step prompt cuts the error rate (multiplier). */
  cotFactor: number;
  /** Share of JSON answers that come wrapped in prose (breaks a schema check). */
  jsonSloppiness: number;
  /** Base latency in ms before `latencyScale`. */
  latencyMs: number;
  /** As a judge: share of verdicts that are wrong (flipped). @default errorRate / 3 */
  judgeErrorRate?: number;
  /** As a judge: share of verdicts that come back malformed (no readable JSON). @default 0 */
  judgeMalformedRate?: number;
}

export interface SimMessage {
  /** `system`, `user`, `assistant`, or `tool` for a tool's result. */
  role: string;
  /** The text, with an assistant's tool calls as JSON (they are billed as input too). */
  content: string;
}

/** FNV-1a, to [0, 1). Deterministic across runs and machines. */
export function hash01(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}
