/**
 * The local test site for the DevTools flows: login (sets a session cookie), an API call with a
 * bearer token and an API key in the query, a form post and a JSON post with passwords, a response
 * body with secrets, and a WebSocket that exchanges tokens. The secrets are handed to the page by
 * the test (page.evaluate), so no response other than the ones under test carries them.
 */
import type { Page } from 'playwright-core';
import { handedUrls, startTestServer } from './harness';
import type { DevTools, TestServer } from './harness';
import type { fakeSecrets } from './harness';

export type Secrets = ReturnType<typeof fakeSecrets>;

export async function startSite(secrets: Secrets): Promise<TestServer> {
  const json = (
    res: import('node:http').ServerResponse,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const html = (title: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>${title}</title><h1>${title}</h1>`);
  };
  return startTestServer(
    {
      '/start': html('Start'),
      '/app': html('Acme dashboard'),
      'POST /api/login': (_req, res) =>
        json(
          res,
          { ok: true, user: 'e2e-user' },
          { 'Set-Cookie': `session=${secrets.sessionCookie}; Path=/; HttpOnly` },
        ),
      '/api/data': (_req, res) => json(res, { items: [1, 2, 3], page: 2 }),
      'POST /api/form': (_req, res) => json(res, { saved: true }),
      '/api/profile': (_req, res) =>
        json(res, {
          name: 'E2E User',
          access_token: secrets.accessToken,
          notes: `CI deploy key ${secrets.githubToken} (rotate monthly)`,
        }),
      '/api/ping': (req, res) =>
        json(res, { pong: new URL(req.url ?? '/', 'http://x').searchParams.get('n') }),
    },
    (conn) => {
      conn.onMessage(() => conn.send(JSON.stringify({ type: 'welcome', session_token: secrets.wsReply })));
    },
  );
}

/** What a user of the app does: every kind of secret goes over the wire once. */
export async function useTheApp(page: Page, secrets: Secrets): Promise<void> {
  await page.evaluate(async (s) => {
    await fetch('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'e2e-user', password: s.jsonPassword }),
    }).then((r) => r.text());
    await fetch(`/api/data?api_key=${encodeURIComponent(s.apiKey)}&page=2`, {
      headers: { Authorization: `Bearer ${s.bearer}` },
    }).then((r) => r.text());
    await fetch('/api/form', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=e2e-user&password=${encodeURIComponent(s.formPassword)}`,
    }).then((r) => r.text());
    await fetch('/api/profile').then((r) => r.text());
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://${location.host}/ws`);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: s.wsToken }));
      ws.onmessage = () => ws.close();
      ws.onclose = () => resolve();
      ws.onerror = () => reject(new Error('websocket failed'));
    });
  }, secrets);
}

export const APP_PATHS = ['/app', '/api/login', '/api/data', '/api/form', '/api/profile', '/ws'];

/**
 * The app's requests (APP_PATHS) that this Chromium's DevTools hands to extensions, asked once the
 * page has used the app. Debian's Chromium 150 lists no WebSocket in `devtools.network` (neither
 * `onRequestFinished` nor `getHAR()`), 156 does: the socket is expected only where DevTools hands
 * it over (see handedUrls), so a browser that does still fails a panel that drops it.
 */
export async function appPathsListed(devtools: DevTools): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    if ((await handedUrls(devtools)).some((url) => /^wss?:/.test(url))) return APP_PATHS;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.warn("this Chromium's DevTools lists no WebSocket to extensions: /ws is not expected");
  return APP_PATHS.filter((p) => p !== '/ws');
}
