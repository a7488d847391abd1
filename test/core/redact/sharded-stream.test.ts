import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Har } from 'har-format';
import { builtinPack, mergeRules, parseHar, redactHar, serializeHar, type RuleSet } from '../../../src/index';
import { localWorkers, redactStream, type Layout, type Workers } from '../../../src/redact/parallel';
import { NotPlain } from '../../../src/har/split';
import { entry, har } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const key = new Uint8Array(32).fill(7);
const opts = { key, now: '2026-01-02T03:04:05.000Z' };

interface Way {
  /** Bytes of entries per batch (1: one entry each). */
  batchBytes?: number;
  /** Bytes per chunk the reader yields. */
  chunk?: number;
  /** How the input is written. */
  input?: 'pretty' | 'compact' | 'lines';
  layout?: Layout;
  /** Batches finish in another order than they started (as threads do). */
  shuffle?: boolean;
}

function inputText(doc: Har, input: Way['input']): string {
  if (input === 'compact') return JSON.stringify(doc);
  // One entry per line, as some tools write them.
  if (input === 'lines') return JSON.stringify(doc).replace(/\},\{"/g, '},\n{"');
  return serializeHar(doc);
}

/** Out-of-order completion: each batch's result waits a random few milliseconds. */
function shuffled(w: Workers, seed: number): Workers {
  let x = seed;
  const later = <T>(p: Promise<T>) =>
    p.then((r) => new Promise<T>((res) => setTimeout(() => res(r), (x = (x * 48271) % 2147483647) % 5)));
  return {
    slots: 4,
    find: (b) => later(w.find(b)),
    rewrite: (b) => later(w.rewrite(b)),
    adopt: (m, r) => w.adopt(m, r),
    rewriteLog: (log) => w.rewriteLog(log),
    replaced: () => w.replaced(),
  };
}

/** Streams `text` through redactStream (in this thread); the output's text and the report. */
export async function streamed(text: string, ruleSet: RuleSet, way: Way = {}) {
  const bytes = new TextEncoder().encode(text);
  const chunk = way.chunk ?? 4096;
  const out: Uint8Array[] = [];
  const layout = way.layout ?? 'pretty';
  const local = localWorkers(ruleSet, opts.key, layout);
  const report = await redactStream(
    (async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
    })(),
    way.shuffle ? shuffled(local, chunk) : local,
    ruleSet,
    { ...opts, layout, batchBytes: way.batchBytes ?? 1, write: (c) => void out.push(c) },
  );
  return { text: Buffer.concat(out).toString('utf8'), report };
}

const WAYS: Way[] = [
  {},
  { batchBytes: 1, chunk: 1 },
  { batchBytes: 700, chunk: 7, input: 'compact', shuffle: true },
  { batchBytes: 1 << 20, chunk: 13, input: 'lines' },
  { batchBytes: 2000, chunk: 64, shuffle: true },
];

/** Every way of streaming `doc` writes what serializeHar(redactHar(…)) writes, and reports the same. */
async function expectSame(doc: Har, ruleSet: RuleSet = rules) {
  const text = serializeHar(doc);
  const one = redactHar(parseHar(text), ruleSet, opts);
  for (const way of WAYS) {
    const many = await streamed(inputText(doc, way.input), ruleSet, way);
    expect(many.text, JSON.stringify(way)).toBe(serializeHar(one.har));
    expect(many.report).toEqual(one.report);
  }
  return one;
}

/** One session whose secrets recur across entries, under different names and in different encodings. */
function session(): Har {
  const r = seeded(99);
  const sid = fake.opaque(r, 32);
  const jwt = fake.jwt(r, { email: 'mo.rivera@example-mail.test' });
  const pw = fake.password(r);
  return har([
    // A weak value under a broad rule (cookie) first, then the same value under a strong name:
    // shards see it under different labels, the export must show one placeholder.
    entry({ requestHeaders: [{ name: 'cookie', value: `sid=${sid}; theme=dark` }] }),
    entry({
      method: 'POST',
      url: 'https://app.example.test/login',
      postData: { mimeType: 'application/json', text: JSON.stringify({ password: pw, session: sid }) },
    }),
    entry({
      url: `https://api.example.test/v1/me?access_token=${sid}`,
      content: { mimeType: 'application/json', text: JSON.stringify({ token: jwt, note: `pw ${pw}` }) },
    }),
    entry({
      content: {
        mimeType: 'application/json',
        encoding: 'base64',
        text: Buffer.from(JSON.stringify({ echo: sid, mail: 'mo.rivera@example-mail.test' })).toString(
          'base64',
        ),
      },
    }),
    entry({ url: `https://app.example.test/r?next=${encodeURIComponent(`/x?sid=${sid}`)}` }),
    entry({ requestHeaders: [{ name: 'authorization', value: `Bearer ${jwt}` }] }),
  ]);
}

