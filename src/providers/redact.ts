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

/** A text filter that removes credentials. */
export type Redact = (text: string) => string;

/**
 * One run's redactor: the key values that run uses (registered as it reads them), plus the
 * patterns of well-known key formats. Each run makes its own; nothing is kept between runs.
 */
export interface Redactor {
  /** Registers an actual key value in use, so it is redacted wherever it appears. */
  register(value: string | undefined): void;
  redact: Redact;
}

export function createRedactor(): Redactor {
  const known = new Set<string>();
  return {
    register(value) {
      if (value && value.length >= 6) known.add(value);
    },
    redact(text) {
      let out = text;
      for (const k of known) out = out.split(k).join('[REDACTED]');
      return redactPatterns(out);
    },
  };
}

/** Removes the well-known key formats (no registered values). */
export function redactPatterns(text: string): string {
  let out = text;
  for (const p of PATTERNS)
    out = out.replace(p, (m, prefix) =>
      typeof prefix === 'string' && prefix.length < m.length && /[:=\s]$/.test(prefix)
        ? `${prefix}[REDACTED]`
        : '[REDACTED]',
    );
  return out;
}

/** Registers the environment's credential-looking variables (`*_API_KEY`, `*_TOKEN`, `*_SECRET`). */
export function registerEnvSecrets(redactor: Redactor, env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) if (/(_API_KEY|_TOKEN|_SECRET)$/.test(k)) redactor.register(v);
}
