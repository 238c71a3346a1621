import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJsonSchema, schemaProblems, validate } from '../../../src/json-schema/compile.ts';
import { jsonSchemaScorer } from '../../../src/scorers/json-schema-scorer.ts';

/** What pydantic v2 emits for `class Order(BaseModel)` with a nested model, an enum, a discriminated union and formats. */
const PYDANTIC_ORDER = {
  $defs: {
    Card: {
      properties: {
        kind: { const: 'card', title: 'Kind', type: 'string' },
        last4: { pattern: '^\\d{4}$', title: 'Last4', type: 'string' },
      },
      required: ['kind', 'last4'],
      title: 'Card',
      type: 'object',
    },
    Cash: {
      properties: { kind: { const: 'cash', title: 'Kind', type: 'string' } },
      required: ['kind'],
      title: 'Cash',
      type: 'object',
    },
    Status: { enum: ['open', 'shipped'], title: 'Status', type: 'string' },
    Item: {
      properties: {
        sku: { title: 'Sku', type: 'string' },
        qty: { exclusiveMinimum: 0, title: 'Qty', type: 'integer' },
      },
      required: ['sku', 'qty'],
      title: 'Item',
      type: 'object',
    },
  },
  properties: {
    id: { format: 'uuid', title: 'Id', type: 'string' },
    email: { format: 'email', title: 'Email', type: 'string' },
    placed: { format: 'date-time', title: 'Placed', type: 'string' },
    status: { $ref: '#/$defs/Status' },
    items: { items: { $ref: '#/$defs/Item' }, minItems: 1, title: 'Items', type: 'array' },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Note' },
    secret: { format: 'password', title: 'Secret', type: 'string', writeOnly: true },
    payment: {
      discriminator: { mapping: { card: '#/$defs/Card', cash: '#/$defs/Cash' }, propertyName: 'kind' },
      oneOf: [{ $ref: '#/$defs/Card' }, { $ref: '#/$defs/Cash' }],
      title: 'Payment',
    },
  },
  required: ['id', 'email', 'placed', 'status', 'items', 'payment'],
  title: 'Order',
  type: 'object',
};

const GOOD_ORDER = {
  id: '0b9e7d3c-8d2f-4c6a-9f1e-2a3b4c5d6e7f',
  email: 'ada@example.com',
  placed: '2026-01-02T03:04:05Z',
  status: 'open',
  items: [{ sku: 'A1', qty: 2 }],
  payment: { kind: 'card', last4: '4242' },
  secret: 'x',
};

describe('JSON Schema, draft 2020-12 through ajv', () => {
  it('validates what pydantic emits: $defs/$ref, formats, nullable anyOf, discriminator + oneOf', () => {
    expect(schemaProblems(PYDANTIC_ORDER)).toEqual([]);
    expect(validate(PYDANTIC_ORDER, GOOD_ORDER)).toEqual([]);
    const bad = {
      ...GOOD_ORDER,
      email: 'not-an-email',
      status: 'lost',
      items: [{ sku: 'A1', qty: 0 }],
      payment: { kind: 'card' },
    };
    const errs = validate(PYDANTIC_ORDER, bad);
    expect(errs).toContain('$.email: must match format "email"');
    expect(errs).toContain('$.status: expected one of "open", "shipped"');
    expect(errs).toContain('$.items[0].qty: must be > 0');
    expect(errs.some((e) => e.startsWith('$.payment'))).toBe(true);
  });

  it("validates what zod's z.toJSONSchema emits (its $schema, formats, patterns, recursive $defs)", () => {
    const Node: z.ZodType = z.object({ name: z.string(), children: z.array(z.lazy(() => Node)) });
    const schema = z.toJSONSchema(
      z.object({
        email: z.email(),
        at: z.iso.datetime(),
        id: z.uuid(),
        kind: z.enum(['a', 'b']),
        tree: Node,
      }),
    ) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schemaProblems(schema)).toEqual([]);
    const ok = {
      email: 'a@b.co',
      at: '2026-01-02T03:04:05Z',
      id: '0b9e7d3c-8d2f-4c6a-9f1e-2a3b4c5d6e7f',
      kind: 'a',
      tree: { name: 'r', children: [{ name: 'c', children: [] }] },
    };
    expect(validate(schema, ok)).toEqual([]);
    expect(validate(schema, { ...ok, tree: { name: 'r', children: [{ name: 1, children: [] }] } })).toContain(
      '$.tree.children[0].name: must be string',
    );
    expect(validate(schema, { ...ok, extra: 1 })).toContain('$: unexpected property "extra"');
  });

  it('reports schema errors with their place: unknown type, keyword, format, $ref, regex, draft', () => {
    expect(schemaProblems({ properties: { a: { type: 'objekt' } } })).toEqual([
      '/properties/a/type: unknown type "objekt" (one of object, array, string, number, integer, boolean, null)',
    ]);
    expect(schemaProblems({ type: 'object', requried: ['a'] })).toEqual([
      '(root): unknown keyword: "requried"',
    ]);
    expect(schemaProblems({ type: 'string', format: 'emial' })[0]).toContain('unknown format "emial"');
    expect(schemaProblems({ $ref: '#/$defs/Missing' })[0]).toContain(
      "can't resolve reference #/$defs/Missing",
    );
    expect(schemaProblems({ type: 'string', pattern: '([' })[0]).toContain('Invalid regular expression');
    expect(
      schemaProblems({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' })[0],
    ).toContain('tollgate validates draft 2020-12');
    expect(schemaProblems({ minLength: -1 })[0]).toMatch(/^\/minLength: must be >= 0/);
  });

  it('compiles each distinct schema once', () => {
    const a = compileJsonSchema({ type: 'integer', minimum: 3 });
    const b = compileJsonSchema({ type: 'integer', minimum: 3 });
    expect(a.ok && b.ok && a.validate === b.validate).toBe(true);
  });

  it('two schemas may declare the same $id', () => {
    expect(schemaProblems({ $id: 'https://x.test/s', type: 'string' })).toEqual([]);
    expect(schemaProblems({ $id: 'https://x.test/s', type: 'number' })).toEqual([]);
    expect(validate({ $id: 'https://x.test/s', type: 'number' }, 1)).toEqual([]);
  });

  it('the jsonSchema scorer passes conforming JSON and names the first errors otherwise', () => {
    const scorer = jsonSchemaScorer({ schema: PYDANTIC_ORDER });
    expect(
      scorer.score({ output: JSON.stringify(GOOD_ORDER), fields: {}, signal: new AbortController().signal }),
    ).toMatchObject({ pass: true });
    const r = scorer.score({
      output: JSON.stringify({ ...GOOD_ORDER, placed: 'yesterday' }),
      fields: {},
      signal: new AbortController().signal,
    });
    expect(r).toMatchObject({ pass: false });
    expect(JSON.stringify(r)).toContain('$.placed: must match format \\"date-time\\"');
  });
});
