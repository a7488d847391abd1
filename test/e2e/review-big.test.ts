/**
 * Issue 15, "the same in the browser": a 300 MB HAR through the review page in real Chromium. The page
 * hands the File to its worker, which streams it (File.stream()) through the core's streaming pipeline
 * and builds the download from parts: the run completes with visible progress, the page stays
 * responsive, the download is a valid HAR with every entry and none of the planted secrets; keeping
 * one value streams the File again. About 2.5 minutes on two cores (each run 30–70 s, each download
 * 10–15 s); the input and the downloads are deleted at the end.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, screenshot } from './harness';
import type { Extension } from './harness';
import { watchPage } from './page-watch';
import { fileSecrets } from '../fixtures/e2e/make-har';
import { writeBigHar } from '../fixtures/e2e/big-har-file';
import { EntrySplitter } from '../../src/har/split';

let ext: Extension | undefined;
const tempDirs: string[] = [];
afterEach(async () => {
  await ext?.close();
  ext = undefined;
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const MB = 1024 * 1024;

/** Reads a file in pieces: each piece to `each` (a 300 MB download is never one string here). */
function eachChunk(path: string, each: (chunk: Buffer) => void, size = 16 * MB): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    for (;;) {
      const n = readSync(fd, buf, 0, size, null);
      if (!n) break;
      each(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/** Peak resident memory (MiB) of Chromium's browser process and of its extension renderer (page + worker). */
function chromiumRss(): { browser: number; extension: number } {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
  let browser = 0;
  let extension = 0;
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)(.*)$/.exec(line);
    if (!m || !/chromium/.test(m[2])) continue;
    const rss = Number(m[1]) / 1024;
    if (!m[3].includes('--type=')) browser = Math.max(browser, rss);
    else if (m[3].includes('--extension-process')) extension = Math.max(extension, rss);
  }
  return { browser, extension };
}

/**
 * The review worker's V8 heap and its ArrayBuffers' backing stores (MiB), through a browser-level CDP session
 * attached to the worker target (Playwright gives no CDP session for a dedicated worker).
 */
async function workerHeap(ext: Extension): Promise<() => Promise<{ heap: number; buffers: number } | null>> {
  const browser = ext.context.browser();
  if (!browser) return async () => null;
  const cdp = await browser.newBrowserCDPSession();
  const pending = new Map<number, (r: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const m = JSON.parse(message) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  });
  let sessionId: string | null = null;
  let id = 0;
  return async () => {
    if (!sessionId) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const w = targetInfos.find((t) => t.type === 'worker' && t.url.includes('redact-worker'));
      if (!w) return null;
      ({ sessionId } = await cdp.send('Target.attachToTarget', { targetId: w.targetId, flatten: false }));
    }
    const n = ++id;
    const result = new Promise<unknown>((resolve) => pending.set(n, resolve));
    await cdp.send('Target.sendMessageToTarget', {
      sessionId: sessionId!,
      message: JSON.stringify({ id: n, method: 'Runtime.getHeapUsage' }),
    });
    const r = (await Promise.race([result, new Promise((res) => setTimeout(res, 2000))])) as
      { usedSize: number; backingStorageSize?: number } | undefined;
    return r ? { heap: r.usedSize / MB, buffers: (r.backingStorageSize ?? 0) / MB } : null;
  };
}

async function sampleMemory(
  review: Page,
  peaks: Record<string, number>,
  worker: () => Promise<{ heap: number; buffers: number } | null>,
): Promise<void> {
  const cdp = await review.context().newCDPSession(review);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  peaks.pageHeap = Math.max(peaks.pageHeap ?? 0, heap / MB);
  await cdp.detach();
  const used = await worker().catch(() => null);
  if (used) {
    peaks.workerHeap = Math.max(peaks.workerHeap ?? 0, used.heap);
    peaks.workerBuffers = Math.max(peaks.workerBuffers ?? 0, used.buffers);
    if (process.env.REVIEW_MEMORY_TRACE)
      console.log(`worker heap ${used.heap.toFixed(0)} MiB, buffers ${used.buffers.toFixed(0)} MiB`);
  }
  const rss = chromiumRss();
  peaks.browserRss = Math.max(peaks.browserRss ?? 0, rss.browser);
  peaks.extensionRss = Math.max(peaks.extensionRss ?? 0, rss.extension);
}

