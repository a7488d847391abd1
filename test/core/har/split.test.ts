import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHar, readHarBytes } from '../../../src/index';
import { entryRangeBytes, MAX_DEPTH, parseEntryRange, parseHarHead } from '../../../src/har/read';
import { entryLayout } from '../../../src/har/split';

/** `bytes` copied into a SharedArrayBuffer, `at` bytes in (the layout scan reads those by words). */
function inShared(bytes: Uint8Array, at = 0): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length + at + 7), at, bytes.length);
  copy.set(bytes);
  return copy;
}

/** Reads `text` split at `cuts` the way a parallel run does; must equal parseHar. */
function readSplit(text: string, cuts: number[], shared = false) {
  const plain = new TextEncoder().encode(text);
  const bytes = shared ? inShared(plain) : plain;
  const layout = entryLayout(bytes, MAX_DEPTH);
  if (!layout) return null;
  const n = layout.starts.length;
  const bounds = [0, ...cuts.map((c) => Math.min(c, n)), n];
  const head = parseHarHead(bytes, layout, bounds[1]);
  for (let k = 1; k < bounds.length - 1; k++) {
    if (bounds[k + 1] > bounds[k]) {
      head.log.entries.push(
        ...parseEntryRange(entryRangeBytes(bytes, layout, bounds[k], bounds[k + 1]), bounds[k]),
      );
    }
  }
  return head;
}

const doc = (log: string) => `{"log": ${log}}`;
const E = (i: number) => `{"request": {"method": "GET", "url": "https://x.test/${i}"}, "response": {}}`;

