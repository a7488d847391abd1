/**
 * Flows (2) and (4): the popup's "Open a HAR file…" opens the review page; a file set on its one
 * input is redacted in the page's own worker and "Download sanitized HAR" saves it without its
 * secrets. A ≥ 50 MB file completes with visible progress while the page stays responsive.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import type { Page } from 'playwright-core';
import { launchExtension, leakForms, readDownload, saveArtifact, screenshot } from './harness';
import type { Extension } from './harness';
import { watchPage } from './page-watch';
import { bigHar, fileSecrets, supportHar } from '../fixtures/e2e/make-har';
import { harSchemaErrors } from '../cli/har-schema';

let ext: Extension;
const tempDirs: string[] = [];
afterEach(async () => {
  await ext?.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const REVIEW = 'extension/review/index.html';

async function setFile(review: Page, name: string, text: string) {
  // Playwright refuses buffers over 50 MB: go through a temporary file, kept until the test ends
  // (the page reads the File lazily).
  const dir = mkdtempSync(join(tmpdir(), 'har-review-'));
  tempDirs.push(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  await review.setInputFiles('#har-file', file);
}

async function download(review: Page): Promise<string> {
  const button = review.getByRole('button', { name: 'Download sanitized HAR' });
  try {
    await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
  } catch (err) {
    console.log('review page said:', await review.locator('main').innerText());
    throw err;
  }
  const [dl] = await Promise.all([review.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  return readDownload(dl);
}

describe('review page', () => {
  it('popup → "Open a HAR file…" → review → download leaks none of the file’s secrets', async () => {
    ext = await launchExtension();
    const popup = await ext.openPage('extension/popup/index.html');
    await popup.getByRole('button', { name: 'Open a HAR file…' }).waitFor();
    await popup.getByText('Nothing captured in this tab').waitFor();
    await popup.setViewportSize({ width: 380, height: 300 });
    await screenshot(popup, 'popup');
    const [review] = await Promise.all([
      ext.context.waitForEvent('page', { predicate: (p) => p.url().includes(REVIEW) }),
      popup.getByRole('button', { name: 'Open a HAR file…' }).click(),
    ]);
    await review.waitForLoadState();

    const secrets = fileSecrets();
    const input = supportHar(secrets);
    await setFile(review, 'support-ticket.har', JSON.stringify(input, null, 2));
    await review.getByRole('region', { name: 'Findings' }).waitFor({ timeout: 60_000 });

    // Values are hidden until revealed, and revealing shows the original locally.
    const page = await review.content();
    for (const value of Object.values(secrets)) expect(page.includes(value)).toBe(false);
    await review
      .getByRole('button', { name: /^Reveal value/ })
      .first()
      .click();
    await review.locator('code.revealed').first().waitFor();
    const revealed = await review.locator('code.revealed').first().textContent();
    expect(
      Object.values(secrets).some((v) => revealed?.includes(v) || v.includes(revealed ?? '\u0000')),
    ).toBe(true);
    await review.getByRole('button', { name: 'Hide' }).first().click();
    await review.setViewportSize({ width: 1280, height: 900 });
    await screenshot(review, 'review');

    // Per entry, the before/after view with the redactions marked.
    await review
      .getByRole('button', { name: /^Show entry 2 before and after/ })
      .first()
      .click();
    await review
      .getByRole('region', { name: 'Entry 2 before and after' })
      .locator('mark.redacted')
      .first()
      .waitFor();
    await screenshot(review, 'review-entry');

    const text = await download(review);
    saveArtifact('review.har', text);
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of leakForms(value)) expect(text.includes(form), `${name} leaked`).toBe(false);
    }
    const har = JSON.parse(text) as Har;
    expect(harSchemaErrors(har)).toEqual([]);
    expect(har.log.entries.map((e) => e.request.method + ' ' + new URL(e.request.url).pathname)).toEqual(
      input.log.entries.map((e) => e.request.method + ' ' + new URL(e.request.url).pathname),
    );
    // Debugging value kept: non-secret parameters and fields.
    expect(har.log.entries[2].request.queryString.find((q) => q.name === 'range')?.value).toBe('7d');
    expect(har.log.entries[1].response.content.text).toContain('"token_type":"Bearer"');
  });

  it('"Keep this value" puts a flagged value back in the next download', async () => {
    ext = await launchExtension();
    const review = await ext.openPage(REVIEW);
    const secrets = fileSecrets();
    await setFile(review, 'support.har', JSON.stringify(supportHar(secrets)));
    // The api_key query parameter is flagged by name; keep it.
    const keep = review
      .locator('tr', { hasText: 'api_key' })
      .getByRole('checkbox', { name: /Keep this value/ });
    await keep.first().waitFor({ timeout: 60_000 });
    expect(await keep.first().isDisabled()).toBe(false);
    await keep.first().check();
    const text = await download(review);
    expect(text).toContain(secrets.apiKey);
    expect(text).not.toContain(secrets.password);
  });

  it('a file that is not a HAR: the user is told why, and nothing can be downloaded', async () => {
    ext = await launchExtension();
    const review = await ext.openPage(REVIEW);
    await setFile(review, 'notes.har', '{"log": {"entries": [ oops');
    const alert = review.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect((await alert.innerText()).length).toBeGreaterThan(10);
    expect(await review.getByRole('button', { name: 'Download sanitized HAR' }).isDisabled()).toBe(true);
  });

  it('a HAR the stream reader does not take (a HARP/JSONP file) is read whole; a big one is refused', async () => {
    ext = await launchExtension();
    const review = await ext.openPage(REVIEW);
    const secrets = fileSecrets();
    const input = supportHar(secrets);
    await setFile(review, 'support.harp', `onInputData(${JSON.stringify(input)});`);
    const text = await download(review);
    for (const value of [secrets.bearer, secrets.apiKey, secrets.password]) expect(text).not.toContain(value);
    expect((JSON.parse(text) as Har).log.entries.length).toBe(input.log.entries.length);

    // Too big to read whole (over 128 MB): said at once, and nothing to download.
    const pad = ' '.repeat(130 * 1024 * 1024);
    await setFile(review, 'big.harp', `onInputData(${JSON.stringify(input)}${pad});`);
    const alert = review.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.innerText()).toMatch(/too big to read whole/);
    expect(await review.getByRole('button', { name: 'Download sanitized HAR' }).isDisabled()).toBe(true);
  });

  it('"Add a rule for this name" adds a user rule and re-computes', async () => {
    ext = await launchExtension();
    const review = await ext.openPage(REVIEW);
    await setFile(review, 'support.har', JSON.stringify(supportHar(fileSecrets())));
    const add = review.getByRole('button', { name: 'Add a rule for this name' }).first();
    await add.waitFor({ timeout: 60_000 });
    await add.click();
    const sw = await ext.worker();
    await expect
      .poll(() =>
        sw.evaluate(async () => {
          const { settings } = (await chrome.storage.local.get('settings')) as {
            settings?: { userRules?: unknown[] };
          };
          return settings?.userRules?.length ?? 0;
        }),
      )
      .toBe(1);
    await expect
      .poll(() => review.getByRole('button', { name: 'Download sanitized HAR' }).isEnabled())
      .toBe(true);
  });

  it('a ≥ 50 MB file completes with visible progress and a responsive page', async () => {
    ext = await launchExtension();
    const review = await ext.openPage(REVIEW);
    review.on('pageerror', (e) => console.log('review page error:', e.message));
    review.on('console', (m) => console.log('review console:', m.text()));
    const secrets = fileSecrets();
    const text = JSON.stringify(bigHar(secrets, 50 * 1024 * 1024));
    expect(text.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);

    // Record every progress text shown, and the page's main-thread stalls, while the file is processed.
    const watch = await watchPage(review, 'review-progress');
    await setFile(review, 'big.har', text);
    await review.getByTestId('review-progress').waitFor({ timeout: 60_000 });
    await screenshot(review, 'review-progress');
    const started = Date.now();
    const out = await download(review);
    const seen = await watch.texts();
    expect(seen.some((t) => /Reading [\d.]+ MB and finding secrets… \d+%/.test(t))).toBe(true);
    expect(seen.some((t) => /Redacting… ([1-9]\d?)%/.test(t))).toBe(true);
    const maxStall = await watch.maxStall();
    console.log(
      `50 MB review: done ${Date.now() - started} ms after progress, longest main-thread stall ${Math.round(maxStall)} ms`,
    );
    expect(maxStall).toBeLessThan(2000);
    for (const value of [secrets.apiKey, secrets.bearer, secrets.refreshToken])
      expect(out.includes(value)).toBe(false);
    const har = JSON.parse(out) as Har;
    expect(har.log.entries.length).toBe(JSON.parse(text).log.entries.length);
  });
});
