/**
 * Issue 15: a capture bigger than storage.session's quota (10 MB) survives a service-worker
 * restart with every body: the DevTools page, which holds what the worker could keep only in memory,
 * re-supplies it. And no raw capture is ever written to disk (storage.local, IndexedDB).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import {
  launchExtension,
  leakForms,
  openDevToolsFor,
  randomToken,
  readDownload,
  saveArtifact,
  screenshot,
  startTestServer,
  stopServiceWorker,
} from './harness';
import type { Extension, TestServer } from './harness';

const BIG = 6;
const BODY_BYTES = 2_500_000; // 6 × 2.5 MB = 15 MB, against storage.session's 10 MB

let ext: Extension;
let site: TestServer;
// One fake token per response, so a body missing from the export cannot hide behind another.
const tokens = Array.from({ length: BIG }, () => `ghp_${randomToken(36)}`);

/** A big JSON response: rows of plain words (kept by redaction), a token (redacted), an end marker. */
function bigBody(n: number): string {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < BODY_BYTES; i++) {
    const row = `row ${n}.${i} of the quarterly report for the east region`;
    rows.push(row);
    size += row.length + 3;
  }
  return JSON.stringify({ n, access_token: tokens[n], rows, end: `end-of-body-${n}` });
}

beforeAll(async () => {
  const html = (title: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>${title}</title><h1>${title}</h1>`);
  };
  site = await startTestServer({
    '/start': html('Start'),
    '/app': html('Reports'),
    '/api/big': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(bigBody(n));
    },
  });
});
afterAll(async () => {
  await site?.close();
});
afterEach(async () => {
  await ext?.close();
});

interface Meta {
  count: number;
  notPersisted: number[];
}

describe('capture bigger than session storage, across a service-worker restart', () => {
  it.each([
    ['bodies beyond the quota are stored stripped', false],
    ['session storage is already full: entries are not stored at all', true],
  ])(
    'exports every body after the worker restarts (%s), and writes no raw capture to disk',
    async (_name, fill) => {
      ext = await launchExtension({ devtools: true });
      const devtools = await openDevToolsFor(ext, `${site.url}/start`);
      await devtools.page.goto(`${site.url}/app`);
      const tabId = await devtools.devtoolsFrame.evaluate(() => chrome.devtools.inspectedWindow.tabId);
      const sw = await ext.worker();
      if (fill) {
        // Someone else's data leaves 20 kB: not even the stripped copies fit.
        await sw.evaluate(async () => {
          const used = await chrome.storage.session.getBytesInUse(null);
          const room = chrome.storage.session.QUOTA_BYTES - used - 20_000;
          await chrome.storage.session.set({ 'e2e:filler': 'x'.repeat(room) });
        });
      }
      await devtools.page.evaluate(async (count) => {
        for (let n = 0; n < count; n++) await fetch(`/api/big?n=${n}`).then((r) => r.text());
      }, BIG);

      // The worker has every entry (the popup counts what it holds in memory)...
      const popup = await ext.openPage(`extension/popup/index.html?tabId=${tabId}`);
      await popup.setViewportSize({ width: 380, height: 420 });
      const count = async () => {
        await popup.reload();
        return parseInt(await popup.getByTestId('popup-count').innerText({ timeout: 30_000 }), 10);
      };
      await expect.poll(count, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(BIG);
      // ...and session storage could not take them all.
      const metaKey = `cap:${tabId}:meta`;
      const readMeta = () =>
        sw.evaluate(async (key) => (await chrome.storage.session.get(key))[key] as Meta | undefined, metaKey);
      if (fill) expect((await readMeta())?.count ?? 0).toBeLessThan(BIG);
      else {
        await expect
          .poll(async () => (await readMeta())?.count ?? 0, { timeout: 30_000 })
          .toBeGreaterThanOrEqual(BIG);
        expect((await readMeta())?.notPersisted.length).toBeGreaterThan(0);
      }

      await sw.evaluate(() => Object.assign(globalThis, { __beforeStop: true }));
      await stopServiceWorker(ext);

      // Export through the background (the popup's download runs the same job as the panel's).
      await popup.reload();
      await popup.getByTestId('popup-count').waitFor({ timeout: 30_000 });
      await screenshot(popup, `capture-restart-popup${fill ? '-full' : ''}`);
      const clicked = Date.now();
      const [download] = await Promise.all([
        popup.waitForEvent('download', { timeout: 120_000 }),
        popup.getByRole('button', { name: 'Download sanitized HAR' }).click(),
      ]);
      const text = await readDownload(download);
      console.log(`capture-restart (fill=${fill}): export after the restart took ${Date.now() - clicked} ms`);
      saveArtifact(`capture-restart-${Date.now()}.har`, text.slice(0, 200_000));

      // It really was a new worker.
      const restarted = await ext.worker();
      expect(
        await restarted.evaluate(() => (globalThis as { __beforeStop?: boolean }).__beforeStop ?? false),
      ).toBe(false);

      // Every body is in the export, whole and redacted.
      for (const token of tokens)
        for (const form of leakForms(token)) expect(text.includes(form)).toBe(false);
      const har = JSON.parse(text) as Har;
      const big = har.log.entries.filter((e) => e.request.url.includes('/api/big'));
      expect(big.map((e) => Number(new URL(e.request.url).searchParams.get('n'))).sort()).toEqual(
        Array.from({ length: BIG }, (_, n) => n),
      );
      for (const e of big) {
        const n = Number(new URL(e.request.url).searchParams.get('n'));
        const body = e.response.content.text ?? '';
        expect(body.length, `body ${n}`).toBeGreaterThan(BODY_BYTES);
        expect(body, `body ${n}`).toContain(`end-of-body-${n}`);
        expect(body, `body ${n}`).toContain(`row ${n}.1000 of the quarterly report`);
        expect((e as { _bodyNotAvailable?: boolean })._bodyNotAvailable, `body ${n}`).toBeFalsy();
      }

      // The capture's analysis (popup and panel findings) catches up with the re-supplied bodies too.
      await expect
        .poll(
          async () => {
            await popup.reload();
            await popup.getByTestId('popup-count').waitFor();
            return popup.locator('body').innerText();
          },
          { timeout: 30_000, interval: 500 },
        )
        .toContain(`Will remove ${BIG} secret values`);
      await screenshot(popup, `capture-restart-popup-after${fill ? '-full' : ''}`);

      // No raw capture on disk: storage.local holds settings only, and nobody opened IndexedDB.
      const local = await restarted.evaluate(async () =>
        JSON.stringify(await chrome.storage.local.get(null)),
      );
      expect(local).not.toContain('quarterly report');
      expect(local).not.toContain('/api/big');
      for (const token of tokens) expect(local).not.toContain(token);
      expect(await restarted.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
      expect(await popup.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    },
  );
});
