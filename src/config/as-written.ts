/**
 * A parsed config without the defaults the schema filled in: only the keys the input gives, in the
 * schema's order. The suite's hash is taken over this, so a default is not part of a suite's
 * identity, and a suite hashes as it did before its defaults were written into the schema.
 */
export function asWritten(parsed: unknown, input: unknown): unknown {
  if (Array.isArray(parsed) && Array.isArray(input)) return parsed.map((v, i) => asWritten(v, input[i]));
  if (!isObject(parsed) || !isObject(input)) return parsed;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed))
    if (input[key] !== undefined) out[key] = asWritten(value, input[key]);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
