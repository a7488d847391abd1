/**
 * Team rules in real Chromium: an enterprise policy file (written by the harness before launch,
 * removed on close) points the extension at a signed pack served on 127.0.0.1. Redaction is driven
 * through the review page (popup's "Open a HAR file…" flow) and through the worker's message API
 * the popup and panel use (`capture:merge`, the `job` port, `settings:update`, `rules:state`,
 * `rules:syncNow`).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../../src/index';
import type { RulePack, SigningKeyPair } from '../../src/index';
import { startPackServer } from '../extension/rules/pack-server';
import type { PackServer } from '../extension/rules/pack-server';
import { acmePack, signPack, tamper } from '../extension/rules/team-fixtures';
import { callWorker, launchExtension, readDownload, saveArtifact, screenshot } from './harness';
import type { Extension } from './harness';

const EXTENSION_ID = 'bjadcjhekoemkmijfnjcnbglolkfnmom';
const TAB_ID = 424242;

// Obviously fake, generated per run, realistic in shape.
const tenantSecret = `ats_${randomBytes(16).toString('hex')}`;

let server: PackServer;
let key: SigningKeyPair;
let ext: Extension;
let page: Page;
let served: { body: string; etag: string };

/**
 * What an admin does when the pack's origin is not granted as a host permission: allow any origin
 * (the pack is not secret), let the browser send If-None-Match and read the ETag.
 */
function corsPack(req: IncomingMessage, res: ServerResponse) {
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'If-None-Match',
    'Access-Control-Expose-Headers': 'ETag',
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
  } else if (req.headers['if-none-match'] === served.etag) {
    res.writeHead(304, { ...cors, ETag: served.etag });
    res.end();
  } else {
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: served.etag });
    res.end(served.body);
  }
}

async function serve(pack: RulePack, etag: string) {
  served = { body: JSON.stringify(pack), etag };
}

const call = <T>(type: string, payload: unknown = {}): Promise<T> => callWorker<T>(page, type, payload);

/** Runs a download job over the `job` port, as the popup does, and returns the redacted HAR text. */
async function redactViaJob(): Promise<string> {
  return page.evaluate(
    (tabId) =>
      new Promise<string>((resolve, reject) => {
        const port = chrome.runtime.connect({ name: 'job' });
        const chunks: string[] = [];
        port.onMessage.addListener(
          (msg: { type: string; index?: number; data?: string; message?: string }) => {
            if (msg.type === 'chunk') chunks[msg.index ?? 0] = msg.data ?? '';
            if (msg.type === 'done') resolve(chunks.join(''));
            if (msg.type === 'error') reject(new Error(msg.message));
          },
        );
        port.postMessage({ type: 'start', source: { kind: 'capture', tabId } });
      }),
    TAB_ID,
  );
}

function entryWithTenantSecret() {
  return {
    startedDateTime: '2026-01-05T10:00:00.000Z',
    time: 12,
    request: {
      method: 'GET',
      url: 'https://app.acme.example/api/projects',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        { name: 'X-Acme-Tenant-Secret', value: tenantSecret },
        { name: 'Accept', value: 'application/json' },
      ],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: 2, mimeType: 'application/json', text: '[]' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 2,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
  };
}

async function storedTeamPack(): Promise<{ pack: RulePack; keyId?: string } | undefined> {
  return ext.sw.evaluate(
    async () => (await chrome.storage.local.get('rules.teamPack'))['rules.teamPack'],
  ) as Promise<{ pack: RulePack; keyId?: string } | undefined>;
}

beforeAll(async () => {
  key = await generateSigningKeyPair();
  server = await startPackServer();
  server.handle(corsPack);
});
afterAll(async () => {
  await server?.close();
});

