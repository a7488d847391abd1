/**
 * Issue 16 in real Chromium: a policy names an age recipient and requires encryption → the panel's
 * download is an age file Debian's `age` decrypts to a HAR with no secret; the export history lists
 * it with the file's SHA-256; a loopback endpoint receives the audit record (POST) and "Send to
 * support…" uploads (PUT) the bytes the record describes. Without a recipient, downloads are refused;
 * a recipient the user adds in options then encrypts the review page's download.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import type { Frame, Page } from 'playwright-core';
import {
  clickPanelDownload,
  fakeSecrets,
  launchExtension,
  leakForms,
  openDevToolsFor,
  saveArtifact,
  screenshot,
  showPanel,
} from './harness';
import type { Extension, TestServer } from './harness';
import { appPathsListed, startSite, useTheApp } from './site';
import type { Secrets } from './site';
import { bigHar, fileSecrets, supportHar } from '../fixtures/e2e/make-har';
import { harSchemaErrors } from '../cli/har-schema';

let ext: Extension | undefined;
let site: TestServer;
let secrets: Secrets;
const dir = mkdtempSync(join(tmpdir(), 'har-sealed-e2e-'));
const keyTxt = join(dir, 'key.txt');

/** The organisation's endpoint: keeps every request's raw bytes; answers CORS as docs/admin.md says. */
interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
const received: Received[] = [];
let endpoint: Server;
let endpointUrl = '';

beforeAll(async () => {
  execFileSync('age-keygen', ['-o', keyTxt], { stdio: 'pipe' });
  secrets = fakeSecrets();
  site = await startSite(secrets);
  endpoint = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const cors = {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'PUT, POST',
        'Access-Control-Allow-Headers': 'content-type',
      };
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, cors).end();
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await site?.close();
  await new Promise<void>((r) => endpoint.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const recipient = () => execFileSync('age-keygen', ['-y', keyTxt]).toString().trim();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function ageDecrypt(bytes: Buffer): string {
  const f = join(dir, `in-${Date.now()}-${Math.random().toString(36).slice(2)}.age`);
  writeFileSync(f, bytes);
  return execFileSync('age', ['-d', '-i', keyTxt, f], { maxBuffer: 1 << 28 }).toString('utf8');
}

/** The bytes of the newest finished download Chrome recorded since `since`, and its name. */
async function downloadedBytes(e: Extension, since: number): Promise<{ name: string; bytes: Buffer }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const item = await (
      await e.worker()
    ).evaluate(async (after) => {
      const [last] = await chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 });
      if (!last || Date.parse(last.startTime) < after) return null;
      return { state: last.state, filename: last.filename };
    }, since - 1000);
    if (item?.state === 'complete' && item.filename)
      return { name: item.filename, bytes: readFileSync(item.filename) };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Chrome recorded no finished download');
}

function expectNoSecret(text: string, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values))
    for (const form of leakForms(value)) expect(text.includes(form), `${name} leaked`).toBe(false);
}

