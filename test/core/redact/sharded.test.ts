import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Entry, Har } from 'har-format';
import { builtinPack, mergeRules, parseHar, redactHar, serializeHar, type RuleSet } from '../../../src/index';
import { localShard, redactSharded, type ShardRunner } from '../../../src/redact/parallel';
import { ShardSequence } from '../../../src/redact/shard';
import { Propagator } from '../../../src/redact/propagate';
import { addForms, SecretRegistry, type ValueForms } from '../../../src/redact/registry';
import { entry, har } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const key = new Uint8Array(32).fill(7);
const opts = { key, now: '2026-01-02T03:04:05.000Z' };

/** Redacts `doc` split at `cuts` (entry indexes) with in-thread shards; reassembles the output. */
async function sharded(doc: Har, cuts: number[], ruleSet: RuleSet = rules) {
  const entries = doc.log.entries;
  const bounds = [0, ...cuts, entries.length];
  const head = { ...doc, log: { ...doc.log, entries: entries.slice(0, bounds[1]) } };
  const others = bounds
    .slice(1, -1)
    .map((from, k) => localShard(entries.slice(from, bounds[k + 2]), from, ruleSet, opts));
  const r = await redactSharded(head, others, entries.length, ruleSet, opts);
  const all = [...r.har.log.entries, ...r.outputs.flat()];
  return { har: { ...r.har, log: { ...r.har.log, entries: all } } as Har, report: r.report };
}

