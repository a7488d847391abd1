/**
 * Real-Chromium helpers for the end-to-end tests (see ../../../shared/notes/browser-testing.md).
 * Everything here leans on Chromium / Playwright internals (PW_CHROMIUM_ATTACH_TO_OTHER,
 * DevToolsAPI.showPanel, CDP Target.closeTarget): keep it all in this one file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Download, Frame, Page, Worker } from 'playwright-core';

export const ROOT = resolve(__dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PANEL_TITLE = 'HAR Redactor';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const POLICY_DIR = '/etc/chromium/policies/managed';

/** Tests build nothing: `npm test` builds first. Say so clearly when it did not happen. */
export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'manifest.json'))) {
    throw new Error(
      'dist/ is missing: run `npm run build` (or `npm test`, which builds) before the e2e tests.',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
}

/** The id Chromium derives from the manifest `key`: SHA-256 of the DER key, first 32 hex digits as a–p. */
export function extensionIdFromKey(keyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export interface Extension {
  context: BrowserContext;
  sw: Worker;
  extId: string;
  /** Re-acquires the worker (after a restart the old handle is stale). */
  worker(): Promise<Worker>;
  /** An extension page (path inside dist/, e.g. `extension/popup/index.html`). */
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchExtension(
  opts: { policy?: object; args?: string[]; devtools?: boolean } = {},
): Promise<Extension> {
  assertBuilt();
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as { key?: string };
  let policyFile: string | null = null;
  if (opts.policy) {
    if (!manifest.key) throw new Error('A policy needs a fixed extension id: the manifest has no key.');
    mkdirSync(POLICY_DIR, { recursive: true });
    policyFile = join(POLICY_DIR, `har-redactor-e2e-${process.pid}.json`);
    const id = extensionIdFromKey(manifest.key);
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [id]: opts.policy } } }));
  }
  if (opts.devtools) process.env.PW_CHROMIUM_ATTACH_TO_OTHER = '1';
  const userDataDir = mkdtempSync(join(tmpdir(), 'har-redactor-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.devtools ? ['--auto-open-devtools-for-tabs'] : []),
      ...(opts.args ?? []),
    ],
  });
  const sw =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extId = new URL(sw.url()).host;
  const ext: Extension = {
    context,
    sw,
    extId,
    async worker() {
      const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extId}/`));
      if (live) {
        try {
          await live.evaluate(() => 1);
          return live;
        } catch {
          // stale handle: wait for the restarted one
        }
      }
      return context.waitForEvent('serviceworker', { timeout: 20_000 });
    },
    async openPage(path: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extId}/${path}`);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      if (opts.devtools) delete process.env.PW_CHROMIUM_ATTACH_TO_OTHER;
      if (policyFile) rmSync(policyFile, { force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return ext;
}

export interface DevTools {
  /** The inspected tab. */
  page: Page;
  /** The DevTools window (a Page thanks to PW_CHROMIUM_ATTACH_TO_OTHER). */
  window: Page;
  /** The extension's devtools page, a frame inside the DevTools window. */
  devtoolsFrame: Frame;
}

const DEVTOOLS_PAGE = '/extension/devtools/index.html';

async function inspectedUrl(frame: Frame): Promise<string | null> {
  return frame
    .evaluate(
      () =>
        new Promise<string | null>((resolveUrl) => {
          const evaluate = chrome.devtools.inspectedWindow.eval as unknown as (
            expression: string,
            callback: (result: unknown) => void,
          ) => void;
          evaluate('location.href', (res) => resolveUrl(typeof res === 'string' ? res : null));
        }),
    )
    .catch(() => null);
}

/**
 * Opens a tab on `url` (an http page: about:blank and data: break inspectedWindow.eval) with DevTools
 * open on it, and waits until the extension's devtools page is listening. Navigate to the page
 * under test only after this returns: earlier requests are never delivered to the extension.
 */
export async function openDevToolsFor(ext: Extension, url: string): Promise<DevTools> {
  const page = await ext.context.newPage();
  await page.goto(url);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const win of ext.context.pages()) {
      if (!win.url().startsWith('devtools://')) continue;
      const frame = win.frames().find((f) => f.url().includes(`${ext.extId}${DEVTOOLS_PAGE}`));
      if (frame && (await inspectedUrl(frame)) === page.url()) {
        // What DevTools hands to extensions from now on (see handedUrls), before the test's traffic.
        await frame.evaluate(() => {
          const urls: string[] = ((window as Handed).__handedUrls = []);
          chrome.devtools.network.onRequestFinished.addListener((r) => urls.push(r.request.url));
        });
        return { page, window: win, devtoolsFrame: frame };
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No DevTools window with the extension's devtools page for ${url}`);
}

/** The URLs `devtools.network.onRequestFinished` delivered since openDevToolsFor. */
type Handed = { __handedUrls?: string[] };

/**
 * Every URL this Chromium's DevTools hands to extensions for the inspected tab: what
 * `onRequestFinished` delivered since {@link openDevToolsFor}, and what `getHAR()` lists now.
 */
export async function handedUrls(devtools: DevTools): Promise<string[]> {
  return devtools.devtoolsFrame.evaluate(
    () =>
      new Promise<string[]>((resolve) =>
        chrome.devtools.network.getHAR((har) =>
          resolve([...((window as Handed).__handedUrls ?? []), ...har.entries.map((e) => e.request.url)]),
        ),
      ),
  );
}

/** Selects the "HAR Redactor" panel (it loads only when shown) and returns its frame. */
export async function showPanel(ext: Extension, devtools: DevTools): Promise<Frame> {
  const id = `chrome-extension://${ext.extId}${PANEL_TITLE.replace(/\s+/g, '')}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await devtools.window
      .evaluate(
        (panelId) =>
          (globalThis as unknown as { DevToolsAPI: { showPanel(id: string): void } }).DevToolsAPI.showPanel(
            panelId,
          ),
        id,
      )
      .catch(() => undefined);
    const frame = devtools.window
      .frames()
      .find((f) => f.url().includes(`${ext.extId}/extension/panel/index.html`));
    if (frame) {
      await frame.waitForSelector('text=Download sanitized HAR', { timeout: 10_000 });
      return frame;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('The HAR Redactor panel did not load');
}

export async function readDownload(download: Download): Promise<string> {
  const path = await download.path();
  if (!path) throw new Error(`download failed: ${await download.failure()}`);
  return readFileSync(path, 'utf8');
}

/**
 * The file of the newest download Chrome recorded since `since` (ms), once it is complete. For a
 * download Playwright did not attribute to a page (it drops `downloadWillBegin` for a frame it does
 * not know): Chrome's own record says where the file is.
 */
export async function recordedDownload(ext: Extension, since: number, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const sw = await ext.worker();
    const item = await sw.evaluate(async (after) => {
      const [last] = await chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 });
      if (!last || Date.parse(last.startTime) < after) return null;
      return { state: last.state, filename: last.filename, error: last.error ?? null };
    }, since - 1000);
    if (item?.state === 'interrupted') throw new Error(`download interrupted: ${item.error}`);
    if (item?.state === 'complete' && item.filename) return readFileSync(item.filename, 'utf8');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Chrome recorded no finished download');
}

/**
 * Stops the extension's service worker the way Chrome does when idle (CDP Target.closeTarget).
 * Playwright keeps the same Worker handle for the restarted worker; calls on it wait while the
 * worker is stopped. To prove a restart, set a global before and check it is gone after.
 */
export async function stopServiceWorker(ext: Extension): Promise<void> {
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser handle for this context');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const workers = targetInfos.filter(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extId}/`),
    );
    if (workers.length === 0) throw new Error('the extension has no running service worker');
    for (const t of workers) await cdp.send('Target.closeTarget', { targetId: t.targetId });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Keeps a file the test produced (a download) in test-results/ for a human to look at. */
export function saveArtifact(name: string, text: string): void {
  const dir = join(ROOT, 'test-results', 'downloads');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
}

export async function screenshot(target: Page | Frame, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const page = 'page' in target ? target.page() : target;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

// ---- Test server ------------------------------------------------------------------------------

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface WsConnection {
  send(text: string): void;
  close(): void;
  onMessage(cb: (text: string) => void): void;
}

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1 (random port). Handlers are keyed by path (`GET /x` or `/x`);
 * `ws` handles WebSocket upgrades with hand-rolled framing (text frames, masks, close).
 */
export async function startTestServer(
  handlers: Record<string, Handler>,
  ws?: (conn: WsConnection, req: IncomingMessage) => void,
): Promise<TestServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const handler = handlers[`${req.method} ${path}`] ?? handlers[path];
      if (!handler) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      void Promise.resolve(handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch((err) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
  });
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket) => {
    sockets.add(socket);
    if (!ws) return socket.destroy();
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    ws(wsConnection(socket), req);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function wsConnection(socket: Duplex): WsConnection {
  const listeners: ((text: string) => void)[] = [];
  let buffer = Buffer.alloc(0);
  const frame = (opcode: number, payload: Buffer) => {
    const len = payload.length;
    const head =
      len < 126
        ? Buffer.from([0x80 | opcode, len])
        : len < 65536
          ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255])
          : (() => {
              const b = Buffer.alloc(10);
              b[0] = 0x80 | opcode;
              b[1] = 127;
              b.writeBigUInt64BE(BigInt(len), 2);
              return b;
            })();
    socket.write(Buffer.concat([head, payload]));
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 2) {
      const opcode = buffer[0] & 0x0f;
      const masked = (buffer[1] & 0x80) !== 0;
      let len = buffer[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (buffer.length < 4) return;
        len = buffer.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (buffer.length < 10) return;
        len = Number(buffer.readBigUInt64BE(2));
        at = 10;
      }
      const maskAt = at;
      if (masked) at += 4;
      if (buffer.length < at + len) return;
      const payload = Buffer.from(buffer.subarray(at, at + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= buffer[maskAt + (i % 4)];
      buffer = buffer.subarray(at + len);
      if (opcode === 0x8) {
        frame(0x8, Buffer.alloc(0));
        socket.end();
        return;
      }
      if (opcode === 0x1) for (const l of listeners) l(payload.toString('utf8'));
    }
  });
  socket.on('error', () => undefined);
  return {
    send: (text) => frame(0x1, Buffer.from(text, 'utf8')),
    close: () => {
      frame(0x8, Buffer.alloc(0));
      socket.end();
    },
    onMessage: (cb) => listeners.push(cb),
  };
}