describe('team rules from enterprise policy (real Chromium)', () => {
  beforeAll(async () => {
    await serve(await signPack(acmePack(), key.privateKey, server.url()), '"v1"');
    ext = await launchExtension({
      policy: {
        teamRulesUrl: server.url(),
        trustedPublicKeys: [key.publicKey],
        requireSignature: true,
        lockedRuleIds: ['acme.tenant-secret'],
        syncIntervalMinutes: 60,
      },
    });
    page = await ext.openPage('extension/popup/index.html');
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('loads under the fixed id and sees the policy', async () => {
    expect(ext.extId).toBe(EXTENSION_ID);
    const managed = await ext.sw.evaluate(() => chrome.storage.managed.get(null));
    expect(managed).toMatchObject({ teamRulesUrl: server.url(), requireSignature: true });
  });

  it('fetches the signed pack on install and puts its rule in force', async () => {
    await expect.poll(async () => (await storedTeamPack())?.keyId, { timeout: 20_000 }).toBe(key.keyId);
    const state = await call<{
      ruleSet: { packs: unknown[] };
      lockedRuleIds: string[];
      status: { origin: string; lastError?: string }[];
    }>('rules:state');
    expect(state.ruleSet.packs).toContainEqual({
      id: 'acme-team',
      version: '2026.1.0',
      origin: 'team',
      keyId: key.keyId,
    });
    expect(state.lockedRuleIds).toContain('acme.tenant-secret');
    expect(state.status.find((s) => s.origin === 'team')?.lastError).toBeUndefined();
  });

  it('shows the policy-managed source, the pack and its signer in the options page', async () => {
    const options = await ext.openPage('extension/options/index.html');
    const team = options.getByTestId('team-rules');
    await expect.poll(() => team.textContent(), { timeout: 10_000 }).toContain('acme-team 2026.1.0');
    expect(await team.textContent()).toContain(key.keyId);
    const managed = options.getByTestId('managed-rules');
    const row = managed.locator('tr', { hasText: 'acme.tenant-secret' });
    expect(await row.textContent()).toMatch(/locked/);
    expect(await row.textContent()).toContain('team');
    const urlField = options.getByTestId('team-source').locator('input[type=url]');
    expect(await urlField.inputValue()).toBe(server.url());
    expect(await urlField.isDisabled()).toBe(true);
    await screenshot(options, 'options-team-rules');
    await options.close();
  });

  it('shows the team pack, its signer and the locks in the popup', async () => {
    const popup = await ext.openPage('extension/popup/index.html');
    const rules = popup.getByTestId('popup-rules');
    await expect.poll(() => rules.textContent(), { timeout: 10_000 }).toContain('acme-team');
    const text = (await rules.textContent()) ?? '';
    expect(text).toContain('2026.1.0');
    expect(text).toContain(key.keyId);
    expect(text).toMatch(/locked rule/);
    expect(await popup.getByRole('button', { name: 'Sync now' }).isVisible()).toBe(true);
    await screenshot(popup, 'popup-team-rules');
    await popup.close();
  });

  it('redacts the team-only header in the download and names the pack and key', async () => {
    await call('capture:merge', { tabId: TAB_ID, entries: [entryWithTenantSecret()], pages: [] });
    const text = await redactViaJob();
    expect(text).not.toContain(tenantSecret);
    const har = JSON.parse(text);
    const header = har.log.entries[0].request.headers.find(
      (h: { name: string }) => h.name.toLowerCase() === 'x-acme-tenant-secret',
    );
    expect(header.value).toMatch(/REDACTED/);
    expect(har.log._redaction.packs).toContainEqual(
      expect.objectContaining({ id: 'acme-team', version: '2026.1.0', keyId: key.keyId }),
    );
  });

  it('review page: the team header is found by a locked rule, cannot be kept, and is redacted in the download', async () => {
    const review = await ext.openPage('extension/review/index.html');
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        pages: [],
        entries: [entryWithTenantSecret()],
      },
    };
    await review.setInputFiles('#har-file', {
      name: 'acme-ticket.har',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(har)),
    });
    await review.getByRole('region', { name: 'Findings' }).waitFor({ timeout: 60_000 });
    const row = review.locator('tr', { hasText: /x-acme-tenant-secret/i });
    await row.first().waitFor();
    const keep = row.first().getByRole('checkbox');
    expect(await keep.isDisabled()).toBe(true);
    expect(await row.first().textContent()).toContain('(locked)');
    await screenshot(review, 'review-team-locked');

    const button = review.getByRole('button', { name: 'Download sanitized HAR' });
    await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
    const [dl] = await Promise.all([review.waitForEvent('download', { timeout: 60_000 }), button.click()]);
    const text = await readDownload(dl);
    saveArtifact('team-rules-review.har', text);
    expect(text).not.toContain(tenantSecret);
    const out = JSON.parse(text);
    expect(out.log._redaction.packs).toContainEqual(
      expect.objectContaining({ id: 'acme-team', version: '2026.1.0', origin: 'team', keyId: key.keyId }),
    );
    await review.close();
  });

  it('does not let the user switch the locked rule off', async () => {
    await call('settings:update', { disabledRules: ['acme.tenant-secret'] });
    const state = await call<{ disabledRules: string[] }>('rules:state');
    expect(state.disabledRules).not.toContain('acme.tenant-secret');
    const text = await redactViaJob();
    expect(text).not.toContain(tenantSecret);
  });

  it('re-syncs with If-None-Match through CORS (the documented server setup) and keeps the pack on 304', async () => {
    const before = server.requests.length;
    const status = await call<{ origin: string; lastError?: string; version?: string }[]>('rules:syncNow');
    expect(server.requests.slice(before)).toContainEqual({ path: '/pack.json', ifNoneMatch: '"v1"' });
    const team = status.find((s) => s.origin === 'team');
    expect(team?.lastError).toBeUndefined();
    expect(team?.version).toBe('2026.1.0');
  });

  it('rejects a tampered pack and keeps the last good one in force', async () => {
    const next = await signPack({ ...acmePack(), version: '2026.9.0' }, key.privateKey, server.url());
    await serve(tamper(next), '"tampered"');
    const status = await call<{ origin: string; lastError?: string; version?: string }[]>('rules:syncNow');
    const team = status.find((s) => s.origin === 'team');
    expect(team?.lastError).toMatch(/signature was rejected/);
    expect(team?.version).toBe('2026.1.0');
    const har = JSON.parse(await redactViaJob());
    expect(JSON.stringify(har)).not.toContain(tenantSecret);
    expect(har.log._redaction.packs).toContainEqual(
      expect.objectContaining({ id: 'acme-team', version: '2026.1.0' }),
    );
  });
});