describe('review page, 300 MB', () => {
  it('a 300 MB HAR completes with visible progress; the download has every entry and no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'har-review-big-'));
    tempDirs.push(dir);
    const input = join(dir, 'session-300mb.har');
    const secrets = fileSecrets();
    let t = Date.now();
    const made = writeBigHar(input, secrets, 300 * MB);
    console.log(`wrote ${(made.bytes / MB).toFixed(0)} MiB, ${made.entries} entries in ${Date.now() - t} ms`);
    expect(made.bytes).toBeGreaterThanOrEqual(300 * MB);

    ext = await launchExtension();
    const review = await ext.openPage('extension/review/index.html');
    review.on('pageerror', (e) => console.log('review page error:', e.message));
    await review.setViewportSize({ width: 1100, height: 700 });
    // Every progress text shown, and the page's main-thread stalls, while the file is processed.
    const watch = await watchPage(review, 'review-progress');

    t = Date.now();
    await review.setInputFiles('#har-file', input);
    const progress = review.getByTestId('review-progress');
    await progress.waitFor({ timeout: 60_000 });
    const peaks: Record<string, number> = {};
    const worker = await workerHeap(ext);
    const ready = async (shoot: boolean) => {
      let shot = !shoot;
      const button = review.getByRole('button', { name: 'Download sanitized HAR' });
      while (!(await button.isEnabled())) {
        if (Date.now() - t > 500_000)
          throw new Error(`not done: ${await review.locator('main').innerText()}`);
        const alert = review.getByRole('alert');
        if (await alert.count()) throw new Error(`the review failed: ${await alert.innerText()}`);
        await sampleMemory(review, peaks, worker);
        const text = (await progress.textContent().catch(() => '')) ?? '';
        if (!shot && /Redacting… [5-9]\d%/.test(text)) {
          await screenshot(review, 'review-300mb-progress');
          shot = true;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      await sampleMemory(review, peaks, worker);
    };
    await ready(true);
    const took = Date.now() - t;
    const seen = await watch.texts();
    const percents = [...new Set(seen.map((s) => Number(/(\d+)%/.exec(s)?.[1] ?? NaN)))].filter(
      (p) => p > 0 && p < 100,
    );
    const maxStall = await watch.maxStall();
    console.log(
      `300 MB review: ready ${took} ms after the file was set; ${percents.length} percentages shown ` +
        `(${percents.slice(0, 8).join(', ')}…); longest main-thread stall ${Math.round(maxStall)} ms; ` +
        `peaks (MiB): ${Object.entries(peaks)
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(', ')}`,
    );
    expect(percents.length).toBeGreaterThanOrEqual(5);
    expect(seen.some((s) => /Reading 3\d\d\.\d MB and finding secrets… \d+%/.test(s))).toBe(true);
    expect(seen.some((s) => /Redacting… \d+%/.test(s))).toBe(true);
    expect(maxStall).toBeLessThan(2000);
    expect(await review.getByText(`${made.entries} entries`).count()).toBe(1);
    await screenshot(review, 'review-300mb-ready');

    // The findings views read single entries back from the File and from the output, on demand.
    await review
      .getByRole('region', { name: 'Findings' })
      .locator('summary', { hasText: 'Credentials & tokens' })
      .click();
    await review
      .getByRole('button', { name: /^Reveal value of .*authorization/i })
      .first()
      .click();
    await review.locator('code.revealed').first().waitFor({ timeout: 30_000 });
    expect(await review.locator('code.revealed').first().textContent()).toContain(secrets.bearer);
    const show = review
      .getByRole('button', { name: /^Show entry \d+ before and after \(.*authorization/i })
      .first();
    const n = /Show entry (\d+)/.exec((await show.getAttribute('aria-label')) ?? '')![1];
    await show.click();
    const view = review.getByRole('region', { name: `Entry ${n} before and after` });
    await view.locator('mark.redacted').first().waitFor({ timeout: 30_000 });
    expect(await view.innerText()).toContain('api.example.test');
    await screenshot(review, 'review-300mb-entry');

    const values = Object.entries(secrets);
    const first = await downloadAndRead(review, values);
    expect(first.entries).toBe(made.entries);
    expect(first.requests).toBe(made.entries);
    expect(first.found).toEqual([]);
    expect(first.secrets).toBeGreaterThanOrEqual(values.length);

    // Keep one value: the File is streamed again, and the next download has that value back.
    t = Date.now();
    await review
      .locator('tr', { hasText: 'api_key' })
      .getByRole('checkbox', { name: /Keep this value/ })
      .first()
      .check();
    const button = review.getByRole('button', { name: 'Download sanitized HAR' });
    await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(false);
    const before = { ...peaks };
    for (const k of Object.keys(peaks)) peaks[k] = 0;
    await ready(false);
    console.log(
      `re-redacted with one value kept in ${Date.now() - t} ms; peaks (MiB): ${Object.entries(peaks)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}`,
    );
    for (const [k, v] of Object.entries(before)) peaks[k] = Math.max(v, peaks[k]);
    const second = await downloadAndRead(review, values);
    expect(second.entries).toBe(made.entries);
    expect(second.found).toEqual(['apiKey']);
  }, 900_000);
});

/** Downloads the sanitized HAR and reads it in pieces: its entries, each parsed, and which secrets it holds. */
async function downloadAndRead(review: Page, values: [string, string][]) {
  const t = Date.now();
  const button = review.getByRole('button', { name: 'Download sanitized HAR' });
  const [dl] = await Promise.all([review.waitForEvent('download', { timeout: 300_000 }), button.click()]);
  const out = await dl.path();
  if (!out) throw new Error(`download failed: ${await dl.failure()}`);
  console.log(`download saved in ${Date.now() - t} ms: ${(statSync(out).size / MB).toFixed(0)} MiB`);
  let entries = 0;
  let requests = 0;
  const splitter = new EntrySplitter((bytes) => {
    entries++;
    const e = JSON.parse(Buffer.from(bytes).toString('utf8')) as { request?: { url?: string } };
    if (typeof e.request?.url === 'string') requests++;
  });
  // A tail of each chunk is kept so that a value cut between two chunks is seen.
  const keep = Math.max(...values.map(([, v]) => Buffer.byteLength(v)));
  let tail = Buffer.alloc(0);
  const found = new Set<string>();
  eachChunk(out, (chunk) => {
    splitter.push(new Uint8Array(chunk));
    const window = Buffer.concat([tail, chunk]);
    for (const [name, v] of values) if (window.includes(v)) found.add(name);
    tail = Buffer.from(window.subarray(Math.max(0, window.length - keep)));
  });
  const skeleton = splitter.end() as unknown as { log: { _redaction?: { counts?: { secrets: number } } } };
  await dl.delete();
  return { entries, requests, found: [...found].sort(), secrets: skeleton.log._redaction?.counts?.secrets };
}