describe('streamed redaction gives what redactHar gives, byte for byte', () => {
  it('whatever the batches, chunks, input layout and order of completion', async () => {
    await expectSame(session());
  });

  it('one value found under two labels in two batches gets one placeholder', async () => {
    const one = await expectSame(session());
    const text = serializeHar(one.har);
    const tags = [...text.matchAll(/\[REDACTED ([^\] ]+) #([0-9a-f]{8})\]/g)];
    const labelsByTag = new Map<string, Set<string>>();
    for (const [, label, tag] of tags) labelsByTag.set(tag, (labelsByTag.get(tag) ?? new Set()).add(label));
    expect(tags.length).toBeGreaterThan(5);
    for (const labels of labelsByTag.values()) expect(labels.size).toBe(1);
  });

  it('no entries, and a compact layout kept compact', async () => {
    const empty = har([]);
    await expectSame(empty);
    const doc = session();
    const one = redactHar(parseHar(JSON.stringify(doc)), rules, opts);
    const many = await streamed(JSON.stringify(doc), rules, { layout: 'compact', batchBytes: 500 });
    expect(many.text).toBe(JSON.stringify(one.har));
  });

  it('refuses what it does not follow (the caller reads those whole)', async () => {
    const doc = serializeHar(session());
    for (const bad of [
      `cb(${doc});`,
      doc + 'x',
      doc.replace('"entries": [', '"entries": [1, '),
      doc.replace(/\},\n\s*\{/, '} {'),
      doc.slice(0, -10),
    ]) {
      await expect(streamed(bad, rules), bad.slice(0, 20)).rejects.toThrow(NotPlain);
    }
  });
  it('values of the entries met again in the log fields, renamed by the merge or not', async () => {
    const r = seeded(5);
    const sid = fake.opaque(r, 32);
    const tok = 'tok_' + fake.opaque(r, 24);
    const base = () =>
      har([
        entry({ requestHeaders: [{ name: 'cookie', value: `sid=${sid}` }] }),
        entry({ requestHeaders: [{ name: 'cookie', value: `other=${tok}` }] }),
      ]);
    // The log only repeats what the entries found: its shard renames nothing (one matcher shared).
    const plain = base();
    plain.log.pages = [{ id: 'p', title: `Home (sid ${sid})`, startedDateTime: '', pageTimings: {} }];
    {
      const one = await expectSame(plain);
      const f = one.report.findings.find((x) => x.locations.some((l) => l.entry === null));
      expect(f?.label, 'the title was counted').toBe('cookie:sid');
    }
    // The log finds a value under its own name that an entry named first: the merge renames it there.
    const renamed = base();
    (renamed.log as unknown as Record<string, unknown>)._session = { token: tok };
    {
      const one = await expectSame(renamed);
      expect(serializeHar(one.har)).not.toContain(tok);
    }
  });

  it('log fields and pages, warnings and rule warnings once', async () => {
    const doc = session();
    (doc.log as unknown as Record<string, unknown>)._session = { token: 'tok_' + 'x9'.repeat(16) };
    doc.log.pages = [
      { id: 'p', title: `https://app.example.test/?sid=abc`, startedDateTime: '', pageTimings: {} },
    ];
    doc.log.entries.push(
      entry({ content: { mimeType: 'text/plain', encoding: 'base64', text: '%%% not base64 %%%' } }),
    );
    const custom = mergeRules([
      { pack: builtinPack, origin: 'builtin' },
      {
        pack: {
          format: 'har-redactor/rules@1',
          name: 'bad',
          version: '1',
          rules: [{ id: 'bad.re', target: 'value', pattern: 'x(' }],
        },
        origin: 'user',
      },
    ] as Parameters<typeof mergeRules>[0]);
    const one = await expectSame(doc, custom);
    expect(one.report.warnings.length).toBeGreaterThanOrEqual(1);
  });
});

// Real recordings: every dev-corpus and realworld HAR, cut in three.
const shared = resolve(__dirname, '../../../../shared');
const corpus = join(shared, 'eval/corpus-dev.tar.gz');
describe.skipIf(!existsSync(corpus))('streamed redaction on recorded HARs', () => {
  it('matches redactHar byte for byte', async () => {
    const work = mkdtempSync(join(tmpdir(), 'har-stream-'));
    try {
      execFileSync('tar', ['xzf', corpus, '-C', work]);
      const files = [
        ...readdirSync(join(work, 'corpus-dev'))
          .filter((f) => f.endsWith('.har'))
          .map((f) => join(work, 'corpus-dev', f)),
        ...readdirSync(join(shared, 'realworld'))
          .filter((f) => f.endsWith('.har'))
          .map((f) => join(shared, 'realworld', f)),
      ];
      let compared = 0;
      for (const f of files) {
        let doc: Har;
        try {
          doc = parseHar(readFileSync(f, 'utf8'));
        } catch {
          continue; // the broken ones: refused by the reader, nothing to redact
        }
        const text = serializeHar(doc);
        const one = redactHar(parseHar(text), rules, opts);
        const many = await streamed(text, rules, { batchBytes: 20000, shuffle: true });
        expect(many.text, f).toBe(serializeHar(one.har));
        expect(many.report).toEqual(one.report);
        compared++;
      }
      expect(compared).toBeGreaterThan(20);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
