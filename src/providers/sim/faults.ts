import { mulberry32 } from '../../stats/prng.ts';

/**
 * Faults the simulator can inject, by name. Each is what a real provider does on a bad day.
 * - `429` / `429-retry-after` (seconds) / `429-retry-after-ms` / `429-date`: rate limited
 * - `500`, `503`, `529`: server errors (529 is Anthropic's "overloaded")
 * - `400`, `401`: not retryable
 * - `malformed`: a 200 whose body is not JSON
 * - `drop`: the connection is destroyed mid-response
 * - `hang`: no answer until the client gives up
 * - `empty`: a valid body with empty choices / content (usage still reported)
 * - `null-content`: a valid body whose message content is null (usage still reported)
 */
export type FaultKind =
  | '429'
  | '429-retry-after'
  | '429-retry-after-ms'
  | '429-date'
  | '500'
  | '503'
  | '529'
  | '400'
  | '401'
  | 'malformed'
  | 'drop'
  | 'hang'
  | 'empty'
  | 'null-content';

export const ALL_FAULTS: FaultKind[] = [
  '429',
  '429-retry-after',
  '429-retry-after-ms',
  '429-date',
  '500',
  '503',
  '529',
  'malformed',
  'drop',
  'hang',
  'empty',
  'null-content',
];

export interface FaultPlan {
  /** Share of requests that fail, 0..1. */
  rate: number;
  /** Which faults to draw from. @default the retryable ones */
  kinds?: FaultKind[];
  /** @default 1 */
  seed?: number;
}

/** Draws a fault (or none) for each request from a seeded plan. */
export function faultDrawer(plan: FaultPlan): () => FaultKind | null {
  const rand = mulberry32(plan.seed ?? 1);
  const kinds = plan.kinds ?? ALL_FAULTS;
  return () => {
    if (rand() >= plan.rate) return null;
    return kinds[Math.floor(rand() * kinds.length)] ?? null;
  };
}
