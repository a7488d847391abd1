import { describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import {
  builtinPack,
  mergeRules,
  parseHar,
  redactHar,
  serializeHar,
  type RedactOptions,
  type RuleSet,
} from '../../../src/index';
import { localWorkers, redactStream, type Layout } from '../../../src/redact/parallel';
import { EntrySplitter, NotPlain } from '../../../src/har/split';
import { entry, har } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

/**
 * The review page's streamed runs: the user's keep/redact choices (keepTags, disabledRules) reach
 * every batch as they reach redactHar, and each entry's byte range in the input is told as it is read.
 */
const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const key = new Uint8Array(32).fill(3);
const base = { key, now: '2026-02-03T04:05:06.000Z' };
const enc = new TextEncoder();

async function streamed(
  text: string,
  ruleSet: RuleSet,
  choices: Pick<RedactOptions, 'keepTags' | 'disabledRules'>,
  { batchBytes = 1, chunk = 97, layout = 'pretty' as Layout } = {},
) {
  const bytes = enc.encode(text);
  const out: Uint8Array[] = [];
  const ranges: [number, number, number][] = [];
  const report = await redactStream(
    (async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
    })(),
    localWorkers(ruleSet, key, layout, undefined, choices),
    ruleSet,
    {
      ...base,
      ...choices,
      layout,
      batchBytes,
      write: (c) => void out.push(c),
      onEntryRange: (i, start, end) => ranges.push([i, start, end]),
    },
  );
  return { text: Buffer.concat(out).toString('utf8'), report, ranges };
}

/** Secrets that recur across entries in several places and encodings, a page title among them. */
function session(): Har {
  const r = seeded(41);
  const sid = fake.opaque(r, 32);
  const jwt = fake.jwt(r, { email: 'ana.lopez@example-mail.test' });
  const pw = fake.password(r);
  const places = [
    { requestHeaders: [{ name: 'cookie', value: `sid=${sid}; theme=dark` }] },
    {
      method: 'POST',
      url: 'https://app.example.test/session',
      postData: {
        mimeType: 'application/x-www-form-urlencoded',
        text: `user=ana&password=${encodeURIComponent(pw)}&sid=${sid}`,
      },
    },
    { url: `https://api.example.test/v1/me?access_token=${sid}` },
    { content: { mimeType: 'application/json', text: JSON.stringify({ id_token: jwt, hint: `pw ${pw}` }) } },
    { requestHeaders: [{ name: 'x-auth-token', value: jwt }] },
    { responseHeaders: [{ name: 'set-cookie', value: `sid=${sid}; Path=/; HttpOnly` }] },
  ];
  const doc = har(places.map((p) => entry(p)));
  doc.log.pages = [{ id: 'p1', title: `Account (${sid.slice(0, 4)})`, startedDateTime: '', pageTimings: {} }];
  return doc;
}

describe('redactStream follows the user choices as redactHar does', () => {
  it('kept values and switched-off rules: the same bytes and report, whatever the batches', async () => {
    const doc = session();
    const text = serializeHar(doc);
    const first = redactHar(parseHar(text), rules, base);
    const unlocked = first.report.findings.filter((f) => !f.locked);
    expect(unlocked.length).toBeGreaterThan(2);
    // Keep every other finding; switch off the rule of one that is not kept.
    const keepTags = unlocked.filter((_, i) => i % 2 === 0).map((f) => f.tag);
    const off = unlocked.find((f) => !keepTags.includes(f.tag))!.ruleId;
    const choices = { keepTags, disabledRules: [off] };
    const one = redactHar(parseHar(text), rules, { ...base, ...choices });
    expect(one.report.findings.filter((f) => f.kept).length).toBeGreaterThan(0);
    expect(one.report.findings.some((f) => f.ruleId === off)).toBe(false);
    const want = serializeHar(one.har);
    expect(want).not.toBe(serializeHar(first.har));
    for (const way of [{ batchBytes: 1 }, { batchBytes: 1, chunk: 1 }, { batchBytes: 900, chunk: 13 }, {}]) {
      const many = await streamed(text, rules, choices, way);
      expect(many.text, JSON.stringify(way)).toBe(want);
      expect(many.report).toEqual(one.report);
    }
    // Compact stays compact.
    const compact = await streamed(JSON.stringify(doc), rules, choices, { layout: 'compact', batchBytes: 1 });
    expect(compact.text).toBe(JSON.stringify(one.har));
  });

  it('a value kept in one batch that a locked rule finds in another fails (read whole instead)', async () => {
    const value = 'zq' + fake.opaque(seeded(8), 30);
    const locked = mergeRules([
      { pack: builtinPack, origin: 'builtin' },
      {
        pack: {
          schemaVersion: 1,
          id: 'org',
          version: '1',
          rules: [
            {
              id: 'org.x-org-secret',
              target: 'header',
              names: ['x-org-secret'],
              action: 'redact',
              locked: true,
            },
          ],
        },
        origin: 'policy',
      },
    ]);
    const doc = har([
      entry({ requestHeaders: [{ name: 'cookie', value: `sid=${value}` }] }),
      entry({ requestHeaders: [{ name: 'x-org-secret', value }] }),
    ]);
    const text = serializeHar(doc);
    const first = redactHar(parseHar(text), locked, base);
    const f = first.report.findings.find((x) => x.label.includes('sid') || x.ruleId === 'org.x-org-secret');
    expect(f?.locked).toBe(true);
    await expect(streamed(text, locked, { keepTags: [f!.tag] })).rejects.toThrow(NotPlain);
    // In one batch the registry sees the lock as redactHar does: no failure, the same bytes.
    const whole = await streamed(text, locked, { keepTags: [f!.tag] }, { batchBytes: 1 << 20 });
    expect(whole.text).toBe(
      serializeHar(redactHar(parseHar(text), locked, { ...base, keepTags: [f!.tag] }).har),
    );
    expect(whole.text).not.toContain(value);
  });
});

describe('entry byte ranges', () => {
  it('redactStream tells each entry where it is in the input', async () => {
    const doc = session();
    for (const text of ['\ufeff' + serializeHar(doc), JSON.stringify(doc)]) {
      const bytes = enc.encode(text);
      const { ranges } = await streamed(text, rules, {}, { batchBytes: 500, chunk: 5 });
      expect(ranges.map((r) => r[0])).toEqual(doc.log.entries.map((_, i) => i));
      for (const [i, start, end] of ranges) {
        const slice = Buffer.from(bytes.subarray(start, end)).toString('utf8');
        expect(JSON.parse(slice)).toEqual(doc.log.entries[i]);
      }
    }
  });

  it('EntrySplitter gives each entry its start, whatever the chunks (a BOM cut in two included)', () => {
    const doc = session();
    const bytes = enc.encode('\ufeff' + JSON.stringify(doc, null, '\t'));
    for (const cuts of [[1], [2, 3, 50], [1, 2, 3, 4, 5, 600, 601, 1500]]) {
      const seen: [Uint8Array, number][] = [];
      const s = new EntrySplitter((b, _i, start) => seen.push([b.slice(), start]));
      let from = 0;
      for (const c of [...cuts, bytes.length]) {
        s.push(bytes.slice(from, c));
        from = c;
      }
      s.end();
      expect(seen.length).toBe(doc.log.entries.length);
      for (const [b, start] of seen) expect(bytes.subarray(start, start + b.length)).toEqual(b);
    }
  });
});