describe('team rules a user sets in the options page (no policy)', () => {
  let userExt: Extension;
  afterAll(async () => {
    await userExt?.close();
  });

  it('saves URL and key, syncs the signed pack, and shows it', async () => {
    await serve(await signPack(acmePack(), key.privateKey, server.url()), '"v1"');
    userExt = await launchExtension();
    const options = await userExt.openPage('extension/options/index.html');
    const form = options.getByTestId('team-source');
    await form.waitFor();
    expect(await form.locator('input[type=url]').isDisabled()).toBe(false);
    await form.locator('input[type=url]').fill(server.url());
    await form.locator('textarea').fill(key.publicKey);
    await form.getByRole('checkbox').check();
    // The host-permission prompt stays open in headless Chromium; the server's CORS headers suffice.
    await form.getByRole('button', { name: 'Save team source' }).click();
    await expect
      .poll(() => form.textContent(), { timeout: 10_000 })
      .toContain(`Trusted key id(s): ${key.keyId}`);
    const team = options.getByTestId('team-rules');
    await expect.poll(() => team.textContent(), { timeout: 20_000 }).toContain('acme-team 2026.1.0');
    expect(await team.textContent()).toContain(key.keyId);
    await screenshot(options, 'options-team-user-source');
  });

  it('refuses plain http to a non-loopback host in the form', async () => {
    const options = await userExt.openPage('extension/options/index.html');
    const form = options.getByTestId('team-source');
    await form.locator('input[type=url]').fill('http://rules.example.com/pack.json');
    await form.getByRole('button', { name: 'Save team source' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toMatch(/plain HTTP from rules\.example\.com/);
  });
});
