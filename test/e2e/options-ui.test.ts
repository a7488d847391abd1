/**
 * The options page in people's words: groups with plain names and descriptions; switching off one
 * that protects credentials asks first (and Cancel leaves it on); a custom pattern that matches
 * most of the sample is flagged before it is saved; every control has a unique accessible name.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, ROOT } from './harness';
import type { Extension } from './harness';
import { checkAccessibleNames } from './a11y';

let ext: Extension;
afterEach(async () => {
  await ext?.close();
});

describe('options at a glance', () => {
  it('confirms switching off a credentials group; flags a too-broad pattern; names', async () => {
    ext = await launchExtension();
    const options = await ext.openPage('extension/options/index.html');
    await options.setViewportSize({ width: 1000, height: 900 });
    await options.getByRole('heading', { name: 'Built-in rules' }).waitFor();
    await options.getByText('Sign-in headers').waitFor();
    expect(await options.locator('.groups').innerText()).toContain(
      'Authorization, API-key and session headers',
    );
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await options.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'options.png') });

    const sw = await ext.worker();
    const disabled = () =>
      sw.evaluate(async () => {
        const { settings } = (await chrome.storage.local.get('settings')) as {
          settings?: { disabledGroups?: string[] };
        };
        return settings?.disabledGroups ?? [];
      });
    const cookies = options.getByRole('checkbox', { name: 'Cookies' });
    await cookies.uncheck();
    const dialog = options.getByRole('alertdialog', { name: 'Switch off Cookies?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/session cookies that keep you signed in/);
    await dialog.getByRole('button', { name: 'Keep Cookies on' }).click();
    expect(await cookies.isChecked()).toBe(true);
    expect(await disabled()).toEqual([]);
    // A group that protects nothing secret switches without a question.
    await options.getByRole('checkbox', { name: 'Account and device ids' }).uncheck();
    await expect.poll(disabled).toEqual(['identifiers']);

    await options.getByRole('button', { name: 'Add a custom rule' }).click();
    const rule = options.getByRole('group', { name: 'Custom rule 1' });
    await rule.getByLabel('Match').selectOption('value');
    await rule.getByLabel(/^Pattern/).fill('[\\s\\S]+');
    await options.getByTestId('broad-pattern').waitFor();
    expect(await options.getByTestId('broad-pattern').innerText()).toMatch(/matches 100% of the\s+sample/);
    await options.getByRole('button', { name: 'Save rules' }).click();
    await options.getByRole('button', { name: 'Save anyway' }).waitFor();
    const stored = () =>
      sw.evaluate(async () => {
        const { settings } = (await chrome.storage.local.get('settings')) as {
          settings?: { userRules?: unknown[] };
        };
        return settings?.userRules?.length ?? 0;
      });
    expect(await stored()).toBe(0);
    await rule.getByLabel(/^Pattern/).fill('acme-[a-z]+-eu');
    expect(await options.getByTestId('broad-pattern').count()).toBe(0);
    await options.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(stored).toBe(1);

    await checkAccessibleNames(options, 'options');
  });
});
