import { afterEach, describe, expect, it } from 'vitest';
import { bufferedResponse, createHttpFetch } from '../../../src/providers/http-fetch.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.ts';

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the node:http fetch the SDKs use', () => {
  it('sends the method, headers and body, and returns status, headers and body', async () => {
    server = await startScriptedServer([
      { status: 201, headers: { 'x-request-id': 'req_1' }, body: { ok: true } },
    ]);
    const f = createHttpFetch();
    const res = await f(`${server.url}/v1/x`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('req_1');
    expect(await res.json()).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ path: '/v1/x', body: '{"a":1}' });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer k');
  });

  it('speaks TLS to an https URL: a plain HTTP server on the other end fails the handshake', async () => {
    server = await startScriptedServer([{ status: 200, body: { ok: true } }]);
    const f = createHttpFetch();
    const url = server.url.replace(/^http:/, 'https:');
    await expect(f(`${url}/v1/x`, { method: 'POST', body: '{}' })).rejects.toThrow(
      /^fetch failed: .*(wrong version number|EPROTO|SSL)/i,
    );
    expect(server.requests).toEqual([]);
  });

  it('decodes a gzip body a server sends unasked', async () => {
    const { gzipSync } = await import('node:zlib');
    const { createServer } = await import('node:http');
    const srv = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ ok: 'zipped' })));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const port = (srv.address() as { port: number }).port;
      const res = await createHttpFetch()(`http://127.0.0.1:${port}/`, {});
      expect(await res.json()).toEqual({ ok: 'zipped' });
      expect(res.headers.get('content-encoding')).toBeNull();
    } finally {
      srv.close();
    }
  });

  it('rejects with an AbortError when the signal aborts mid-request', async () => {
    server = await startScriptedServer([{ delayMs: 5000, body: {} }]);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 30);
    const err = await createHttpFetch()(`${server.url}/`, { signal: ctl.signal }).catch((e) => e);
    expect(err.name).toBe('AbortError');
  });

  it('rejects, never resolves, when the connection drops', async () => {
    server = await startScriptedServer([{ drop: true }]);
    await expect(createHttpFetch()(`${server.url}/`, {})).rejects.toThrow(/fetch failed|terminated/);
  });

  it('hands bodies it does not handle to the platform fetch', async () => {
    server = await startScriptedServer([{ body: { ok: 1 } }]);
    const form = new FormData();
    form.append('purpose', 'batch');
    const res = await createHttpFetch()(`${server.url}/upload`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(server.requests[0]!.headers['content-type']).toMatch(/multipart\/form-data/);
  });
});

describe('BufferedResponse', () => {
  const make = (text: string | null, status = 200) =>
    bufferedResponse(text === null ? null : Buffer.from(text), {
      status,
      statusText: 'OK',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

  it('reads like the platform Response: json, text, bytes, blob, body, once only', async () => {
    const text = '{"answer":"héllo ✓"}';
    const res = make(text);
    expect(res).toBeInstanceOf(Response);
    expect([res.status, res.ok, res.statusText, res.headers.get('content-type')]).toEqual([
      200,
      true,
      'OK',
      'application/json; charset=utf-8',
    ]);
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toEqual({ answer: 'héllo ✓' });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(TypeError);

    expect(await make(text).text()).toBe(text);
    expect(Buffer.from(await make(text).arrayBuffer()).toString('utf8')).toBe(text);
    expect(Buffer.from(await make(text).bytes()).toString('utf8')).toBe(text);
    const blob = await make(text).blob();
    expect([await blob.text(), blob.type]).toEqual([text, 'application/json; charset=utf-8']);
    expect(await new Response(make(text).body).text()).toBe(text);

    const streamed = make(text);
    const reader = streamed.body!.getReader();
    expect(streamed.bodyUsed).toBe(true);
    reader.releaseLock();
    await expect(make('not json').json()).rejects.toThrow(SyntaxError);
  });

  it('clones before a read, and has no body for a 204', async () => {
    const res = make('{"a":1}');
    const copy = res.clone();
    expect(await res.json()).toEqual({ a: 1 });
    expect(await copy.json()).toEqual({ a: 1 });
    expect(() => res.clone()).toThrow(TypeError);
    const empty = make(null, 204);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
  });
});
