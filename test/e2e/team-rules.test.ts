/**
 * Team rules in real Chromium: an enterprise policy file points the extension (fixed id from the
 * manifest key) at a signed pack served on 127.0.0.1. Redaction is driven through the worker's
 * message API the popup and panel use (`capture:merge`, the `job` port, `settings:update`,
 * `rules:state`, `rules:syncNow`).
 *
 * Own minimal launcher (notes/browser-testing.md), so this file does not depend on the UI harness.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, signPack } from '../../src/index';
import type { RulePack, SigningKeyPair } from '../../src/index';
import { startPackServer } from '../extension/rules/pack-server';
import type { PackServer } from '../extension/rules/pack-server';
import { acmePack, tamper } from '../extension/rules/team-fixtures';

const EXTENSION_ID = 'bjadcjhekoemkmijfnjcnbglolkfnmom';
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'har-redactor-test.json');
const CHROMIUM = '/usr/bin/chromium';
const TAB_ID = 424242;

// Obviously fake, generated per run, realistic in shape.
const tenantSecret = `ats_${randomBytes(16).toString('hex')}`;

let dist: string;
let profile: string;
let server: PackServer;
let key: SigningKeyPair;
let ctx: BrowserContext;
let sw: Worker;
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

const available = existsSync(CHROMIUM);

async function call<T>(type: string, payload: unknown = {}): Promise<T> {
  const reply = (await page.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [
    type,
    payload,
  ] as const)) as { ok: true; value: T } | { ok: false; error: string };
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

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
  return sw.evaluate(
    async () => (await chrome.storage.local.get('rules.teamPack'))['rules.teamPack'],
  ) as Promise<{ pack: RulePack; keyId?: string } | undefined>;
}

describe.skipIf(!available)('team rules from enterprise policy (real Chromium)', () => {
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'hr-team-dist-'));
    execFileSync(
      join(process.cwd(), 'node_modules/.bin/vite'),
      ['build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
      {
        cwd: process.cwd(),
        stdio: 'pipe',
      },
    );
    key = await generateSigningKeyPair();
    await serve(await signPack(acmePack(), key.privateKey), '"v1"');
    server = await startPackServer();
    server.handle(corsPack);

    mkdirSync(POLICY_DIR, { recursive: true });
    // Also when the run is cut short: a forgotten policy would manage every later Chromium here.
    process.once('exit', () => rmSync(POLICY_FILE, { force: true }));
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        '3rdparty': {
          extensions: {
            [EXTENSION_ID]: {
              teamRulesUrl: server.url(),
              trustedPublicKeys: [key.publicKey],
              requireSignature: true,
              lockedRuleIds: ['acme.tenant-secret'],
              syncIntervalMinutes: 60,
            },
          },
        },
      }),
    );
    profile = mkdtempSync(join(tmpdir(), 'hr-team-profile-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        `--disable-extensions-except=${dist}`,
        `--load-extension=${dist}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
    page = await ctx.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/extension/popup/index.html`);
  });

  afterAll(async () => {
    // Never leave a policy behind on the machine, whatever happened above.
    rmSync(POLICY_FILE, { force: true });
    await ctx?.close().catch(() => {});
    await server?.close();
    for (const d of [dist, profile]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('loads under the fixed id and sees the policy', async () => {
    expect(new URL(sw.url()).host).toBe(EXTENSION_ID);
    const managed = await sw.evaluate(() => chrome.storage.managed.get(null));
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
    const options = await ctx.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/extension/options/index.html`);
    const team = options.getByTestId('team-rules');
    await expect.poll(() => team.textContent(), { timeout: 10_000 }).toContain('acme-team 2026.1.0');
    expect(await team.textContent()).toContain(key.keyId);
    const urlField = options.getByTestId('team-source').locator('input[type=url]');
    expect(await urlField.inputValue()).toBe(server.url());
    expect(await urlField.isDisabled()).toBe(true);
    await options.screenshot({ path: join(tmpdir(), 'har-redactor-team-options.png'), fullPage: true });
    await options.close();
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

  it('does not let the user switch the locked rule off', async () => {
    await call('settings:update', { disabledRules: ['acme.tenant-secret'] });
    const state = await call<{ disabledRules: string[] }>('rules:state');
    expect(state.disabledRules).not.toContain('acme.tenant-secret');
    const text = await redactViaJob();
    expect(text).not.toContain(tenantSecret);
  });

  it('rejects a tampered pack and keeps the last good one in force', async () => {
    const next = await signPack({ ...acmePack(), version: '2026.9.0' }, key.privateKey);
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
