import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleRecord } from '../log/records-file.ts';
import { type Tariff, tariffSchema } from '../pricing/tariff.ts';
import type { Tokens } from '../pricing/tokens.ts';
import type { ToolCall } from '../prompt/chat-message.ts';
import type { ChatRequest, Provider } from '../providers/provider.ts';
import { nextTurn } from '../retry/next-turn.ts';

/** What the cache keeps of a successful response. */
export interface CachedResponse {
  text: string;
  tokens: Tokens;
  /** false when the provider reported no usage (cost unknown). */
  usageReported?: boolean;
  finishReason: string | null;
  /** The tool calls the answer made. Absent when it made none. */
  toolCalls?: ToolCall[];
  /** Blocks to send back with the tool calls (Anthropic thinking). Absent when there are none. */
  providerBlocks?: unknown[];
  latencyMs: number;
  /**
   * The tariff the answer was bought at (the batch tariff for a batch answer); a replay is valued at
   * it. null when the model was unpriced; absent in entries written before tariffs were kept, which
   * are valued at list price.
   */
  tariff?: Tariff | null;
}

export interface CacheKeyParts {
  provider: string;
  endpoint: string;
  model: string;
  /** The full request body (credentials are never in it: they travel in headers). */
  body: Record<string, unknown>;
  /** The repeat index, so k repeats are k entries. */
  repeat: number;
  /** The call's index within a multi-call sample (a task); absent for the first call. */
  call?: number;
}

/** Content address of a request. Credentials in the endpoint URL (user:pass@, ?key=) are dropped. */
export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256')
    .update(stableStringify({ ...parts, endpoint: endpointWithoutCredentials(parts.endpoint) }))
    .digest('hex');
}

/**
 * The cache key of one call as the runner sends it: the provider's name and endpoint, the model and
 * the exact request body, the repeat index, and the call's index within the sample after the first.
 * `tollgate estimate` computes the same key to read a sample's history without sending anything.
 */
export function requestCacheKey(
  provider: Provider,
  request: ChatRequest,
  repeat: number,
  callIndex = 0,
): string {
  return cacheKey({
    provider: provider.name,
    endpoint: provider.endpoint,
    model: request.model,
    body: provider.requestBody(request),
    repeat,
    ...(callIndex > 0 ? { call: callIndex } : {}),
  });
}

/** An endpoint URL with any userinfo, query string and fragment removed. */
export function endpointWithoutCredentials(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return endpoint;
  }
}

/** What the cache saved on one sample: what its attempts answered from the cache cost when they were bought. */
export function savedByCache(r: SampleRecord): number {
  let usd = 0;
  for (const a of r.attemptLog) if (a.cached && a.costUsd !== null) usd += a.costUsd;
  return usd;
}

export interface ResponseCache {
  get(key: string): Promise<CachedResponse | null>;
  set(key: string, value: CachedResponse): Promise<void>;
}

/**
 * A directory of content-addressed JSON files (`DIR/ab/cdef….json`). Writes go to a unique temp file
 * in the same folder and are renamed into place: rename is atomic, so a reader (or a second run
 * writing the same entry at the same time) never sees a torn entry, and the last identical write
 * wins harmlessly. An entry that does not parse is treated as a miss.
 */
export function createFileCache(dir: string): ResponseCache {
  let reads = 0;
  return {
    async get(key) {
      // the read is synchronous (a small local file: a quarter of the cost of fs/promises' four
      // round trips), so every few reads let the event loop turn: Ctrl-C, the progress bar and
      // other timers still run while a run is served from the cache (a turn per read costs more
      // than the read)
      if (++reads % READS_PER_TURN === 0) await nextTurn();
      try {
        const v = JSON.parse(readFileSync(pathFor(dir, key), 'utf8')) as CachedResponse;
        return typeof v.text === 'string' && v.tokens ? withValidTariff(v) : null;
      } catch {
        return null;
      }
    },
    async set(key, value) {
      const file = pathFor(dir, key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(value));
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw err;
      }
    },
  };
}

/** How many cache reads run between two turns of the event loop (a few milliseconds' worth). */
const READS_PER_TURN = 16;

/** An entry whose tariff does not parse is read as one written before tariffs were kept (list price). */
function withValidTariff(v: CachedResponse): CachedResponse {
  if (v.tariff === undefined || v.tariff === null || isValidTariff(v.tariff)) return v;
  const { tariff: _, ...rest } = v;
  return rest;
}

/** The tariffs already checked, by their JSON: a run reads a few distinct ones many times over. */
const checkedTariffs = new Map<string, boolean>();

function isValidTariff(tariff: unknown): boolean {
  const json = JSON.stringify(tariff);
  let ok = checkedTariffs.get(json);
  if (ok === undefined) {
    ok = tariffSchema.safeParse(tariff).success;
    if (checkedTariffs.size < 1000) checkedTariffs.set(json, ok);
  }
  return ok;
}

function pathFor(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key.slice(2)}.json`);
}

/**
 * JSON with sorted keys, so equal bodies hash equally. Built as one string rather than with
 * map/filter/join: it runs on every request body, and those arrays were most of what a cached run
 * allocated. The text must never change (it is the cache key): a test pins a key.
 */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + stableStringify(v[i]);
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  let out = '{';
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${stableStringify(x)}`;
  }
  return `${out}}`;
}
