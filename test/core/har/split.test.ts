import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Har } from 'har-format';
import { parseHar, serializeHar } from '../../../src/index';
import { EntrySplitter, NotPlain, parseEntry } from '../../../src/har/split';
import { entry } from '../../support/har-builder';

const enc = new TextEncoder();

const entryWith = (extra: object) => ({ ...entry({}), ...extra });

/** Splits `text` fed in chunks cut at `cuts`; the HAR it gives back, entries put in place. */
function split(text: string | Uint8Array, cuts: number[] = [], parse = true): Har {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  const entries: Har['log']['entries'] = [];
  const s = new EntrySplitter((b, i) => parse && entries.push(parseEntry(b.slice(), i)));
  // As the CLI reads: every chunk in the same Node Buffer (whose slice is a view), overwritten once
  // push returns, so whatever the splitter keeps across chunks must be a copy.
  const scratch = Buffer.alloc(bytes.length);
  let from = 0;
  for (const c of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    scratch.set(bytes.subarray(from, c));
    s.push(scratch.subarray(0, c - from));
    scratch.fill(0x7b);
    from = c;
  }
  const har = s.end();
  har.log.entries = entries;
  if (parse) expect(s.count).toBe(entries.length);
  return har;
}

/** Strings that trouble a tokenizer: quotes, backslash runs, brackets, multi-byte characters. */
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('\\', '\\\\', '"', '\\"', '}]', '{"a":[', '\u00e9\u{1F600}', '\\\\\\"', ']},{'),
  fc
    .array(fc.constantFrom('\\', '"', '}', ']', '{', '[', ',', 'é', 'x'), { maxLength: 12 })
    .map((a) => a.join('')),
);

const entryArb = fc.record({
  startedDateTime: fc.constant('2026-01-01T00:00:00.000Z'),
  time: fc.nat(),
  request: fc.record({
    method: fc.constant('GET'),
    url: tricky.map((s) => `https://x.test/?q=${encodeURIComponent(s)}`),
    httpVersion: fc.constant('HTTP/1.1'),
    headers: fc.array(fc.record({ name: tricky, value: tricky }), { maxLength: 3 }),
    cookies: fc.constant([]),
    queryString: fc.constant([]),
    headersSize: fc.constant(-1),
    bodySize: fc.constant(-1),
  }),
  response: fc.record({
    status: fc.constant(200),
    statusText: tricky,
    httpVersion: fc.constant('HTTP/1.1'),
    headers: fc.constant([]),
    cookies: fc.constant([]),
    content: fc.record({ size: fc.nat(), mimeType: fc.constant('text/plain'), text: tricky }),
    redirectURL: fc.constant(''),
    headersSize: fc.constant(-1),
    bodySize: fc.constant(-1),
  }),
  cache: fc.constant({}),
  timings: fc.constant({ send: 0, wait: 1, receive: 0 }),
  _deep: fc.array(fc.array(fc.dictionary(tricky, tricky, { maxKeys: 2 }), { maxLength: 2 }), {
    maxLength: 2,
  }),
});

const docArb = fc.record({
  entries: fc.array(entryArb, { maxLength: 5 }),
  before: fc.dictionary(tricky, fc.array(tricky, { maxLength: 2 }), { maxKeys: 2 }),
  after: fc.dictionary(tricky, tricky, { maxKeys: 2 }),
});

describe('EntrySplitter', () => {
  it('gives the entries and the rest of any HAR as parseHar does, whatever the layout and the cuts', () => {
    fc.assert(
      fc.property(
        docArb,
        fc.array(fc.nat(4000), { maxLength: 30 }),
        fc.constantFrom(0, 2, '\t'),
        fc.boolean(),
        ({ entries, before, after }, cuts, indent, bom) => {
          const doc = {
            log: {
              _before: before,
              version: '1.2',
              creator: { name: 't', version: '1' },
              pages: [],
              entries,
              _after: after,
            },
          };
          const text = (bom ? '\ufeff' : '') + JSON.stringify(doc, null, indent) + '\n';
          expect(split(text, cuts)).toEqual(parseHar(text));
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 300), seed: 20261206 },
    );
  });

  it('cuts inside multi-byte characters and backslash runs, one byte at a time', () => {
    const doc = {
      log: {
        version: '1.2',
        creator: { name: 't', version: '1' },
        entries: [
          entryWith({ x: 'a\\\\\\"}]\u00e9\u{1F600}"', y: [[{ '\\"': '}' }]] }),
          entryWith({ z: '\\' }),
        ],
        comment: '"entries": [',
      },
    };
    const bytes = enc.encode(serializeHar(doc as unknown as Har));
    const every = Array.from({ length: bytes.length }, (_, i) => i);
    const got = split(bytes, every);
    expect(got.log.entries.map((e) => (e as unknown as { x?: string }).x)).toEqual([
      'a\\\\\\"}]\u00e9\u{1F600}"',
      undefined,
    ]);
    expect(got).toEqual(parseHar(serializeHar(doc as unknown as Har)));
  });

  it('does not take another key named entries, nor entries outside log, for the entries', () => {
    const text = JSON.stringify({
      other: { entries: [{ a: 1 }] },
      log: { version: '1.2', creator: { name: 't', version: '1' }, pages: [{ entries: [] }], entries: [] },
    });
    const seen: number[] = [];
    const s = new EntrySplitter((_, i) => seen.push(i));
    s.push(enc.encode(text));
    expect(s.end().log.entries).toEqual([]);
    expect(seen).toEqual([]);
  });

  it.each([
    ['a JSONP wrapper', 'cb({"log":{"entries":[]}});'],
    ['text after the HAR', '{"log":{"entries":[]}} x'],
    ['an array', '[{"log":{"entries":[]}}]'],
    ['an entry that is not an object', '{"log":{"entries":[{}, 3]}}'],
    ['two entries without a comma', '{"log":{"entries":[{} {}]}}'],
    ['a trailing comma', '{"log":{"entries":[{},]}}'],
    ['a leading comma', '{"log":{"entries":[,{}]}}'],
    ['brackets that do not match', '{"log":{"entries":[{]}}'],
    ['an early end', '{"log":{"entries":[{}'],
    ['entries twice', '{"log":{"entries":[],"entries":[]}}'],
    ['no entries', '{"log":{"version":"1.2"}}'],
    ['nesting too deep', '{"log":{"entries":[' + '['.repeat(1200)],
  ])('refuses %s', (_name, text) => {
    expect(() => split(text, [], false)).toThrow(NotPlain);
  });
});
