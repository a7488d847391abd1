/** A real HTTP server on 127.0.0.1 (random port) that serves a team pack the way a test wants. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface PackServer {
  url: (path?: string) => string;
  /** Replaces how the server answers. */
  handle: (h: Handler) => void;
  requests: { path: string; ifNoneMatch?: string }[];
  close: () => Promise<void>;
}

export async function startPackServer(): Promise<PackServer> {
  let handler: Handler = (_req, res) => {
    res.statusCode = 404;
    res.end();
  };
  const requests: PackServer['requests'] = [];
  const server = createServer((req, res) => {
    const inm = req.headers['if-none-match'];
    requests.push({ path: req.url ?? '', ...(typeof inm === 'string' ? { ifNoneMatch: inm } : {}) });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/pack.json') => `http://127.0.0.1:${port}${path}`,
    handle: (h) => {
      handler = h;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` with an ETag and answers 304 when the client already has it. */
export function servePack(body: string, etag: string): Handler {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag });
    res.end(body);
  };
}
