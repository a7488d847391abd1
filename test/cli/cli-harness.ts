import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = process.env.HAR_REDACT_CLI ?? path.join(repoRoot, 'dist-cli/har-redact.mjs');

let built = false;

/** esbuild takes well under a second: always build, so the tests never run a stale bundle. */
export function buildCli(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-cli.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CLI build failed:\n${r.stderr}`);
  built = true;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {},
): CliRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    input: opts.input ?? '',
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hex = (n: number) => randomBytes(n).toString('hex');

/**
 * A small Chrome-like HAR with generated (fake, random) credentials: a bearer token in
 * Authorization, a session cookie in both the Cookie header and the cookies array.
 */
export function secretFixture() {
  const bearer = `fake_bearer_${hex(20)}`;
  const session = `fake_session_${hex(16)}`;
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [
        {
          startedDateTime: '2026-01-02T03:04:05.000Z',
          id: 'page_1',
          title: 'https://app.example.test/',
          pageTimings: { onContentLoad: 10, onLoad: 20 },
        },
      ],
      entries: [
        {
          pageref: 'page_1',
          startedDateTime: '2026-01-02T03:04:05.100Z',
          time: 42.5,
          request: {
            method: 'GET',
            url: 'https://api.example.test/v1/projects?page=2',
            httpVersion: 'HTTP/2',
            headers: [
              { name: 'Authorization', value: `Bearer ${bearer}` },
              { name: 'Cookie', value: `session=${session}; theme=dark` },
              { name: 'Accept', value: 'application/json' },
            ],
            queryString: [{ name: 'page', value: '2' }],
            cookies: [
              { name: 'session', value: session },
              { name: 'theme', value: 'dark' },
            ],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 200,
            statusText: 'OK',
            httpVersion: 'HTTP/2',
            headers: [
              { name: 'Content-Type', value: 'application/json' },
              { name: 'X-Request-Id', value: 'req-7f3a' },
            ],
            cookies: [],
            content: { size: 27, mimeType: 'application/json', text: '{"projects":[{"id":"p-1"}]}' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 27,
          },
          cache: {},
          timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 40, receive: 2.4 },
          _resourceType: 'fetch',
        },
        {
          startedDateTime: '2026-01-02T03:04:06.000Z',
          time: 5,
          request: {
            method: 'GET',
            url: 'https://cdn.example.test/app.css',
            httpVersion: 'HTTP/2',
            headers: [{ name: 'Accept', value: 'text/css' }],
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 304,
            statusText: 'Not Modified',
            httpVersion: 'HTTP/2',
            headers: [],
            cookies: [],
            content: { size: 0, mimeType: 'text/css' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 0,
          },
          cache: {},
          timings: { send: 0, wait: 4, receive: 1 },
        },
      ],
    },
  };
  return { har, text: JSON.stringify(har, null, 2), secrets: [bearer, session] };
}

/** A HAR with nothing secret in it. */
export function cleanFixture() {
  const { har } = secretFixture();
  har.log.entries.shift();
  return JSON.stringify(har);
}
