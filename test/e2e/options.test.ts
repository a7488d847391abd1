/**
 * Flow (5): a custom header rule added on the options page changes the next download. Also: the
 * editor shows a validation error next to the field, and the sample box redacts live.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, randomToken, readDownload, screenshot } from './harness';
import type { Extension } from './harness';
import { fileSecrets, supportHar } from '../fixtures/e2e/make-har';

let ext: Extension;
let dir: string | null = null;
afterEach(async () => {
  await ext?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function reviewDownload(ext: Extension, text: string): Promise<string> {
  dir ??= mkdtempSync(join(tmpdir(), 'har-options-'));
  const file = join(dir, `t${Date.now()}.har`);
  writeFileSync(file, text);
  const review = await ext.openPage('extension/review/index.html');
  await review.setInputFiles('#har-file', file);
  const button = review.getByRole('button', { name: 'Download sanitized HAR' });
  await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
  const [dl] = await Promise.all([review.waitForEvent('download'), button.click()]);
  const out = await readDownload(dl);
  await review.close();
  return out;
}

const rule = (options: Page) => options.getByRole('group', { name: 'Custom rule 1' });

describe('options page', () => {
  it('a custom header rule changes the next download', async () => {
    ext = await launchExtension();
    const tenant = `acme-${randomToken(20).toLowerCase()}`;
    const input = JSON.stringify(supportHar(fileSecrets(), [{ name: 'X-Acme-Tenant', value: tenant }]));

    // Before: the built-in rules do not know this header.
    expect(await reviewDownload(ext, input)).toContain(tenant);

    const options = await ext.openPage('extension/options/index.html');
    await options.getByRole('heading', { name: 'Built-in rules' }).waitFor();

    // A built-in group switched off is saved (and switched back on).
    const group = options.getByRole('checkbox', { name: 'Personal data anywhere' });
    await group.uncheck();
    // A group that protects personal data asks first.
    await options.getByRole('button', { name: 'Switch off Personal data anywhere' }).click();
    const sw = await ext.worker();
    const storedGroups = () =>
      sw.evaluate(async () => {
        const { settings } = (await chrome.storage.local.get('settings')) as {
          settings?: { disabledGroups?: string[] };
        };
        return settings?.disabledGroups ?? [];
      });
    await expect.poll(storedGroups).toEqual(['pii']);
    await group.check();
    await expect.poll(storedGroups).toEqual([]);

    await options.getByRole('button', { name: 'Add a custom rule' }).click();

    // A broken value pattern: the error shows at the field and saving is refused.
    await rule(options).getByLabel('Match').selectOption('value');
    await rule(options)
      .getByLabel(/^Pattern/)
      .fill('(unclosed');
    await expect.poll(() => rule(options).getByRole('alert').first().innerText()).not.toBe('');
    expect(await options.getByRole('button', { name: 'Save rules' }).isDisabled()).toBe(true);

    await rule(options).getByLabel('Match').selectOption('header');
    await rule(options)
      .getByLabel(/^Names/)
      .fill('X-Acme-Tenant');
    await rule(options).getByLabel('Label').fill('tenant');

    // The sample box applies the unsaved rule live.
    await options
      .getByRole('textbox', { name: /^Sample \(/ })
      .fill(`GET https://api.example.test/v1/me\nX-Acme-Tenant: ${tenant}\nAccept: */*`);
    await expect
      .poll(() => options.getByTestId('sample-out').innerText())
      .toMatch(/X-Acme-Tenant: \[REDACTED/);
    expect(await options.getByTestId('sample-out').innerText()).not.toContain(tenant);

    await options.getByRole('button', { name: 'Save rules' }).click();
    await options.getByText('Custom rules saved').waitFor();
    await options.setViewportSize({ width: 1100, height: 1000 });
    await screenshot(options, 'options');

    // After: the next download has the header with its value redacted.
    const after = await reviewDownload(ext, input);
    expect(after).not.toContain(tenant);
    expect(after).toMatch(/"name":\s*"X-Acme-Tenant",\s*"value":\s*"\[REDACTED[^"]*tenant/);
  });
});
