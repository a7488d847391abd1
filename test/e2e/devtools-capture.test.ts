/**
 * Flows (1) and (3): DevTools open on a local site → the "HAR Redactor" panel → "Download sanitized
 * HAR" → a valid HAR with every request and none of the secrets; and the same when the service
 * worker is stopped in the middle of the capture.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import {
  clickPanelDownload,
  fakeSecrets,
  launchExtension,
  leakForms,
  openDevToolsFor,
  readDownload,
  recordedDownload,
  saveArtifact,
  screenshot,
  showPanel,
  stopServiceWorker,
} from './harness';
import type { DevTools, Extension, TestServer } from './harness';
import { appPathsListed, startSite, useTheApp } from './site';
import type { Secrets } from './site';
import type { Frame } from 'playwright-core';
import { harSchemaErrors } from '../cli/har-schema';

let ext: Extension;
let site: TestServer;
let secrets: Secrets;

beforeAll(async () => {
  secrets = fakeSecrets();
  site = await startSite(secrets);
});
afterAll(async () => {
  await site?.close();
});
afterEach(async () => {
  await ext?.close();
});

async function waitForCount(panel: Frame, atLeast: number) {
  await panel.waitForFunction(
    (n) => {
      const text = document.querySelector('[data-testid="request-count"]')?.textContent ?? '';
      return parseInt(text, 10) >= n;
    },
    atLeast,
    { timeout: 30_000 },
  );
}

async function downloadFromPanel(
  ext: Extension,
  devtools: DevTools,
  panel: Frame,
): Promise<{ har: Har; said: string }> {
  const since = Date.now();
  const event = devtools.window.waitForEvent('download', { timeout: 90_000 });
  event.catch(() => undefined);
  await clickPanelDownload(panel);
  // The panel says how it ended: "Saved …" (status) or why not (alert). Bounded by the panel's
  // own deadlines (DevTools' log 10 s, a silent background 30 s), so a hang fails with its reason.
  const outcome = panel.locator('[data-testid="download-message"]');
  await outcome.waitFor({ timeout: 90_000 }).catch(async (err: unknown) => {
    // Where it stopped, for whoever reads the failure.
    const state = await panel
      .evaluate(() => {
        const d = document.querySelector('.download');
        return `phase=${d?.getAttribute('data-phase')} text=${d?.textContent}`;
      })
      .catch((e: unknown) => `panel unreachable: ${String(e)}`);
    await screenshot(devtools.window, `panel-download-stuck-${Date.now()}`).catch(() => undefined);
    throw new Error(`no outcome in the panel (${state}): ${String(err)}`);
  });
  if ((await outcome.getAttribute('role')) === 'alert') {
    throw new Error(`the panel refused the download: ${await outcome.innerText()}`);
  }
  // Saved. Playwright reports the download when it knows the panel's frame; Chrome's record always has it.
  const seen = await Promise.race([event, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
  const text = seen ? await readDownload(seen) : await recordedDownload(ext, since);
  saveArtifact(`panel-${Date.now()}.har`, text);
  for (const [name, value] of Object.entries(secrets)) {
    for (const form of leakForms(value)) {
      expect(text.includes(form), `${name} leaked (${form.slice(0, 12)}…)`).toBe(false);
    }
  }
  const har = JSON.parse(text) as Har;
  expect(harSchemaErrors(har)).toEqual([]);
  return { har, said: await outcome.innerText() };
}

const paths = (har: Har) => har.log.entries.map((e) => new URL(e.request.url).pathname);

describe('DevTools panel capture', () => {
  it('downloads a valid HAR with every request and none of the secrets', async () => {
    ext = await launchExtension({ devtools: true });
    const devtools = await openDevToolsFor(ext, `${site.url}/start`);
    await devtools.page.goto(`${site.url}/app`);
    await useTheApp(devtools.page, secrets);
    // A socket still open at export is only in getHAR(): the panel merges it in.
    await devtools.page.evaluate(
      (token) =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ws-live`);
          Object.assign(window, { liveSocket: ws });
          ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
          ws.onmessage = () => resolve();
        }),
      secrets.liveWsToken,
    );
    const expected = await appPathsListed(devtools);
    const sockets = expected.includes('/ws');

    const panel = await showPanel(ext, devtools);
    await waitForCount(panel, expected.length);
    await panel.waitForSelector('text=Will remove', { timeout: 30_000 });
    // The before/after view of the request that carried the bearer token and the API key.
    // The list is virtual and still growing (the socket's messages): click until the row is selected.
    const row = panel.getByRole('option').filter({ hasText: '/api/data' });
    await expect
      .poll(
        async () => {
          await row.click();
          return row.getAttribute('aria-selected');
        },
        { timeout: 30_000 },
      )
      .toBe('true');
    await panel.waitForSelector('.diff mark.redacted', { timeout: 30_000 });
    await screenshot(devtools.window, 'panel');

    const { har } = await downloadFromPanel(ext, devtools, panel);
    for (const p of [...expected, ...(sockets ? ['/ws-live'] : [])])
      expect(paths(har), `request ${p}`).toContain(p);

    // The popup shows the same capture (count, findings by kind) and downloads it too.
    const tabId = await devtools.devtoolsFrame.evaluate(() => chrome.devtools.inspectedWindow.tabId);
    const popup = await ext.openPage(`extension/popup/index.html?tabId=${tabId}`);
    await popup.setViewportSize({ width: 380, height: 420 });
    await popup.getByTestId('popup-count').waitFor();
    // The count is what the devtools page captured; the open socket came from getHAR() at export.
    // (The panel's own count: a browser that hands the closed socket over through
    // onRequestFinished only, not through getHAR, counts it there too.)
    const captured = parseInt(await panel.locator('[data-testid="request-count"]').innerText(), 10);
    expect(captured).toBeGreaterThanOrEqual(expected.length);
    expect(await popup.getByTestId('popup-count').innerText()).toContain(`${captured} requests`);
    await popup.getByTestId('popup-summary').waitFor();
    await screenshot(popup, 'popup-capture');
    const [fromPopup] = await Promise.all([
      popup.waitForEvent('download', { timeout: 60_000 }),
      popup.getByRole('button', { name: 'Download sanitized HAR' }).click(),
    ]);
    const popupText = await readDownload(fromPopup);
    for (const value of Object.values(secrets)) expect(popupText.includes(value)).toBe(false);
    expect((JSON.parse(popupText) as Har).log.entries.length).toBe(har.log.entries.length);

    // What support needs survives: names, non-secret parameters, statuses, the socket's messages.
    const data = har.log.entries.find((e) => e.request.url.includes('/api/data'))!;
    expect(data.request.queryString.find((q) => q.name === 'page')?.value).toBe('2');
    expect(data.request.headers.some((h) => h.name.toLowerCase() === 'authorization')).toBe(true);
    expect(data.response.status).toBe(200);
    if (sockets) {
      const ws = har.log.entries.find((e) => e.request.url.includes('/ws')) as unknown as {
        _webSocketMessages?: { data: string }[];
      };
      expect(ws._webSocketMessages?.length ?? 0).toBeGreaterThanOrEqual(2);
    }
    expect((har.log as unknown as { _redaction?: unknown })._redaction).toBeTruthy();

    // DevTools' getHAR() that never answers does not hang the download: after its deadline the
    // panel downloads what it captured and says what the file lacks.
    await panel.evaluate(() => location.reload());
    await panel.waitForSelector('text=Download sanitized HAR', { timeout: 30_000 });
    await waitForCount(panel, expected.length);
    await panel.evaluate(() => {
      Object.defineProperty(chrome.devtools.network, 'getHAR', { value: () => undefined });
    });
    const started = Date.now();
    const late = await downloadFromPanel(ext, devtools, panel);
    expect(late.said).toContain('DevTools did not hand over its own log in time');
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    for (const p of expected) expect(paths(late.har), `request ${p}`).toContain(p);
  });

  it('keeps every request when the service worker is stopped mid-capture', async () => {
    ext = await launchExtension({ devtools: true });
    const devtools = await openDevToolsFor(ext, `${site.url}/start`);
    await devtools.page.goto(`${site.url}/app`);
    const ping = (from: number, to: number) =>
      devtools.page.evaluate(
        async ([a, b]) => {
          for (let n = a; n < b; n++) await fetch(`/api/ping?n=${n}`).then((r) => r.text());
        },
        [from, to] as const,
      );
    await ping(0, 10);
    // Wait until the worker holds the first half, then stop it while more traffic flows.
    const sw = await ext.worker();
    await expect
      .poll(
        () =>
          sw.evaluate(async () => {
            const all = await chrome.storage.session.get(null);
            return Object.keys(all).filter((k) => /^cap:\d+:e:/.test(k)).length;
          }),
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(11);
    await sw.evaluate(() => Object.assign(globalThis, { __beforeStop: true }));
    await stopServiceWorker(ext);
    await ping(10, 20);
    await useTheApp(devtools.page, secrets);
    const expected = await appPathsListed(devtools);

    const panel = await showPanel(ext, devtools);
    const total = 1 + 20 + expected.length - 1;
    await waitForCount(panel, total);
    const { har } = await downloadFromPanel(ext, devtools, panel);
    const pings = har.log.entries
      .filter((e) => e.request.url.includes('/api/ping'))
      .map((e) => Number(new URL(e.request.url).searchParams.get('n')))
      .sort((a, b) => a - b);
    expect(pings).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const p of expected) expect(paths(har), `request ${p}`).toContain(p);
    expect(har.log.entries.length).toBe(total);
    // It really was a new worker: the old one's globals are gone.
    const restarted = await ext.worker();
    expect(
      await restarted.evaluate(() => (globalThis as { __beforeStop?: boolean }).__beforeStop ?? false),
    ).toBe(false);
  });
});