describe('entryLayout', () => {
  it('finds every entry, whatever the strings around them hold', () => {
    const text =
      '\ufeff  {"a": ["log", {"entries": [1]}], "log": {"pages": [{"id": "[{\\"x"}], "creator": {"name": "}]\\\\"},' +
      ` "entries": [ ${E(0)} ,${E(1)},\n${E(2)} ], "_x": {"entries": "y"}}, "z": 1 }\n`;
    const bytes = new TextEncoder().encode(text);
    const layout = entryLayout(bytes, MAX_DEPTH)!;
    expect(layout).not.toBeNull();
    expect(layout.starts.length).toBe(3);
    const dec = new TextDecoder();
    for (let i = 0; i < 3; i++)
      expect(JSON.parse(dec.decode(bytes.subarray(layout.starts[i], layout.ends[i])))).toEqual(
        JSON.parse(E(i)),
      );
    const whole = parseHar(text);
    for (const cuts of [[0], [1], [3], [1, 2], [0, 3]]) expect(readSplit(text, cuts)).toEqual(whole);
  });

  it('decodes ranges as the whole input decodes, stray invalid bytes included', () => {
    const enc = new TextEncoder();
    const parts = [
      // Past the first KB, which the reader sniffs for binary data.
      enc.encode(
        `{"log": {"_pad": "${'p'.repeat(1500)}", "entries": [${E(0)}, {"request": {"method": "GET", "url": "https://x.test/1"}, "response": {}, "x": "`,
      ),
      Uint8Array.of(0xff, 0xe2, 0x82),
      enc.encode(`"}, ${E(2)}]}}`),
    ];
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const layout = entryLayout(bytes, MAX_DEPTH)!;
    expect(layout.starts.length).toBe(3);
    const whole = readHarBytes(bytes);
    for (const cut of [1, 2]) {
      const head = parseHarHead(bytes, layout, cut);
      head.log.entries.push(...parseEntryRange(entryRangeBytes(bytes, layout, cut, 3), cut));
      expect(head).toEqual(whole);
    }
    expect(JSON.stringify(whole)).toContain('\ufffd');
  });

  it.each([
    ['JSONP', `cb(${doc(`{"entries": [${E(0)}]}`)});`],
    ['log twice', `{"log": {"entries": []}, "log": {"entries": [${E(0)}]}}`],
    ['entries twice', doc(`{"entries": [], "entries": [${E(0)}]}`)],
    ['escaped key', `{"l\\u006fg": {"entries": [${E(0)}]}}`],
    ['escaped entries key', doc(`{"entr\\u0069es": [${E(0)}]}`)],
    ['entry not an object', doc(`{"entries": [${E(0)}, "x"]}`)],
    ['entry an array', doc(`{"entries": [[1]]}`)],
    ['entry a number', doc(`{"entries": [${E(0)}, 3]}`)],
    ['log not an object', `{"log": [{"entries": []}]}`],
    ['no entries', doc(`{"version": "1.2"}`)],
    ['truncated', doc(`{"entries": [${E(0)}`)],
    ['unterminated string', doc(`{"entries": [{"a": "b}]}`)],
    ['top-level array', `[${doc(`{"entries": []}`)}]`],
    ['too deep', doc(`{"entries": [{"a": ${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}}]}`)],
  ])('leaves the unusual to the ordinary reader: %s', (_, text) => {
    expect(entryLayout(new TextEncoder().encode(text), MAX_DEPTH)).toBeNull();
  });

  it('reads random HAR-shaped JSON exactly as JSON.parse does, cut anywhere', () => {
    const str = fc.string({
      unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', ',', ':', ' ', 'é', '😀', '\n'),
    });
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        str,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(str, tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    const entryArb = fc.record({
      request: fc.record({ method: fc.constant('GET'), url: str, _x: value }),
      response: fc.record({ status: fc.integer(), content: fc.record({ text: str, extra: value }) }),
      comment: str,
    });
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 6 }),
        value,
        fc.array(fc.nat(7), { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (entries, extra, cuts, pretty, shared) => {
          const har = {
            log: { version: '1.2', _before: extra, entries, pages: [{ title: '[' }], _after: extra },
          };
          const text = pretty ? JSON.stringify(har, null, 2) : JSON.stringify(har);
          const sorted = [...cuts].sort((a, b) => a - b);
          expect(readSplit(text, sorted, shared)).toEqual(parseHar(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('entryLayout in shared memory', () => {
  it('finds the same layout as in a plain buffer: long strings, quotes and escapes at every alignment', () => {
    // Strings longer than the scan's look-ahead, so their ends are searched for; their quotes and
    // backslashes fall on every byte of a 16-byte step, and the input ends at every alignment. First
    // valid string content only (escaped quotes and backslashes), then anything: broken JSON must be
    // refused the same way too.
    const valid = fc.constantFrom('a', 'é', '😀', '\\"', '\\\\', '}', ']', '{', '[');
    const any = fc.constantFrom('"', '\\', 'a');
    const run = fc.string({ unit: fc.constantFrom('x', 'y'), maxLength: 40 });
    const text = (pieces: fc.Arbitrary<string>) =>
      fc.array(fc.oneof(pieces, run), { maxLength: 30 }).map((p) => p.join(''));
    const layouts = (texts: string[], pad: number) => {
      const entries = texts.map((t) => `{"t": "${'z'.repeat(pad)}${t}", "n": 1}`).join(',');
      const doc = `{"log": {"version": "1.2", "entries": [${entries}]}}${' '.repeat(pad % 16)}`;
      const plain = new TextEncoder().encode(doc);
      const want = entryLayout(plain, MAX_DEPTH);
      for (const at of [0, 1, 3, 4, 8]) expect(entryLayout(inShared(plain, at), MAX_DEPTH)).toEqual(want);
      return want;
    };
    fc.assert(
      fc.property(fc.array(text(valid), { minLength: 1, maxLength: 5 }), fc.nat(40), (texts, pad) => {
        expect(layouts(texts, pad)?.starts).toHaveLength(texts.length);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(
        fc.array(text(fc.oneof(valid, any)), { minLength: 1, maxLength: 5 }),
        fc.nat(40),
        (t, pad) => {
          layouts(t, pad);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a generated HAR with big bodies the same way', () => {
    const body = (i: number) =>
      `<li class=\\"row\\">${'lorem '.repeat(i % 50)}</li>`.repeat(20) + '\\\\'.repeat(i % 3);
    const text = JSON.stringify({
      log: {
        version: '1.2',
        entries: Array.from({ length: 40 }, (_, i) => ({
          request: { method: 'GET', url: `https://x.test/${i}` },
          response: { status: 200, content: { text: body(i) + '"'.repeat(i % 5) } },
        })),
      },
    });
    const plain = new TextEncoder().encode(text);
    const want = entryLayout(plain, MAX_DEPTH);
    expect(want?.starts).toHaveLength(40);
    expect(entryLayout(inShared(plain), MAX_DEPTH)).toEqual(want);
  });
});

const shared = resolve(__dirname, '../../../../shared/realworld');
describe.skipIf(!existsSync(shared))('entryLayout on real HARs', () => {
  it('either reads a file as parseHar does or leaves it to parseHar', () => {
    let split = 0;
    for (const f of readdirSync(shared).filter((n) => n.endsWith('.har'))) {
      const text = readFileSync(join(shared, f), 'utf8');
      let whole;
      try {
        whole = parseHar(text);
      } catch {
        continue;
      }
      const n = whole.log.entries.length;
      const got = readSplit(text, [Math.floor(n / 2)]);
      if (got) {
        expect(got).toEqual(whole);
        split++;
      }
    }
    expect(split).toBeGreaterThan(10);
  });
});
