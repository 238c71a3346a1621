import http from 'node:http';
import type https from 'node:https';
import { createRequire } from 'node:module';
import { urlToHttpOptions } from 'node:url';
import type zlib from 'node:zlib';

/**
 * A `fetch` for the SDKs over node:http with keep-alive agents. It does what the SDKs need (a
 * string or empty body, headers, an AbortSignal, a buffered Response) at about half the CPU per
 * request of the platform's fetch, which matters at hundreds of requests a second. Any other body
 * (a multipart upload, a stream) goes to the platform fetch.
 */
export function createHttpFetch(): typeof fetch {
  const keepAlive = { keepAlive: true, maxSockets: Number.POSITIVE_INFINITY };
  const httpAgent = new http.Agent(keepAlive);
  let httpsAgent: https.Agent | undefined;
  const clientFor = (protocol: Target['protocol']) => {
    if (protocol === 'http:') return { lib: http, agent: httpAgent };
    httpsAgent ??= new (tls().Agent)(keepAlive);
    return { lib: tls(), agent: httpsAgent };
  };
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const body = init.body;
    if ((body !== undefined && body !== null && typeof body !== 'string') || input instanceof Request) {
      return fetch(input, init);
    }
    const target = targetOf(input);
    if (!target) return fetch(input, init);
    const headers: Record<string, string> = {};
    // the SDKs pass a Headers already; copying it into another first would be wasted work
    (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((v, k) => {
      headers[k] = v;
    });
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const { lib, agent } = clientFor(target.protocol);
      const req = lib.request({ ...target, method: init.method ?? 'GET', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(e));
        res.on('aborted', () => reject(new TypeError('terminated: the response was cut off')));
        res.on('end', () => {
          if (!res.complete) return reject(new TypeError('terminated: the response was cut off'));
          signal?.removeEventListener('abort', onAbort);
          const status = res.statusCode ?? 0;
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const x of v) h.append(k, x);
            else if (v !== undefined) h.set(k, v);
          }
          const noBody = status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
          let payload: Buffer;
          try {
            // a server may compress even unasked; decode it as the platform fetch would
            payload = decode(Buffer.concat(chunks), res.headers['content-encoding']);
          } catch (e) {
            return reject(new TypeError(`fetch failed: could not decode the body (${(e as Error).message})`));
          }
          if (res.headers['content-encoding']) {
            h.delete('content-encoding');
            h.delete('content-length');
          }
          resolve(
            bufferedResponse(noBody ? null : payload, {
              status,
              statusText: res.statusMessage,
              headers: h,
            }),
          );
        });
      });
      const onAbort = () => {
        req.destroy();
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => {
        signal?.removeEventListener('abort', onAbort);
        reject(
          signal?.aborted ? abortError(signal) : new TypeError(`fetch failed: ${e.message}`, { cause: e }),
        );
      });
      if (typeof body === 'string') req.end(body);
      else req.end();
    });
  }) as typeof fetch;
}

/**
 * A Response over a body already in memory. The platform's Response wraps every body in a web
 * stream, which costs several times the JSON parse for a small completion; this one reads the
 * buffer directly and makes a stream only if `body` is asked for. It is a real Response
 * (status, headers, `instanceof`), so the SDKs treat it like any other.
 */
export function bufferedResponse(payload: Buffer | null, init: ResponseInit): Response {
  BufferedResponse ??= defineBufferedResponse();
  return new BufferedResponse(payload, init);
}

let BufferedResponse: ReturnType<typeof defineBufferedResponse> | undefined;

/**
 * The class is defined on the first response, not when this module loads: naming the global
 * `Response` loads the platform's fetch (undici, ~30 ms), which a run served from the cache never
 * needs.
 */
const defineBufferedResponse = () =>
  class BufferedResponse extends Response {
    readonly #payload: Buffer | null;
    readonly #init: ResponseInit;
    #used = false;
    #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined;

    constructor(payload: Buffer | null, init: ResponseInit) {
      super(null, init);
      this.#payload = payload;
      this.#init = init;
    }

    override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      if (this.#stream === undefined) {
        this.#stream = this.#payload ? new Response(this.#bytes()).body : null;
      }
      return this.#stream;
    }

    override get bodyUsed(): boolean {
      return this.#used || (this.#stream?.locked ?? false);
    }

    override async text(): Promise<string> {
      return this.#take().toString('utf8');
    }

    override async json(): Promise<unknown> {
      return JSON.parse(await this.text());
    }

    override async arrayBuffer(): Promise<ArrayBuffer> {
      const b = this.#take();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    }

    override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
      return new Uint8Array(await this.arrayBuffer());
    }

    override async blob(): Promise<Blob> {
      return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
    }

    override async formData(): Promise<FormData> {
      return new Response(this.#payload ? this.#bytes() : null, this.#init).formData();
    }

    override clone(): Response {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return new BufferedResponse(this.#payload, { ...this.#init, headers: new Headers(this.headers) });
    }

    #bytes(): Uint8Array<ArrayBuffer> {
      const p = this.#payload!;
      return new Uint8Array(p.buffer, p.byteOffset, p.byteLength) as Uint8Array<ArrayBuffer>;
    }

    /** The whole body, once: a second read fails as it does on any Response. */
    #take(): Buffer {
      if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
      this.#used = true;
      return this.#payload ?? Buffer.alloc(0);
    }
  };

type Target = ReturnType<typeof urlToHttpOptions> & { protocol: 'http:' | 'https:' };
const targets = new Map<string, Target>();

/**
 * node:http's request options for a URL (null for any scheme but http and https). An SDK sends
 * every request of an endpoint to the same few URLs, so each is parsed once.
 */
function targetOf(input: string | URL): Target | null {
  const key = String(input);
  let t = targets.get(key);
  if (!t) {
    const url = input instanceof URL ? input : new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    t = urlToHttpOptions(url) as Target;
    // bounded: URLs with ids in them (batch polling) would otherwise grow it for ever
    if (targets.size >= 256) targets.clear();
    targets.set(key, t);
  }
  return t;
}

let httpsModule: typeof https | undefined;

/** node:https, loaded on the first https request: a run against a local server never needs TLS (~7 ms to load). */
function tls(): typeof https {
  httpsModule ??= createRequire(import.meta.url)('node:https') as typeof https;
  return httpsModule;
}

let zlibModule: typeof zlib | undefined;

/** node:zlib, loaded on the first compressed body. */
function unzip(): typeof zlib {
  zlibModule ??= createRequire(import.meta.url)('node:zlib') as typeof zlib;
  return zlibModule;
}

/** A body as the server's `content-encoding` says. */
function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return unzip().gunzipSync(body);
    case 'deflate':
      return unzip().inflateSync(body);
    case 'br':
      return unzip().brotliDecompressSync(body);
    default:
      return body;
  }
}

function abortError(signal: AbortSignal): Error {
  const e = new DOMException('This operation was aborted', 'AbortError');
  (e as { cause?: unknown }).cause = signal.reason;
  return e;
}

let shared: typeof fetch | null = null;

/** One fetch (and one pair of keep-alive agents) for every provider in the process. */
export function sharedHttpFetch(): typeof fetch {
  shared ??= createHttpFetch();
  return shared;
}
