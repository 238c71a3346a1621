/** A candidate as the Pareto frontier sees it: an id and its two axes. */
export interface ParetoPoint {
  id: string;
  /** Lower is better. `null` (no successes, or unpriced) keeps the point off the frontier. */
  costPerSuccessUsd: number | null;
  /** Higher is better. `null` (no samples) keeps the point off the frontier. */
  accuracy: number | null;
}

/**
 * The ids of the candidates that no other candidate beats on both axes: another candidate
 * dominates a point when its cost per success is lower or equal and its accuracy higher or
 * equal, with at least one of the two strictly better. Exact ties are both on the frontier.
 *
 * @example
 * paretoFrontier([
 *   { id: 'a', costPerSuccessUsd: 0.001, accuracy: 0.8 },
 *   { id: 'b', costPerSuccessUsd: 0.01, accuracy: 0.95 },
 *   { id: 'c', costPerSuccessUsd: 0.02, accuracy: 0.9 },
 * ]); // Set { 'a', 'b' }
 */
export function paretoFrontier(points: ParetoPoint[]): Set<string> {
  const valid = points.filter(isPlottable);
  const frontier = new Set<string>();
  for (const p of valid) {
    if (!valid.some((q) => dominates(q, p))) frontier.add(p.id);
  }
  return frontier;
}

type Plottable = ParetoPoint & { costPerSuccessUsd: number; accuracy: number };

function isPlottable(p: ParetoPoint): p is Plottable {
  return (
    p.costPerSuccessUsd !== null &&
    p.accuracy !== null &&
    Number.isFinite(p.costPerSuccessUsd) &&
    Number.isFinite(p.accuracy)
  );
}

function dominates(q: Plottable, p: Plottable): boolean {
  const noWorse = q.costPerSuccessUsd <= p.costPerSuccessUsd && q.accuracy >= p.accuracy;
  const better = q.costPerSuccessUsd < p.costPerSuccessUsd || q.accuracy > p.accuracy;
  return noWorse && better;
}
