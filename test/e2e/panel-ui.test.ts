/**
 * The panel as a new user sees it, in real DevTools: after a 77-request app session the summary is
 * one line, at least 15 request rows show at DevTools' docked size, and no secret is in the page's
 * text until a value is revealed. Then, with 150 requests/s arriving, how long a click takes to
 * show its request (the figure is printed for the report; the bound is loose). Also the popup fits
 * Chrome's 600 px cap with the download first. Screenshots go to docs/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  fakeSecrets,
  launchExtension,
  leakForms,
  openDevToolsFor,
  ROOT,
  screenshot,
  showPanel,
} from './harness';
import type { Extension, TestServer } from './harness';
import { appPathsListed, startSite, useTheApp } from './site';
import type { Secrets } from './site';
import { checkAccessibleNames } from './a11y';

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

const DOCS = join(ROOT, 'docs', 'screenshots');
/** A screenshot of just the panel frame (or the popup's main) for the README. */
async function docShot(target: Page | Frame, name: string) {
  await screenshot(target, name);
  const page = 'page' in target ? target.page() : target;
  const clip =
    'page' in target
      ? await (await target.frameElement()).boundingBox()
      : await target.locator('main').boundingBox();
  mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, `${name}.png`), clip: clip ?? undefined });
}

const secretStrings = (s: Secrets) =>
  Object.values(s)
    .filter((v) => v.length >= 12)
    .flatMap(leakForms);

async function waitForCount(panel: Frame, atLeast: number) {
  await panel.waitForFunction(
    (n) => parseInt(document.querySelector('[data-testid="request-count"]')?.textContent ?? '', 10) >= n,
    atLeast,
    { timeout: 30_000 },
  );
}

/** Rows whose box lies inside the list's visible area. */
const visibleRows = (panel: Frame) =>
  panel.evaluate(() => {
    const list = document.querySelector('[role="listbox"]')!.getBoundingClientRect();
    return [...document.querySelectorAll('[role="option"]')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= list.top - 1 && b.bottom <= list.bottom + 1;
    }).length;
  });

