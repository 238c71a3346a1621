/**
 * Removes anything that looks like a credential from a message before it is shown or written.
 * SDK errors can echo headers; servers can echo keys back in bodies.
 */
const PATTERNS: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:x-api-key|api[_-]?key|authorization)["']?\s*[:=]\s*["']?)[^"'\s,}]{6,}/gi,
];

const known = new Set<string>();

/** Registers the actual key values in use, so they are redacted wherever they appear. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) known.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const k of known) out = out.split(k).join('[REDACTED]');
  for (const p of PATTERNS)
    out = out.replace(p, (m, prefix) =>
      typeof prefix === 'string' && prefix.length < m.length && /[:=\s]$/.test(prefix)
        ? `${prefix}[REDACTED]`
        : '[REDACTED]',
    );
  return out;
}
