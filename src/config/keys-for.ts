import {
  cascadeSchema,
  judgeSchema,
  modelObjectSchema,
  paramsSchema,
  priceSchema,
  suiteSchema,
} from './schema.ts';
import { valueAt } from './zod-issues.ts';

const SCORER_KEYS: Record<string, string[]> = {
  equals: ['type', 'field', 'ignoreCase', 'trim', 'extract', 'name'],
  includes: ['type', 'field', 'ignoreCase', 'trim', 'extract', 'name'],
  regex: ['type', 'field', 'ignoreCase', 'trim', 'extract', 'name', 'pattern', 'flags'],
  numeric: ['type', 'field', 'ignoreCase', 'trim', 'extract', 'name', 'tolerance'],
  jsonSchema: ['type', 'field', 'ignoreCase', 'trim', 'extract', 'name', 'schema'],
  llmJudge: ['type', 'field', 'ignoreCase', 'trim', 'extract', 'name', ...Object.keys(judgeSchema.shape)],
  custom: ['type', 'name', 'fn'],
};

/** The valid keys of the object at `path` in a suite, for "did you mean" suggestions. */
export function keysFor(path: Array<string | number>, input: unknown): string[] {
  const p = path.filter((x) => typeof x === 'string');
  const last = p[p.length - 1];
  if (path.length === 0) return Object.keys(suiteSchema.shape);
  if (last === 'params') return Object.keys(paramsSchema.shape);
  if (last === 'price') return Object.keys(priceSchema.shape);
  if (last === 'gate') return ['maxAccuracyDrop', 'maxCostIncrease'];
  if (last === 'projection')
    return ['tasksPerDay', 'monitoringUsdPerMonth', 'humanReviewUsdPerTask', 'growth', 'selfHost'];
  if (last === 'selfHost') return ['gpuUsdPerHour', 'tokensPerSecond'];
  if (p.length === 1 && p[0] === 'models') return Object.keys(modelObjectSchema.shape);
  if (p.length === 1 && p[0] === 'prompts') return ['id', 'system', 'user', 'messages'];
  if (last === 'messages') return ['role', 'content'];
  if (p.length === 1 && p[0] === 'cascades') return Object.keys(cascadeSchema.shape);
  if (p.length === 1 && p[0] === 'scorers') {
    const type = valueAt(input, [...path, 'type']);
    return SCORER_KEYS[String(type)] ?? SCORER_KEYS.equals!;
  }
  return [];
}
