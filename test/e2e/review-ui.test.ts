/**
 * The review page as a new user meets it: findings by category and name, every control with a
 * unique accessible name, a live region when the review is ready; keeping a value leaves it in the
 * file and counts it as kept on screen and in `log._redaction`; Undo; Copy report without secrets;
 * the entry view opens right under the finding clicked; the output is named after the input.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, leakForms, readDownload, ROOT } from './harness';
import type { Extension } from './harness';
import { fileSecrets, supportHar } from '../fixtures/e2e/make-har';
import { checkAccessibleNames } from './a11y';

let ext: Extension;
const dirs: string[] = [];
afterEach(async () => {
  await ext?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setFile(review: Page, name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'har-review-ui-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), text);
  await review.setInputFiles('#har-file', join(dir, name));
}

const ready = (review: Page) =>
  review.getByTestId('review-announce').filter({ hasText: 'Review ready' }).waitFor({ timeout: 60_000 });

async function download(review: Page): Promise<string> {
  const button = review.getByRole('button', { name: 'Download sanitized HAR' });
  await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
  const [dl] = await Promise.all([review.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  return readDownload(dl);
}

describe('review page at a glance', () => {
  it('keep → in the file, counted as kept on screen and in log._redaction; undo; copy report; names', async () => {
    ext = await launchExtension();
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const review = await ext.openPage('extension/review/index.html');
    await review.setViewportSize({ width: 1100, height: 900 });
    const secrets = fileSecrets();
    await setFile(review, 'support-ticket.har', JSON.stringify(supportHar(secrets)));
    await ready(review);

    // Categories people read, not engine labels.
    const findings = review.getByRole('region', { name: 'Findings' });
    await findings.getByText('Credentials & tokens').first().waitFor();
    expect(await findings.innerText()).toMatch(/Session cookies/);
    const summary = review.getByTestId('review-summary');
    const removesBefore = Number(/Removes (\d+)/.exec(await summary.innerText())![1]);

    await checkAccessibleNames(review, 'review');
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await review.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'review.png') });

    // Keep the api_key value (flagged by its name).
    const keep = review
      .getByRole('checkbox', { name: /Keep this value: query parameter named api_key/ })
      .first();
    await keep.check();
    await ready(review);
    await review.getByTestId('kept-warning').waitFor();
    expect(await review.getByTestId('kept-warning').innerText()).toMatch(/1 value will stay in clear/);
    await expect.poll(async () => summary.innerText()).toMatch(/1 kept in clear on purpose/);
    const removesAfter = Number(/Removes (\d+)/.exec(await summary.innerText())![1]);
    expect(removesAfter).toBe(removesBefore - 1);

    const text = await download(review);
    // The input was one line (as Playwright writes it): the output keeps that layout.
    expect(text.trimEnd()).not.toContain('\n');
    expect(text).toContain(secrets.apiKey);
    expect(text).not.toContain(secrets.password);
    const manifest = JSON.parse(text).log._redaction as {
      counts: { secrets: number; kept?: number };
      kept?: { ruleId: string; tag: string; decidedBy: string }[];
    };
    expect(manifest.counts.kept).toBe(1);
    expect(manifest.counts.secrets).toBe(removesAfter);
    expect(manifest.kept).toHaveLength(1);
    expect(manifest.kept![0].decidedBy).toBe('user');
    await review.getByText('Saved support-ticket.redacted.har.').waitFor();

    // Copy report: counts, what was kept, no secret.
    await review.getByRole('button', { name: 'Copy report' }).click();
    await review.getByText('Report copied.').waitFor();
    const report = await review.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('support-ticket.redacted.har');
    expect(report).toMatch(/Removed: \d+ secret value/);
    expect(report).toContain('Kept on purpose');
    for (const v of Object.values(secrets)) for (const f of leakForms(v)) expect(report).not.toContain(f);

    // Undo: the value is redacted again.
    await review.getByRole('button', { name: /^Undo/ }).click();
    await ready(review);
    await review.getByTestId('kept-warning').waitFor({ state: 'detached' });
    expect(await download(review)).not.toContain(secrets.apiKey);

    // The entry view opens right under the finding that was clicked.
    const link = review
      .getByRole('button', { name: /^Show entry \d+ before and after \(query parameter named api_key/ })
      .first();
    await link.scrollIntoViewIfNeeded();
    await link.click();
    const view = review.locator('.entry-view');
    await view.waitFor();
    const [l, v] = [await link.boundingBox(), await view.boundingBox()];
    console.log(`entry view opens ${Math.round(v!.y - (l!.y + l!.height))} px below the clicked link`);
    expect(v!.y).toBeGreaterThan(l!.y);
    expect(v!.y - (l!.y + l!.height)).toBeLessThan(150);
    await review.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'review-entry.png') });
  });

  it('a broken file after a good one: nothing of the old file stays, and it says what to do', async () => {
    ext = await launchExtension();
    const review = await ext.openPage('extension/review/index.html');
    await setFile(review, 'good.har', JSON.stringify(supportHar(fileSecrets())));
    await ready(review);
    await setFile(review, 'broken.har', '{"log": {"entries": [ oops');
    const alert = review.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toMatch(/Choose another file/);
    expect(await review.getByRole('region', { name: 'Findings' }).count()).toBe(0);
    expect(await review.getByTestId('review-summary').count()).toBe(0);
  });
});
