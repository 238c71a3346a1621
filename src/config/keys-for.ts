import { valueAt } from '../issues/zod-issues.ts';
import {
  cascadeSchema,
  messageSchema,
  modelObjectSchema,
  paramsSchema,
  priceSchema,
  promptSchema,
  scorerSchema,
  suiteSchema,
} from './schema.ts';

/** Each scorer type's keys, read off its schema. */
const SCORER_KEYS: Record<string, string[]> = Object.fromEntries(
  scorerSchema.options.map((o) => [o.shape.type.value, Object.keys(o.shape)]),
);
const suite = suiteSchema.shape;
const projection = suite.projection.unwrap().shape;

/** The valid keys of the object at `path` in a suite, for "did you mean" suggestions. */
export function keysFor(path: Array<string | number>, input: unknown): string[] {
  const p = path.filter((x) => typeof x === 'string');
  const last = p[p.length - 1];
  if (path.length === 0) return Object.keys(suiteSchema.shape);
  if (last === 'params') return Object.keys(paramsSchema.shape);
  if (last === 'thinking') return Object.keys(paramsSchema.shape.thinking.unwrap().shape);
  if (last === 'responseFormat') return Object.keys(paramsSchema.shape.responseFormat.unwrap().shape);
  if (last === 'price') return Object.keys(priceSchema.shape);
  if (last === 'gate') return Object.keys(suite.gate.unwrap().shape);
  if (last === 'projection') return Object.keys(projection);
  if (last === 'selfHost') return Object.keys(projection.selfHost.unwrap().shape);
  if (p.length === 1 && p[0] === 'models') return Object.keys(modelObjectSchema.shape);
  if (p.length === 1 && p[0] === 'prompts') return Object.keys(promptSchema.shape);
  if (last === 'messages') return Object.keys(messageSchema.shape);
  if (p.length === 1 && p[0] === 'cascades') return Object.keys(cascadeSchema.shape);
  if (p.length === 1 && p[0] === 'scorers') {
    const type = valueAt(input, [...path, 'type']);
    return SCORER_KEYS[String(type)] ?? SCORER_KEYS.equals!;
  }
  return [];
}