describe('panel and popup at a glance', () => {
  it('77-request session: one-line summary, ≥ 15 rows, no secret in the text until revealed; popup ≤ 600 px', async () => {
    ext = await launchExtension({ devtools: true });
    const devtools = await openDevToolsFor(ext, `${site.url}/start`);
    const panel = await showPanel(ext, devtools);
    await devtools.page.goto(`${site.url}/app`);
    await useTheApp(devtools.page, secrets);
    await devtools.page.evaluate(async () => {
      for (let i = 0; i < 71; i++) await fetch(`/api/ping?n=${i}`).then((r) => r.text());
    });
    // 77 where DevTools lists the app's socket (see appPathsListed).
    await waitForCount(panel, (await appPathsListed(devtools)).length + 71);
    await panel.getByText(/Will remove \d+ secret value/).waitFor({ timeout: 30_000 });

    const size = await panel.evaluate(() => ({ w: innerWidth, h: innerHeight }));
    const rows = await visibleRows(panel);
    console.log(`panel ${size.w}x${size.h} px (DevTools docked, default size): ${rows} request rows visible`);
    expect(rows).toBeGreaterThanOrEqual(15);

    // Select the requests that carried secrets: their "before" values are masked.
    for (const name of ['login', /^data\?/, 'form', 'profile']) {
      await panel.getByRole('option').filter({ hasText: name }).first().click();
      await panel.locator('.diff').waitFor();
      await panel.locator('.diff [role="status"]').waitFor({ state: 'detached', timeout: 20_000 });
    }
    const text = await panel.evaluate(() => document.body.innerText);
    for (const s of secretStrings(secrets)) expect(text, 'a secret is in the panel text').not.toContain(s);
    await docShot(panel, 'panel');

    // Revealing one value shows it (so the check above can fail): the form password.
    await panel.getByRole('option').filter({ hasText: 'form' }).first().click();
    await panel.getByRole('button', { name: /Reveal original value of form fields password/ }).click();
    expect(await panel.evaluate(() => document.body.innerText)).toContain(secrets.formPassword);

    await checkAccessibleNames(panel, 'panel');

    // The popup on this tab: the download first and inside Chrome's 600 px.
    const tabId = await devtools.devtoolsFrame.evaluate(() => chrome.devtools.inspectedWindow.tabId);
    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`chrome-extension://${ext.extId}/extension/popup/index.html?tabId=${tabId}`);
    await popup.getByTestId('popup-summary').waitFor();
    const box = await popup.getByRole('button', { name: 'Download sanitized HAR' }).boundingBox();
    const height = await popup.evaluate(() => document.querySelector('main')!.scrollHeight);
    console.log(
      `popup: ${height} px tall, download button bottom at ${box?.y ?? -1 + (box?.height ?? 0)} px`,
    );
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThan(200);
    expect(height).toBeLessThanOrEqual(600);
    const popupText = await popup.evaluate(() => document.body.innerText);
    for (const s of secretStrings(secrets)) expect(popupText).not.toContain(s);
    await checkAccessibleNames(popup, 'popup');
    await popup.evaluate(() => {
      document.body.style.width = '360px';
    });
    await docShot(popup, 'popup');
  });

  it('with 150 requests/s arriving, a click shows its request within 200 ms', async () => {
    ext = await launchExtension({ devtools: true });
    const devtools = await openDevToolsFor(ext, `${site.url}/start`);
    const panel = await showPanel(ext, devtools);
    await devtools.page.goto(`${site.url}/app`);
    await devtools.page.evaluate(async () => {
      for (let i = 0; i < 30; i++) await fetch(`/api/ping?n=warm${i}`).then((r) => r.text());
    });
    await waitForCount(panel, 30);
    // About 150 requests/s and more: the page's own traffic (50/s; the browser's 6 connections per
    // host cap what a page can do here), plus entries streamed over a capture port the way the
    // devtools page streams them, 15 every 100 ms, until told to stop.
    await devtools.page.evaluate(() => {
      let n = 0;
      (window as unknown as { load: ReturnType<typeof setInterval> }).load = setInterval(() => {
        for (let i = 0; i < 5; i++) void fetch(`/api/ping?n=load${n++}`).then((r) => r.text());
      }, 100);
    });
    const tabId = await devtools.devtoolsFrame.evaluate(() => chrome.devtools.inspectedWindow.tabId);
    // From the devtools page itself: a page opened in another tab would put DevTools in the background.
    const feeder = devtools.devtoolsFrame;
    await feeder.evaluate(
      ([tab, base]) => {
        const port = chrome.runtime.connect({ name: `capture:${tab}` });
        let n = 0;
        (window as unknown as { feed: ReturnType<typeof setInterval> }).feed = setInterval(() => {
          for (let i = 0; i < 15; i++, n++) {
            port.postMessage({
              type: 'entry',
              session: 'feed',
              seq: n,
              entry: {
                startedDateTime: new Date().toISOString(),
                time: 3,
                request: {
                  method: 'GET',
                  url: `${base}/api/feed?n=feed${n}`,
                  httpVersion: 'HTTP/1.1',
                  headers: [
                    {
                      name: 'Authorization',
                      value: `Bearer feed-${n}-${Math.random().toString(36).slice(2)}xyz`,
                    },
                  ],
                  queryString: [{ name: 'n', value: `feed${n}` }],
                  cookies: [],
                  headersSize: -1,
                  bodySize: 0,
                },
                response: {
                  status: 200,
                  statusText: 'OK',
                  httpVersion: 'HTTP/1.1',
                  headers: [{ name: 'Content-Type', value: 'application/json' }],
                  cookies: [],
                  content: { size: 20, mimeType: 'application/json', text: `{"n":${n},"ok":true}` },
                  redirectURL: '',
                  headersSize: -1,
                  bodySize: 20,
                },
                cache: {},
                timings: { send: 0, wait: 3, receive: 0 },
                _resourceType: 'fetch',
              },
            });
          }
        }, 100);
      },
      [tabId, site.url] as const,
    );
    const countNow = async () =>
      parseInt(
        await panel.evaluate(() => document.querySelector('[data-testid="request-count"]')!.textContent!),
        10,
      );
    const c0 = await countNow();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    const times: number[] = [];
    for (let k = 0; k < 8; k++) {
      const ms = await panel.evaluate(async (k) => {
        const rowsNow = () =>
          ([...document.querySelectorAll('[role="option"]')] as HTMLElement[]).filter((o) =>
            /n=\w+/.test(o.querySelector('.c-name')!.firstChild!.textContent!),
          );
        let opts = rowsNow();
        for (let wait = 0; opts.length === 0 && wait < 50; wait++) {
          await new Promise((r) => setTimeout(r, 100));
          opts = rowsNow();
        }
        if (opts.length === 0) throw new Error(`no request rows: ${document.body.innerText.slice(0, 400)}`);
        const row = opts[(k * 3) % opts.length];
        const name = row.querySelector('.c-name')!.firstChild!.textContent!;
        const n = /n=([\w]+)/.exec(name)![1];
        const t0 = performance.now();
        row.click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const d = document.querySelector('[data-testid="detail"] .diff');
          if (d && d.textContent!.includes(`n=${n}`)) return performance.now() - t0;
          if (performance.now() - t0 > 10_000) return Infinity;
        }
      }, k);
      times.push(ms);
      await new Promise((r) => setTimeout(r, 250));
    }
    const rate = ((await countNow()) - c0) / ((Date.now() - t0) / 1000);
    await devtools.page.evaluate(() => clearInterval((window as unknown as { load: number }).load));
    await feeder.evaluate(() => clearInterval((window as unknown as { feed: number }).feed));
    times.sort((a, b) => a - b);
    console.log(
      `selection under 150 requests/s: median ${times[4].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms ` +
        `(${times.map((t) => t.toFixed(0)).join(', ')}); requests arriving in the panel at ${rate.toFixed(0)}/s`,
    );
    // The feed offers 150/s on top of the page's own requests (about 190/s arrive on a quiet machine);
    // a busy machine delivers fewer: the check only makes sure the panel really was under load.
    expect(rate, 'the panel was under load').toBeGreaterThan(60);
    expect(times[4]).toBeLessThan(1000);
  });
});
