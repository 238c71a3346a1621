import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tokens } from '../types.ts';

/** What the cache keeps of a successful response. */
export interface CachedResponse {
  text: string;
  tokens: Tokens;
  finishReason: string | null;
  latencyMs: number;
}

export interface CacheKeyParts {
  provider: string;
  endpoint: string;
  model: string;
  /** The full request body (credentials are never in it: they travel in headers). */
  body: Record<string, unknown>;
  /** The repeat index, so k repeats are k entries. */
  repeat: number;
}

/** Content address of a request. */
export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256').update(stableStringify(parts)).digest('hex');
}

export interface ResponseCache {
  get(key: string): Promise<CachedResponse | null>;
  set(key: string, value: CachedResponse): Promise<void>;
}

/**
 * A directory of content-addressed JSON files. Writes go to a unique temp file and are renamed into
 * place, so concurrent runs never see a torn entry and the last identical write wins harmlessly.
 */
export function createFileCache(dir: string): ResponseCache {
  return {
    async get(key) {
      try {
        const v = JSON.parse(await readFile(pathFor(dir, key), 'utf8')) as CachedResponse;
        return typeof v.text === 'string' && v.tokens ? v : null;
      } catch {
        return null;
      }
    },
    async set(key, value) {
      const file = pathFor(dir, key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, JSON.stringify(value));
      await rename(tmp, file);
    },
  };
}

function pathFor(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key.slice(2)}.json`);
}

/** JSON with sorted keys, so equal bodies hash equally. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}
