/**
 * A JSON Schema validator for the subset suites use: type, properties, required,
 * additionalProperties, items, enum, const, minimum/maximum, minLength/maxLength, pattern,
 * minItems/maxItems, anyOf/oneOf/allOf. `checkSchema` rejects schemas outside that subset.
 */
export type JsonSchema = Record<string, unknown>;

const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const KEYWORDS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'anyOf',
  'oneOf',
  'allOf',
  'default',
  'examples',
]);

/** Problems with the schema itself, each as `path: message`. Empty when it is usable. */
export function checkSchema(schema: unknown, path = ''): string[] {
  if (typeof schema === 'boolean') return [];
  if (!schema || typeof schema !== 'object' || Array.isArray(schema))
    return [`${path || '(root)'}: a schema must be an object`];
  const s = schema as JsonSchema;
  const out: string[] = [];
  for (const k of Object.keys(s))
    if (!KEYWORDS.has(k)) out.push(`${path || '(root)'}: unsupported keyword "${k}"`);
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  for (const t of types)
    if (typeof t !== 'string' || !TYPES.has(t)) out.push(`${path}.type: unknown type ${JSON.stringify(t)}`);
  if (s.properties !== undefined) {
    if (!s.properties || typeof s.properties !== 'object') out.push(`${path}.properties: must be an object`);
    else
      for (const [k, v] of Object.entries(s.properties))
        out.push(...checkSchema(v, `${path}.properties.${k}`));
  }
  if (
    s.required !== undefined &&
    !(Array.isArray(s.required) && s.required.every((r) => typeof r === 'string'))
  ) {
    out.push(`${path}.required: must be an array of property names`);
  }
  if (s.items !== undefined) out.push(...checkSchema(s.items, `${path}.items`));
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') {
    out.push(...checkSchema(s.additionalProperties, `${path}.additionalProperties`));
  }
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (s[k] === undefined) continue;
    if (!Array.isArray(s[k])) out.push(`${path}.${k}: must be an array of schemas`);
    else
      (s[k] as unknown[]).forEach((sub, i) => {
        out.push(...checkSchema(sub, `${path}.${k}.${i}`));
      });
  }
  if (s.enum !== undefined && !Array.isArray(s.enum)) out.push(`${path}.enum: must be an array`);
  if (s.pattern !== undefined) {
    try {
      new RegExp(String(s.pattern), 'u');
    } catch (e) {
      out.push(`${path}.pattern: invalid regex (${(e as Error).message})`);
    }
  }
  return out;
}

/** Validation errors for `value`, each as `path: message`. Empty when it conforms. */
export function validate(schema: unknown, value: unknown, path = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path}: no value is allowed here`];
  const s = schema as JsonSchema;
  const errs: string[] = [];
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
    if (!types.some((t) => isType(value, t)))
      return [`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(value))
    errs.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errs.push(`${path}: expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errs.push(`${path}: below minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) errs.push(`${path}: above maximum ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      errs.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      errs.push(`${path}: not below ${s.exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && [...value].length < s.minLength)
      errs.push(`${path}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength)
      errs.push(`${path}: longer than ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
      errs.push(`${path}: does not match /${s.pattern}/`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      errs.push(`${path}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      errs.push(`${path}: more than ${s.maxItems} items`);
    if (s.items !== undefined)
      value.forEach((v, i) => {
        errs.push(...validate(s.items, v, `${path}[${i}]`));
      });
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, unknown>;
    if (Array.isArray(s.required))
      for (const r of s.required) if (!(String(r) in obj)) errs.push(`${path}: missing property "${r}"`);
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errs.push(...validate(props[k], v, `${path}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${path}: unexpected property "${k}"`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        errs.push(...validate(s.additionalProperties, v, `${path}.${k}`));
      }
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) errs.push(...validate(sub, value, path));
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => validate(sub, value, path).length === 0))
    errs.push(`${path}: matches none of anyOf`);
  if (
    Array.isArray(s.oneOf) &&
    s.oneOf.filter((sub) => validate(sub, value, path).length === 0).length !== 1
  ) {
    errs.push(`${path}: must match exactly one of oneOf`);
  }
  return errs;
}

function isType(v: unknown, t: string): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    default:
      return typeof v === t;
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