// ---- Fake but realistic secrets, fresh per run ------------------------------------------------

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomToken(length: number, alphabet = alnum): string {
  const bytes = randomBytes(length);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

export function fakeSecrets() {
  const jwt = [
    b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
    b64url(
      JSON.stringify({
        sub: `user-${randomToken(8)}`,
        email: `e2e.${randomToken(6).toLowerCase()}@example.test`,
        iat: 1700000000,
      }),
    ),
    b64url(randomBytes(32)),
  ].join('.');
  return {
    sessionCookie: randomToken(40),
    bearer: jwt,
    apiKey: `sk_test_${randomToken(32)}`,
    formPassword: `Pw-${randomToken(16)}!`,
    jsonPassword: `Jp-${randomToken(16)}#`,
    accessToken: randomToken(48),
    githubToken: `ghp_${randomToken(36)}`,
    wsToken: randomToken(40),
    wsReply: `wsr_${randomToken(32)}`,
    liveWsToken: randomToken(40),
  };
}

/** Every way a secret may survive in a file: raw, URL-encoded, base64. */
export function leakForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
}

/**
 * Sends one typed message to the worker from an extension page, as the popup and options do;
 * throws the handler's error when the reply is `{ ok: false }`.
 */
export async function callWorker<T>(page: Page, type: string, payload: unknown = {}): Promise<T> {
  const reply = (await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [
    type,
    payload,
  ] as const)) as { ok: true; value: T } | { ok: false; error: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/**
 * Clicks the panel's "Download sanitized HAR" until the panel shows it started (its phase) or ended
 * (its message): a click can land while the panel's layout still moves (counts, list) and do nothing.
 */
export async function clickPanelDownload(panel: Frame | Page): Promise<void> {
  const button = panel.getByRole('button', { name: 'Download sanitized HAR' });
  for (let attempt = 1; ; attempt++) {
    await button.click();
    const reacted = await panel
      .waitForFunction(
        () =>
          document.querySelector('.download')?.getAttribute('data-phase') !== 'idle' ||
          document.querySelector('[data-testid="download-message"]') !== null,
        undefined,
        { timeout: 3_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (reacted) return;
    if (attempt === 3) throw new Error('three clicks on "Download sanitized HAR" did nothing');
  }
}