async function waitFor<T>(what: string, get: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function clickDownload(panel: Frame | Page): Promise<string> {
  await clickPanelDownload(panel);
  const msg = panel.locator('[data-testid="download-message"]');
  await msg.waitFor({ timeout: 90_000 });
  return msg.innerText();
}

describe('sealed for support (policy-driven)', () => {
  it('panel download is an age file; history, audit endpoint and upload agree on its SHA-256', async () => {
    received.length = 0;
    const uploadUrl = `${endpointUrl}/upload/case-1234/file.har.age?X-Fake-Signature=notasecret0123`;
    ext = await launchExtension({
      devtools: true,
      policy: {
        encryptTo: [recipient()],
        requireEncryption: true,
        auditLogUrl: `${endpointUrl}/audit`,
        uploadUrl,
      },
    });
    const devtools = await openDevToolsFor(ext, `${site.url}/start`);
    await devtools.page.goto(`${site.url}/app`);
    await useTheApp(devtools.page, secrets);
    const expected = await appPathsListed(devtools);
    const panel = await showPanel(ext, devtools);
    await panel.waitForFunction(
      (n) => parseInt(document.querySelector('[data-testid="request-count"]')?.textContent ?? '', 10) >= n,
      expected.length,
      { timeout: 30_000 },
    );

    // 1. The download: an age file, named .age, that decrypts to a valid HAR with no secret.
    const since = Date.now();
    const said = await clickDownload(panel);
    expect(said).toMatch(/^ ?Saved .*\.redacted\.har\.age\./);
    // (On disk Playwright names downloads by GUID: the panel's message says the name.)
    const { bytes } = await downloadedBytes(ext, since);
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    const text = ageDecrypt(bytes);
    saveArtifact('sealed-panel.har', text);
    expectNoSecret(bytes.toString('latin1'), secrets);
    expectNoSecret(text, secrets);
    const har = JSON.parse(text) as Har;
    expect(harSchemaErrors(har)).toEqual([]);
    expect(har.log.entries.length).toBeGreaterThanOrEqual(expected.length);
    const digest = sha256(bytes);

    // 2. The audit endpoint got the record (POST, JSON, no cookie), with the file's SHA-256.
    const audit = await waitFor('the audit record', () => received.find((r) => r.method === 'POST'));
    expect(audit.path).toBe('/audit');
    expect(audit.headers.cookie).toBeUndefined();
    const record = JSON.parse(audit.body.toString('utf8'));
    expect(record).toMatchObject({
      v: 1,
      via: 'panel',
      sha256: digest,
      bytes: bytes.length,
      recipients: [recipient()],
    });
    expect(record.source).toBe('127.0.0.1');
    expect(record.entries).toBe(har.log.entries.length);
    expect(record.packs.map((p: { id: string }) => p.id)).toContain('builtin');
    expectNoSecret(audit.body.toString('utf8'), secrets);

    // 3. Send to support: the policy's link, a PUT of the encrypted file, recorded like a download.
    await panel.getByRole('button', { name: 'Send to support…' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Send to support' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('Upload link').inputValue()).toBe(uploadUrl);
    await screenshot(devtools.window, 'send-to-support-dialog');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = dialog.locator('[data-testid="send-message"]');
    await sent.waitFor({ timeout: 90_000 }).catch(async (err: unknown) => {
      throw new Error(`the dialog said: ${await dialog.innerText().catch(() => '?')} (${String(err)})`);
    });
    const sentText = await sent.innerText();
    expect(sentText, sentText).toMatch(
      /^Sent .*\.redacted\.har\.age .*encrypted\) to 127\.0\.0\.1:\d+\. SHA-256 [0-9a-f]{64}\.$/,
    );
    await screenshot(devtools.window, 'send-to-support-sent');
    const put = received.find((r) => r.method === 'PUT');
    expect(put?.path).toBe('/upload/case-1234/file.har.age?X-Fake-Signature=notasecret0123');
    expect(put!.headers.cookie).toBeUndefined();
    expect(put!.headers.authorization).toBeUndefined();
    const putDigest = sha256(put!.body);
    expect(sentText).toContain(putDigest);
    const uploadedHar = JSON.parse(ageDecrypt(put!.body)) as Har;
    expect(harSchemaErrors(uploadedHar)).toEqual([]);
    expect(uploadedHar.log.entries.length).toBe(har.log.entries.length);
    expectNoSecret(ageDecrypt(put!.body), secrets);
    const auditOfUpload = await waitFor(
      'the upload record',
      () => received.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body.toString('utf8')))[1],
    );
    expect(auditOfUpload).toMatchObject({
      sha256: putDigest,
      upload: { url: `${endpointUrl}/upload/case-1234/file.har.age`, status: 200 },
    });
    expect(JSON.stringify(auditOfUpload)).not.toContain('notasecret');

    // 4. Options → Export history lists both with their SHA-256; downloadable as JSON Lines.
    const options = await ext.openPage('extension/options/index.html');
    const history = options.getByTestId('export-history');
    await history.getByText(digest).waitFor({ timeout: 20_000 });
    await history.getByText(putDigest).waitFor();
    await options.getByTestId('audit-status').getByText('2 sent').waitFor({ timeout: 20_000 });
    await options.getByRole('heading', { name: 'Export history' }).scrollIntoViewIfNeeded();
    await options.setViewportSize({ width: 1280, height: 900 });
    await options.evaluate(() => document.getElementById('h-encryption')?.scrollIntoView());
    await screenshot(options, 'options-export-history');
    const [jsonl] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Download as JSON Lines' }).click(),
    ]);
    const lines = readFileSync((await jsonl.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l: { sha256: string }) => l.sha256)).toEqual([digest, putDigest]);
  });

  it('requireEncryption without a recipient refuses; a recipient added in options encrypts the review download', async () => {
    ext = await launchExtension({ policy: { requireEncryption: true } });
    const s = fileSecrets();
    const file = join(dir, 'case.har');
    writeFileSync(file, JSON.stringify(supportHar(s)));

    const review = await ext.openPage('extension/review/index.html');
    await review.setInputFiles('#har-file', file);
    const button = review.getByRole('button', { name: 'Download sanitized HAR' });
    await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
    await button.click();
    await expect
      .poll(() => review.getByRole('alert').innerText(), { timeout: 30_000 })
      .toMatch(/^Not downloaded: your organisation requires encrypted exports, and no age recipient is set/);
    const downloads = await (await ext.worker()).evaluate(() => chrome.downloads.search({}));
    expect(downloads).toEqual([]);

    // Options: a wrong recipient is refused in one line; the right one is saved.
    const options = await ext.openPage('extension/options/index.html');
    await options.getByTestId('encryption-required').waitFor();
    const keyInput = options.getByPlaceholder('age1…');
    await keyInput.fill('age1thisisnotakey');
    await options.getByRole('button', { name: 'Add recipient' }).click();
    const alert = options.locator(
      '#h-encryption ~ [role="alert"], section[aria-labelledby="h-encryption"] [role="alert"]',
    );
    await expect.poll(() => alert.first().innerText()).toMatch(/"age1thisisno…" is not an age recipient/);
    await keyInput.fill(recipient());
    await options.getByPlaceholder('Support team').fill('Support team');
    await options.getByRole('button', { name: 'Add recipient' }).click();
    await options.getByTestId('recipients').getByText(recipient()).waitFor();
    await screenshot(options, 'options-encryption');

    const since = Date.now();
    await review.getByRole('button', { name: 'Download sanitized HAR' }).click();
    await review
      .getByText(/Saved case\.redacted\.har\.age\./)
      .waitFor({ timeout: 30_000 })
      .catch(async (err: unknown) => {
        throw new Error(`review page said: ${await review.locator('main').innerText()} (${String(err)})`);
      });
    const { bytes } = await downloadedBytes(ext, since);
    const text = ageDecrypt(bytes);
    expect(await review.getByRole('alert').count()).toBe(0);
    expectNoSecret(text, s);
    expect(harSchemaErrors(JSON.parse(text))).toEqual([]);
    const log = await (
      await ext.worker()
    ).evaluate(async () => (await chrome.storage.local.get('export.log'))['export.log']);
    expect(log).toEqual([
      expect.objectContaining({ via: 'review', source: 'case.har', sha256: sha256(bytes) }),
    ]);
  });

  it('a 30 MB file is encrypted in slices: the page stays responsive, age decrypts it', async () => {
    ext = await launchExtension();
    const sw = await ext.worker();
    await sw.evaluate(
      (key) => chrome.storage.local.set({ 'export.recipients': [{ key, label: 'Support' }] }),
      recipient(),
    );
    const s = fileSecrets();
    const file = join(dir, 'big.har');
    writeFileSync(file, JSON.stringify(bigHar(s, 30 * 1024 * 1024)));
    const review = await ext.openPage('extension/review/index.html');
    await review.setInputFiles('#har-file', file);
    const button = review.getByRole('button', { name: 'Download sanitized HAR' });
    await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
    // The longest gap between timer ticks from the click to "Saved": how long the page was frozen.
    await review.evaluate(() => {
      const w = window as unknown as { __stall: number };
      w.__stall = 0;
      let last = performance.now();
      const tick = () => {
        const now = performance.now();
        w.__stall = Math.max(w.__stall, now - last);
        last = now;
        setTimeout(tick, 20);
      };
      setTimeout(tick, 20);
    });
    const since = Date.now();
    await button.click();
    await review.getByText(/Saved .*\.redacted\.har\.age\./).waitFor({ timeout: 120_000 });
    const took = Date.now() - since;
    const stall = await review.evaluate(() => (window as unknown as { __stall: number }).__stall);
    console.log(
      `30 MB encrypted download: ${took} ms from click to saved, longest stall ${Math.round(stall)} ms`,
    );
    expect(stall).toBeLessThan(1000);
    const { bytes } = await downloadedBytes(ext, since);
    const text = ageDecrypt(bytes);
    expect(text.length).toBeGreaterThan(25 * 1024 * 1024);
    for (const v of [s.apiKey, s.bearer, s.refreshToken]) expect(text.includes(v)).toBe(false);
    expect(JSON.parse(text).log.entries.length).toBeGreaterThan(0);
  });
});
