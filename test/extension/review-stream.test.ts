import { describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import { builtinPack, mergeRules, parseHar, redactHar, serializeHar } from '../../src/index';
import { NotPlain } from '../../src/har/split';
import { BlobParts, blobSpill, streamRun } from '../../extension/review/stream-run';
import { prepareExport } from '../../extension/shared/sealed-save';
import { sha256Hasher } from '../../src/export/index';
import { entry, har } from '../support/har-builder';
import { fake, seeded } from '../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const key = new Uint8Array(32).fill(9);
const now = '2026-03-04T05:06:07.000Z';
const tool = { name: 'har-redactor', version: 'test' };

function doc(): Har {
  const r = seeded(77);
  const sid = fake.opaque(r, 32);
  const jwt = fake.jwt(r, { email: 'kai.berg@example-mail.test' });
  const entries = [];
  for (let i = 0; i < 40; i++) {
    entries.push(
      entry({
        url: `https://app.example.test/api/items/${i}?access_token=${sid}`,
        requestHeaders: [{ name: 'authorization', value: `Bearer ${jwt}` }],
        content: { mimeType: 'application/json', text: JSON.stringify({ i, note: 'é'.repeat(i), sid }) },
      }),
    );
  }
  return har(entries);
}

const run = (file: Blob, layout: 'pretty' | 'compact', choices: { keepTags?: string[] } = {}) =>
  streamRun(file, {
    rules,
    key,
    layout,
    keepTags: choices.keepTags ?? [],
    disabledRules: [],
    tool,
    now,
    onProgress: () => undefined,
    pause: async () => undefined,
  });

describe('the review worker’s streamed run', () => {
  it('writes what serializeHar(redactHar(…)) writes, as a Blob, in both layouts', async () => {
    const d = doc();
    for (const layout of ['pretty', 'compact'] as const) {
      const text = serializeHar(d, layout);
      const one = redactHar(parseHar(text), rules, { key, now, tool });
      const r = await run(new Blob([text]), layout);
      expect(await r.blob.text()).toBe(serializeHar(one.har, layout));
      expect(r.report).toEqual(one.report);
      expect(r.entries).toBe(40);
    }
  });

  it('reads any entry before and after on demand, as the whole HAR holds it', async () => {
    const d = doc();
    const text = serializeHar(d);
    const one = redactHar(parseHar(text), rules, { key, now, tool });
    const r = await run(new Blob(['\ufeff' + text]), 'pretty');
    for (const i of [0, 1, 17, 39]) {
      expect(await r.before(i)).toEqual(parseHar(text).log.entries[i]);
      expect(await r.after(i)).toEqual(one.har.log.entries[i]);
    }
    expect(await r.before(40)).toBeNull();
    expect(await r.after(40)).toBeNull();
  });

  it('keeps what the user keeps, as redactHar does', async () => {
    const text = serializeHar(doc());
    const first = redactHar(parseHar(text), rules, { key, now, tool });
    const keepTags = [first.report.findings.find((f) => !f.locked)!.tag];
    const one = redactHar(parseHar(text), rules, { key, now, tool, keepTags });
    const r = await run(new Blob([text]), 'pretty', { keepTags });
    expect(await r.blob.text()).toBe(serializeHar(one.har));
    expect(r.report.findings.filter((f) => f.kept).map((f) => f.tag)).toEqual(keepTags);
  });

  it('refuses a file it cannot stream (the worker then reads it whole)', async () => {
    await expect(run(new Blob([`cb(${serializeHar(doc())})`]), 'pretty')).rejects.toThrow(NotPlain);
  });
});

describe('Blob parts', () => {
  it('BlobParts and blobSpill give back what was written, in order, across Blobs', async () => {
    const parts = new BlobParts();
    const spill = blobSpill();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const chunk = new Uint8Array(300_000 + i).fill(i);
      chunks.push(chunk);
      parts.push(chunk);
      await spill.write(chunk);
    }
    const all = Buffer.concat(chunks);
    expect(parts.size).toBe(all.length);
    const blob = parts.blob();
    expect(blob.size).toBe(all.length);
    expect(Buffer.from(await blob.arrayBuffer()).equals(all)).toBe(true);
    // Across two chunks, and across the first two Blobs (one every 8 MiB).
    const at = chunks.slice(0, 28).reduce((n, c) => n + c.length, 0) - 10;
    expect(Buffer.from(await spill.read(at, 20)).equals(all.subarray(at, at + 20))).toBe(true);
    expect(new Set(await spill.read(at, 20)).size).toBe(2);
  });

  it('an export of a Blob hashes and saves its bytes without reading it whole', async () => {
    const text = serializeHar(doc()).repeat(30);
    const blob = new Blob([text]);
    expect(blob.size).toBeGreaterThan(1024 * 1024);
    const prepared = await prepareExport(
      { parts: [blob], filename: 'x.redacted.har', report: redactHar(doc(), rules, { key }).report },
      { recipients: [], required: false } as unknown as Parameters<typeof prepareExport>[1],
    );
    expect(prepared.parts.length).toBeGreaterThan(1);
    expect(prepared.parts.every((p) => p instanceof Blob)).toBe(true);
    expect(await new Blob(prepared.parts as BlobPart[]).text()).toBe(text);
    const h = sha256Hasher();
    h.update(new TextEncoder().encode(text));
    expect(prepared.digest).toEqual({ sha256: h.hex(), bytes: blob.size });
  });
});
