import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  normalizeExportPolicy,
  readExportConfig,
  USER_RECIPIENTS_KEY,
  writeUserRecipients,
} from '../../extension/background/export-config';
import { AuditSender, EXPORT_LOG_KEY, ExportLog, LOG_MAX } from '../../extension/background/export-log';
import { createExportHandlers } from '../../extension/background/export-handlers';
import { TEAM_PACK_KEY } from '../../extension/background/rules/team-store';
import type { ExportRecord } from '../../src/export/index';
import { MemoryArea } from './fakes';

const newRecipient = () =>
  execFileSync('age-keygen')
    .toString()
    .match(/public key: (age1\S+)/)![1];
const [a, b, c] = [newRecipient(), newRecipient(), newRecipient()];

const report = {
  findings: [],
  secrets: 1,
  replacements: 2,
  entries: 3,
  byLabel: { cookie: 1 },
  byRule: {},
  warnings: [],
};
const rec = (i: number) => ({ v: 1, sha256: String(i) }) as unknown as ExportRecord;

describe('export config: policy, signed team pack, user', () => {
  it('reads the policy fields, ignoring wrong types and non-HTTPS endpoints', () => {
    expect(
      normalizeExportPolicy({
        encryptTo: [a, 7],
        requireEncryption: 'yes',
        auditLogUrl: 'http://example.test/audit',
        uploadUrl: ' https://up.example.test/x ',
      }),
    ).toEqual({ encryptTo: [a], uploadUrl: 'https://up.example.test/x' });
    expect(normalizeExportPolicy(null)).toEqual({});
  });

  it('lists policy, then signed team pack, then user recipients; a bad policy key is a problem, not a crash', async () => {
    const local = new MemoryArea();
    await local.set({
      [TEAM_PACK_KEY]: {
        url: 'https://t',
        fetchedAt: 'x',
        keyId: 'k1',
        pack: { id: 'team', recipients: [b] },
      },
    });
    await writeUserRecipients(local, [{ key: ` ${c} `, label: ' Me ' }, { key: a }]);
    const cfg = await readExportConfig(local, async () => ({
      encryptTo: [a, 'age1broken'],
      requireEncryption: true,
    }));
    expect(cfg.recipients.map((r) => [r.key, r.from])).toEqual([
      [a, 'policy'],
      [b, 'team'],
      [c, 'user'],
    ]);
    expect(cfg.required).toBe(true);
    expect(cfg.userRecipients).toEqual([{ key: c, label: 'Me' }, { key: a }]);
    expect(cfg.problems).toEqual([
      expect.stringMatching(/^Policy encryptTo: "age1broken" is not an age recipient/),
    ]);
  });

  it("an unsigned team pack's recipients are not trusted", async () => {
    const local = new MemoryArea();
    await local.set({
      [TEAM_PACK_KEY]: { url: 'https://t', fetchedAt: 'x', pack: { id: 'team', recipients: [b] } },
    });
    expect((await readExportConfig(local, async () => ({}))).recipients).toEqual([]);
  });

  it('refuses to save a recipient that is not one (one line), keeping the list as it was', async () => {
    const local = new MemoryArea();
    await writeUserRecipients(local, [{ key: a }]);
    await expect(writeUserRecipients(local, [{ key: a }, { key: 'nope' }])).rejects.toThrow(/^"nope" is not/);
    expect((await local.get(USER_RECIPIENTS_KEY))[USER_RECIPIENTS_KEY]).toEqual([{ key: a }]);
  });
});

describe('ExportLog', () => {
  it(`keeps the last ${LOG_MAX}, in order, even when appends overlap`, async () => {
    const local = new MemoryArea();
    const log = new ExportLog(local);
    await Promise.all(Array.from({ length: LOG_MAX + 5 }, (_, i) => log.append(rec(i))));
    const list = (await local.get(EXPORT_LOG_KEY))[EXPORT_LOG_KEY] as ExportRecord[];
    expect(list).toHaveLength(LOG_MAX);
    expect(list[0].sha256).toBe('5');
    expect(list.at(-1)!.sha256).toBe(String(LOG_MAX + 4));
  });
});

describe('AuditSender', () => {
  it('POSTs JSON without credentials, retries with doubling backoff, then gives up and goes on', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const sleeps: number[] = [];
    let failFirst = 3;
    const sender = new AuditSender({
      attempts: 3,
      baseDelayMs: 100,
      sleep: async (ms) => void sleeps.push(ms),
      fetch: async (url, init) => {
        calls.push({ url, init });
        const body = JSON.parse(String(init.body)) as { sha256: string };
        if (body.sha256 === '1' && failFirst-- > 0) return { ok: false, status: 503 };
        return { ok: true, status: 200 };
      },
    });
    sender.enqueue('https://audit.example.test/in?token=x', rec(1));
    sender.enqueue('https://audit.example.test/in?token=x', rec(2));
    await sender.drain();
    await new Promise((r) => setTimeout(r, 0));
    // Record 1 failed three times (given up after backoff 100, 200), record 2 went through.
    expect(calls.map((c) => JSON.parse(String(c.init.body)).sha256)).toEqual(['1', '1', '1', '2']);
    expect(sleeps).toEqual([100, 200]);
    expect(calls[0].init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'error' });
    expect(sender.status()).toEqual({
      url: 'https://audit.example.test/in',
      pending: 0,
      sent: 1,
      dropped: 1,
    });
  });

  it('is bounded: the oldest waiting record is dropped and counted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const sender = new AuditSender({
      max: 2,
      fetch: async (_u, init) => {
        await gate;
        seen.push(JSON.parse(String(init.body)).sha256);
        return { ok: true, status: 200 };
      },
    });
    for (let i = 0; i < 5; i++) sender.enqueue('https://a.test/', rec(i));
    release();
    await new Promise((r) => setTimeout(r, 10));
    await sender.drain();
    // 0 was in flight (first in the queue); 1 and 2 were pushed out by 3 and 4.
    expect(seen).toEqual(['0', '3', '4']);
    expect(sender.status()).toMatchObject({ sent: 3, dropped: 2, pending: 0 });
  });
});

describe('export handlers', () => {
  it('records an export with the packs in force and queues it for the audit endpoint', async () => {
    const local = new MemoryArea();
    const posted: unknown[] = [];
    const audit = new AuditSender({
      fetch: async (_u, init) => (posted.push(JSON.parse(String(init.body))), { ok: true, status: 200 }),
    });
    const h = createExportHandlers({
      local,
      packs: async () => [{ id: 'builtin', version: '1.0.0', origin: 'builtin' }],
      managed: async () => ({ auditLogUrl: 'https://audit.example.test/x' }),
      audit,
      version: '9.9.9',
    });
    const record = await h['export:record']({
      via: 'panel',
      source: 'app.example.test',
      output: 'app.example.test-2026-01-01.redacted.har.age',
      digest: { sha256: 'f'.repeat(64), bytes: 10 },
      report,
      recipients: [a],
      upload: { url: 'https://up.example.test/p?sig=zzz', status: 201 },
    });
    expect(record).toMatchObject({
      via: 'panel',
      packs: [{ id: 'builtin', version: '1.0.0', origin: 'builtin' }],
      tool: { name: 'HAR Redactor', version: '9.9.9' },
      upload: { url: 'https://up.example.test/p', status: 201 },
    });
    await audit.drain();
    expect(posted).toEqual([record]);
    expect((await h['export:log']()).records).toEqual([record]);
  });
});
