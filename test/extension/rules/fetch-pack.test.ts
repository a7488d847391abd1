import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPackText } from '../../../extension/background/rules/fetch-pack';
import { servePack, startPackServer } from './pack-server';
import type { PackServer } from './pack-server';

let server: PackServer;
beforeAll(async () => {
  server = await startPackServer();
});
afterAll(() => server.close());

const opts = { fetch: (u: string, i: RequestInit) => fetch(u, i), timeoutMs: 2000, maxBytes: 1000 };

describe('fetchPackText', () => {
  it('returns the body and ETag, then 304 when the ETag is sent back', async () => {
    server.handle(servePack('{"hello":1}', '"v1"'));
    const first = await fetchPackText(new URL(server.url()), opts);
    expect(first).toEqual({ kind: 'ok', text: '{"hello":1}', etag: '"v1"' });
    const second = await fetchPackText(new URL(server.url()), { ...opts, etag: '"v1"' });
    expect(second).toEqual({ kind: 'not-modified' });
    expect(server.requests.at(-1)?.ifNoneMatch).toBe('"v1"');
  });

  it('reports an HTTP error status', async () => {
    server.handle((_q, res) => {
      res.writeHead(503);
      res.end('down');
    });
    expect(await fetchPackText(new URL(server.url()), opts)).toEqual({
      kind: 'error',
      error: 'The team rules server answered HTTP 503.',
    });
  });

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    server.handle((_q, res) => {
      res.writeHead(200, { 'Content-Length': '5000' });
      res.end('x'.repeat(5000));
    });
    const r = await fetchPackText(new URL(server.url()), opts);
    expect(r).toEqual({ kind: 'error', error: expect.stringMatching(/larger than 1 KB/) });
  });

  it('stops reading a chunked body once it passes the cap', async () => {
    let wrote = 0;
    server.handle((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }); // no length: chunked
      const timer = setInterval(() => {
        if (res.destroyed || wrote > 100_000) {
          clearInterval(timer);
          res.end();
          return;
        }
        wrote += 400;
        res.write('y'.repeat(400));
      }, 2);
    });
    const r = await fetchPackText(new URL(server.url()), opts);
    expect(r).toEqual({ kind: 'error', error: expect.stringMatching(/larger than/) });
    expect(wrote).toBeLessThan(100_000);
  });

  it('gives up after the timeout on a server that never answers', async () => {
    server.handle(() => {
      /* never answers */
    });
    const t0 = Date.now();
    const r = await fetchPackText(new URL(server.url()), { ...opts, timeoutMs: 200 });
    expect(r).toEqual({ kind: 'error', error: 'The team rules server did not answer within 0.2 s.' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('times out a body that starts but never finishes', async () => {
    server.handle((_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"rules":[');
    });
    const r = await fetchPackText(new URL(server.url()), { ...opts, timeoutMs: 200 });
    expect(r).toEqual({ kind: 'error', error: expect.stringMatching(/did not answer within/) });
  });

  it('does not follow a redirect to another place', async () => {
    server.handle((_q, res) => {
      res.writeHead(302, { Location: 'https://elsewhere.example.com/pack.json' });
      res.end();
    });
    const r = await fetchPackText(new URL(server.url()), opts);
    expect(r.kind).toBe('error');
  });

  it('sends no cookies and asks for JSON', async () => {
    let headers: Record<string, unknown> = {};
    server.handle((req, res) => {
      headers = req.headers;
      res.writeHead(200);
      res.end('{}');
    });
    await fetchPackText(new URL(server.url()), opts);
    expect(headers.cookie).toBeUndefined();
    expect(headers.accept).toBe('application/json');
  });
});