async function expectSame(doc: Har, cuts: number[], ruleSet: RuleSet = rules) {
  const one = redactHar(doc, ruleSet, opts);
  const many = await sharded(doc, cuts, ruleSet);
  expect(serializeHar(many.har)).toBe(serializeHar(one.har));
  expect(many.report).toEqual(one.report);
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

/**
 * As the CLI's pool (see guessedSplit): this thread takes [0, a) and then, through `more`, the ranges
 * between `a` and `m`; another "thread" takes [m, n) and, before it, the ranges between `m` and `b`
 * from the far end, added in that (reverse) order, each a range of its own.
 */
async function pooled(doc: Har, a: number, cuts: number[], m: number) {
  const entries = doc.log.entries;
  const n = entries.length;
  const bounds = [a, ...cuts.filter((c) => c > a && c < n), n];
  const head = { ...doc, log: { ...doc.log, entries: entries.slice(0, a) } };
  const mine = bounds.slice(0, -1).filter((from) => from < m);
  let taken = 0;
  const more = () => {
    if (taken >= mine.length) return null;
    const from = mine[taken++];
    const to = bounds[bounds.indexOf(from) + 1];
    return { entries: entries.slice(from, Math.min(to, m)), offset: from };
  };
  const forms = new Map<string, ValueForms>();
  const seq = new ShardSequence(rules, key, [], forms);
  const theirs: ShardRunner<Entry[]> = {
    async structural() {
      // Its own range first, then the pool's from its end: the order a worker adds them in.
      const starts = [m, ...bounds.filter((b) => b > m && b < n)].reverse();
      let end = n;
      for (const from of starts) {
        seq.add(entries.slice(from, end), from);
        end = from;
      }
      seq.prepareForms();
      return { records: seq.records(), warnings: seq.warnings(false), forms: new Map(forms) };
    },
    async propagate(merged, f) {
      addForms(forms, f);
      seq.adopt(merged);
      return { output: seq.propagate(), records: seq.records() };
    },
  };
  const r = await redactSharded(head, m < n ? [theirs] : [], n, rules, opts, { more });
  const all = [...r.har.log.entries, ...r.outputs.flat()];
  return { har: { ...r.har, log: { ...r.har.log, entries: all } } as Har, report: r.report };
}

describe('sharded redaction gives what redactHar gives', () => {
  it('with ranges taken from a pool by either side, in any order (ShardSequence)', async () => {
    const doc = session();
    const n = doc.log.entries.length;
    const one = redactHar(doc, rules, opts);
    for (let a = 1; a < n; a++) {
      for (let m = a; m <= n; m++) {
        for (const cuts of [[], [a + 1, a + 2, a + 3], [a + 2]]) {
          const many = await pooled(doc, a, cuts, m);
          expect(serializeHar(many.har)).toBe(serializeHar(one.har));
          expect(many.report).toEqual(one.report);
        }
      }
    }
  });

  it('for every way of cutting a session into two or three shards', async () => {
    const doc = session();
    const n = doc.log.entries.length;
    for (let a = 0; a <= n; a++) {
      await expectSame(doc, [a]);
      for (let b = a; b <= n; b++) await expectSame(doc, [a, b]);
    }
  });

  it('one value found under two labels in two shards gets one placeholder', async () => {
    const doc = session();
    const one = await expectSame(doc, [1]);
    const text = serializeHar(one.har);
    const tags = [...text.matchAll(/\[REDACTED ([^\] ]+) #([0-9a-f]{8})\]/g)];
    const labelsByTag = new Map<string, Set<string>>();
    for (const [, label, tag] of tags) labelsByTag.set(tag, (labelsByTag.get(tag) ?? new Set()).add(label));
    expect(tags.length).toBeGreaterThan(5);
    for (const labels of labelsByTag.values()) expect(labels.size).toBe(1);
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
    for (const cuts of [[0], [1], [2]]) {
      const one = await expectSame(plain, cuts);
      const f = one.report.findings.find((x) => x.locations.some((l) => l.entry === null));
      expect(f?.label, 'the title was counted').toBe('cookie:sid');
    }
    // The log finds a value under its own name that an entry named first: the merge renames it there.
    const renamed = base();
    (renamed.log as unknown as Record<string, unknown>)._session = { token: tok };
    for (const cuts of [[0], [1], [2]]) {
      const one = await expectSame(renamed, cuts);
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
    const one = await expectSame(doc, [2, 5], custom);
    expect(one.report.warnings.length).toBeGreaterThanOrEqual(1);
  });
});

describe('a merge that renames a value', () => {
  it('rewrites the old placeholder in every encoding it was written in, without counting it again', () => {
    const reg = new SecretRegistry(key, new Set());
    const rule = { id: 'r', origin: 'builtin' as const, locked: false };
    const value = 'tok_' + 'Q7'.repeat(12);
    const info = reg.register(value, 'field:token', rule, true);
    reg.hit(info, { entry: 3, path: 'x' });
    const old = reg.replacement(info);
    reg.adopt([
      {
        value,
        tag: info.tag,
        label: 'cookie:sid',
        rule,
        locked: false,
        propagate: true,
        count: 5,
        locations: [],
      },
    ]);
    const now = reg.replacement(info);
    expect(now).toBe(old.replace('field:token', 'cookie:sid'));
    const prop = new Propagator(reg);
    const forms = [
      old,
      encodeURIComponent(old),
      `%5B${old.slice(1, -1)}]`,
      JSON.stringify(JSON.stringify({ a: old })),
      encodeURIComponent(old).replace(/%20/g, '+'),
    ];
    for (const f of forms) {
      const out = prop.walk(`before ${f} after`, 'log') as string;
      expect(out).not.toContain('field:token');
      expect(out).toContain('cookie');
    }
    const b64 = Buffer.from(JSON.stringify({ t: old, v: value })).toString('base64');
    const out = prop.walk({ encoding: 'base64', text: b64 }, 'c') as { text: string };
    const decoded = Buffer.from(out.text, 'base64').toString();
    expect(decoded).toContain(now);
    expect(decoded).not.toContain(value);
    // Only the value's own sighting in the base64 body counts; renamed placeholders do not.
    expect(reg.findings()[0].count).toBe(1);
  });
});

// Real recordings: every dev-corpus and realworld HAR, cut in three.
const shared = resolve(__dirname, '../../../../shared');
const corpus = join(shared, 'eval/corpus-dev.tar.gz');
describe.skipIf(!existsSync(corpus))('sharded redaction on recorded HARs', () => {
  it('matches redactHar byte for byte', async () => {
    const work = mkdtempSync(join(tmpdir(), 'har-shard-'));
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
        const n = doc.log.entries.length;
        await expectSame(doc, [Math.floor(n / 3), Math.floor((2 * n) / 3)]);
        compared++;
      }
      expect(compared).toBeGreaterThan(20);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

export type { Entry };
