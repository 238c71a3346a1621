import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';

/**
 * JSON Schema, draft 2020-12, through ajv with ajv-formats: `$ref`/`$defs`, `format`, and what
 * zod's `z.toJSONSchema` and pydantic's `model_json_schema()` emit. Each distinct schema is compiled
 * once per process; a suite's schemas are compiled when the suite loads, so a bad one is a load
 * error (with its path) rather than a failure mid-run.
 */
export type JsonSchema = Record<string, unknown> | boolean;

/**
 * ajv and ajv-formats are CommonJS and only needed once a suite has a schema: they are required on
 * first use, so commands and suites without one never load them.
 */
const requireCjs = createRequire(import.meta.url);
function ajvModules(): { Ajv: typeof Ajv2020; addFormats: FormatsPlugin } {
  const ajv = requireCjs('ajv/dist/2020') as { default?: typeof Ajv2020 } & typeof Ajv2020;
  const formats = requireCjs('ajv-formats') as { default?: FormatsPlugin } & FormatsPlugin;
  return { Ajv: ajv.default ?? ajv, addFormats: formats.default ?? formats };
}

/** Keywords pydantic emits that validation does not need (`oneOf` already carries a discriminated union). */
const ANNOTATIONS = ['discriminator'];
/** Formats pydantic emits that are names for strings, not checks. */
const NAME_ONLY_FORMATS = ['password', 'binary', 'file-path', 'directory-path', 'path', 'json-string'];

const compiled = new Map<string, ValidateFunction>();

/** A fresh validator: strict about unknown keywords and formats (typos are load errors), lax about style. */
function newAjv(): Ajv2020 {
  const { Ajv, addFormats } = ajvModules();
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    logger: false,
  });
  addFormats(ajv);
  for (const k of ANNOTATIONS) ajv.addKeyword({ keyword: k, schemaType: 'object' });
  for (const f of NAME_ONLY_FORMATS) ajv.addFormat(f, true);
  return ajv;
}

let shared: Ajv2020 | undefined;

/** Compiles on the shared instance; a schema whose `$id` another one already took gets an instance of its own. */
function compileOnce(schema: object): ValidateFunction {
  try {
    return shared!.compile(schema);
  } catch (err) {
    if (!/already exists/.test((err as Error).message)) throw err;
    return newAjv().compile(schema);
  }
}

/**
 * The schema compiled, or why it cannot be, each problem as `PATH: message` (PATH is a JSON
 * pointer into the schema, `(root)` for the top).
 */
export function compileJsonSchema(
  schema: unknown,
): { ok: true; validate: ValidateFunction } | { ok: false; problems: string[] } {
  if (typeof schema !== 'boolean' && (!schema || typeof schema !== 'object' || Array.isArray(schema)))
    return { ok: false, problems: ['(root): a schema is an object (or true/false)'] };
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit) return { ok: true, validate: hit };
  const declared = typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof declared === 'string' && !/draft\/2020-12\/schema#?$/.test(declared))
    return {
      ok: false,
      problems: [
        `(root): $schema ${JSON.stringify(declared)}; tollgate validates draft 2020-12 (remove \`$schema\` or regenerate the schema for 2020-12: tuple \`items: [..]\` is \`prefixItems\` there, \`definitions\` is \`$defs\`)`,
      ],
    };
  shared ??= newAjv();
  if (!shared.validateSchema(schema as object))
    return { ok: false, problems: metaProblems(shared.errors ?? [], schema) };
  try {
    const validate = compileOnce(schema as object);
    compiled.set(key, validate);
    return { ok: true, validate };
  } catch (err) {
    const message = (err as Error).message
      .replace(/^strict mode: /, '')
      .replace(/ ignored in schema at path "(.*)"$/, ' at $1');
    return { ok: false, problems: [`(root): ${message}`] };
  }
}

/** Problems with the schema itself. Empty when it compiles. */
export function schemaProblems(schema: unknown): string[] {
  const r = compileJsonSchema(schema);
  return r.ok ? [] : r.problems;
}

/**
 * Validation errors for `value`, each as `PATH: message` with PATH like `$.items[0].name`. Empty
 * when it conforms. A schema that does not compile is an error of its own (the suite's load
 * rejects those first).
 */
export function validate(schema: unknown, value: unknown): string[] {
  const r = compileJsonSchema(schema);
  if (!r.ok) return r.problems.map((p) => `schema ${p}`);
  if (r.validate(value)) return [];
  return (r.validate.errors ?? []).map((e) => `${dataPath(e.instancePath)}: ${describeError(e)}`);
}

/** `/items/0/name` as `$.items[0].name`. */
function dataPath(pointer: string): string {
  return `$${pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')}`;
}

function describeError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unexpected property "${String(p.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing property "${String(p.missingProperty)}"`;
  if (e.keyword === 'enum')
    return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}

/**
 * The meta-schema's complaints, most specific first, one per place. An unknown `type` name reads as
 * such rather than as the meta-schema's anyOf branches.
 */
function metaProblems(errors: ErrorObject[], schema: unknown): string[] {
  const byPlace = new Map<string, string>();
  for (const e of errors) {
    const place = e.instancePath || '(root)';
    if (byPlace.has(place)) continue;
    const at = valueAtPointer(schema, e.instancePath);
    byPlace.set(
      place,
      /\/type$/.test(e.instancePath) && typeof at === 'string'
        ? `unknown type ${JSON.stringify(at)} (one of object, array, string, number, integer, boolean, null)`
        : `${e.message ?? e.keyword}${at === undefined ? '' : ` (got ${JSON.stringify(at)?.slice(0, 60)})`}`,
    );
  }
  return [...byPlace].map(([place, msg]) => `${place}: ${msg}`);
}

function valueAtPointer(root: unknown, pointer: string): unknown {
  let v = root;
  for (const part of pointer.split('/').slice(1)) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}
