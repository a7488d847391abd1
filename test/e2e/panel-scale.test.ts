/**
 * The panel with 10 000 captured requests: how long until they are listed, how many rows are in
 * the DOM, how long scroll frames and filtering take. The figures are printed for the report; the
 * assertions are generous bounds for a 2-core CI machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, randomToken, screenshot } from './harness';
import type { Extension } from './harness';

let ext: Extension;
afterEach(async () => {
  await ext?.close();
});

const TAB = 777;
const COUNT = 10_000;

describe('panel at scale', () => {
  it(`stays smooth with ${COUNT} requests`, async () => {
    ext = await launchExtension();
    const token = randomToken(40);
    // Stream the entries the way the devtools page does: over a capture port, acknowledged.
    const feeder = await ext.openPage('extension/popup/index.html?tabId=1');
    const fed = await feeder.evaluate(
      async ([tab, count, secret]) => {
        const port = chrome.runtime.connect({ name: `capture:${tab}` });
        let acked = 0;
        const done = new Promise<void>((resolve) =>
          port.onMessage.addListener(() => {
            if (++acked === count) resolve();
          }),
        );
        const t0 = performance.now();
        for (let i = 0; i < count; i++) {
          port.postMessage({
            type: 'entry',
            session: 'bench',
            seq: i,
            entry: {
              startedDateTime: new Date(1735689600000 + i).toISOString(),
              time: 5,
              request: {
                method: i % 5 ? 'GET' : 'POST',
                url: `https://app.example.test/api/items/${i}?page=${i % 7}`,
                httpVersion: 'HTTP/1.1',
                headers: [{ name: 'Authorization', value: `Bearer ${secret}` }],
                queryString: [{ name: 'page', value: String(i % 7) }],
                cookies: [],
                headersSize: -1,
                bodySize: 0,
              },
              response: {
                status: i % 50 ? 200 : 404,
                statusText: '',
                httpVersion: 'HTTP/1.1',
                headers: [{ name: 'Content-Type', value: 'application/json' }],
                cookies: [],
                content: { size: 20, mimeType: 'application/json', text: `{"id":${i},"ok":true}` },
                redirectURL: '',
                headersSize: -1,
                bodySize: 20,
              },
              cache: {},
              timings: { send: 0, wait: 5, receive: 0 },
              _resourceType: 'fetch',
            },
          });
        }
        await done;
        return performance.now() - t0;
      },
      [TAB, COUNT, token] as const,
    );

    const panel = await ext.openPage(`extension/panel/index.html?tabId=${TAB}`);
    const t0 = Date.now();
    await panel
      .getByTestId('request-count')
      .filter({ hasText: `${COUNT} requests` })
      .waitFor({ timeout: 60_000 });
    const listed = Date.now() - t0;
    await panel.getByText('Will remove').waitFor({ timeout: 120_000 });
    const analysed = Date.now() - t0;
    // The count and the findings come with the background's summary; the rows are fetched after it,
    // in pages (use-capture.ts), so they may still be on their way (seen once in CI).
    await panel.getByRole('option').first().waitFor({ timeout: 60_000 });

    const rowsInDom = await panel.getByRole('option').count();
    expect(rowsInDom).toBeGreaterThan(10);
    expect(rowsInDom).toBeLessThan(100);

    const frames = await panel.evaluate(async () => {
      const list = document.querySelector('[role="listbox"]') as HTMLElement;
      const times: number[] = [];
      let last = performance.now();
      const steps = 120;
      for (let i = 1; i <= steps; i++) {
        list.scrollTop = (list.scrollHeight * i) / steps;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      times.sort((a, b) => a - b);
      return {
        p50: times[Math.floor(times.length / 2)],
        p95: times[Math.floor(times.length * 0.95)],
        max: times[times.length - 1],
      };
    });
    expect(
      await panel
        .getByRole('option')
        .filter({ hasText: `/api/items/${COUNT - 1}?` })
        .count(),
    ).toBe(1);

    const filter = panel.getByRole('searchbox', { name: 'Filter requests' });
    const f0 = Date.now();
    await filter.fill('items/9876?');
    await panel.getByTestId('request-count').filter({ hasText: '(1 shown)' }).waitFor();
    const filtered = Date.now() - f0;
    await filter.fill('');
    await panel.getByRole('option').first().click();
    await panel.locator('.diff mark.redacted').first().waitFor({ timeout: 30_000 });
    await screenshot(panel, 'panel-10k');

    console.log(
      `panel, ${COUNT} requests: streamed+stored in ${Math.round(fed)} ms; listed ${listed} ms after opening; ` +
        `analysed ${analysed} ms; ${rowsInDom} rows in the DOM; scroll frames p50 ${frames.p50.toFixed(1)} ms, ` +
        `p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms; filter ${filtered} ms`,
    );
    expect(frames.p95).toBeLessThan(100);
    expect(filtered).toBeLessThan(2000);
  });
});
