import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHar, readHarBytes } from '../../../src/index';
import { entryRangeBytes, MAX_DEPTH, parseEntries, parseHarHead } from '../../../src/har/read';
import {
  entriesIn,
  entryLayout,
  entryLayoutUntil,
  guessCuts,
  tailIsPlain,
  type EntryLayout,
} from '../../../src/har/split';

/** `bytes` copied into a SharedArrayBuffer, `at` bytes in (the layout scan reads those by words). */
function inShared(bytes: Uint8Array, at = 0): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length + at + 7), at, bytes.length);
  copy.set(bytes);
  return copy;
}

/** Entries [from, to) as a worker reads them from a copy of their range. */
function rangeEntries(bytes: Uint8Array, layout: EntryLayout, from: number, to: number) {
  const { range, starts, ends } = entryRangeBytes(bytes, layout, from, to);
  return parseEntries(range, starts, ends, from);
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
      head.log.entries.push(...rangeEntries(bytes, layout, bounds[k], bounds[k + 1]));
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
      head.log.entries.push(...rangeEntries(bytes, layout, cut, 3));
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

  it('skips indentation four bytes at a time without losing a byte: every run length, at every alignment', () => {
    // Entries written with line breaks and runs of spaces of any length (those after a line feed
    // are skipped by words in shared memory), strings holding runs of spaces and line-feed escapes,
    // and brackets right after an indentation; a range may end inside one.
    const space = fc.nat(19).map((n) => ' '.repeat(n));
    const gap = fc.oneof(
      space,
      space.map((s) => `\n${s}`),
      space.map((s) => `\r\n${s}`),
    );
    const value = fc.oneof(
      fc.constant('1'),
      fc.constant('"a  b"'),
      fc.constant('"\\n    }"'),
      fc.constant('[]'),
      fc.constant('{}'),
    );
    const entry = fc
      .array(fc.tuple(gap, value, gap), { maxLength: 6 })
      .chain((fields) =>
        gap.map((end) => `{${fields.map(([a, v, b], i) => `${a}"k${i}":${b}${v}`).join(',')}${end}}`),
      );
    fc.assert(
      fc.property(fc.array(fc.tuple(gap, entry), { minLength: 1, maxLength: 6 }), gap, (entries, tail) => {
        const text = `{"log": {"version": "1.2", "entries": [${entries.map(([g, e]) => g + e).join(',')}${tail}]}}`;
        const plain = new TextEncoder().encode(text);
        const want = entryLayout(plain, MAX_DEPTH);
        expect(want?.starts).toHaveLength(entries.length);
        for (let i = 0; i < entries.length; i++) {
          expect(JSON.parse(text.slice(want!.starts[i], want!.ends[i]))).toEqual(JSON.parse(entries[i][1]));
        }
        for (const at of [0, 1, 2, 3, 4]) expect(entryLayout(inShared(plain, at), MAX_DEPTH)).toEqual(want);
        // Cut one to seven bytes short (inside the last indentation, often): the same answer at any alignment.
        const cut = plain.subarray(0, plain.length - 1 - (entries.length % 7));
        for (const at of [0, 4])
          expect(entryLayout(inShared(cut, at), MAX_DEPTH)).toEqual(entryLayout(cut, MAX_DEPTH));
      }),
      { numRuns: 600 },
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

/**
 * The layout a parallel run assembles from guessed cuts (src/cli/parallel.ts, guessedSplit): this
 * thread's part up to the first cut, each other range laid out from its cut, the tail checked.
 * 'missed' when a guess proved wrong, null when the input is not plain or not written one entry a
 * line.
 */
function guessedLayout(bytes: Uint8Array, parts: number, share = 1): EntryLayout | 'missed' | null {
  const first = entryLayoutUntil(bytes, MAX_DEPTH, 0);
  if (!first) return null;
  const cuts = guessCuts(bytes, first.next, first.end, parts, share);
  if (!cuts) return null;
  const own = entryLayoutUntil(bytes, MAX_DEPTH, cuts[0]);
  if (!own || own.next !== cuts[0] || own.starts.length === 0) return 'missed';
  const runs = cuts.map((from, k) =>
    entriesIn(bytes, from, cuts[k + 1] ?? first.end, k === cuts.length - 1, MAX_DEPTH),
  );
  if (runs.some((r) => r === null)) return 'missed';
  const close = runs[runs.length - 1]!.close;
  if (!tailIsPlain(bytes, close, first.end, MAX_DEPTH)) return null;
  return {
    start: own.start,
    end: own.end,
    open: own.open,
    close,
    starts: [...own.starts, ...runs.flatMap((r) => r!.starts)],
    ends: [...own.ends, ...runs.flatMap((r) => r!.ends)],
  };
}

describe('guessed cuts', () => {
  const enc = new TextEncoder();
  const entry = (i: number, text: string) => ({
    startedDateTime: '2026-01-01T00:00:00Z',
    request: { method: 'GET', url: `https://x.test/${i}`, headers: [{ name: 'a', value: '{' }] },
    response: { status: 200, content: { size: text.length, mimeType: 'text/plain', text } },
    timings: { send: 0, wait: 1, receive: 2 },
  });

  it('assembles the layout entryLayout finds, for HARs written one entry a line', () => {
    let guessed = 0;
    // Bodies that hold what a cut looks like, escaped: `\n    {` is a backslash and an n in the
    // bytes, never a line feed.
    const text = fc.string({
      unit: fc.constantFrom('a', '\n', '\n    {', '\r\n  {', '"', '\\', '},', '{', '😀'),
    });
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 2, maxLength: 12 }),
        fc.constantFrom(1, 2, 4, '\t'),
        fc.boolean(),
        fc.integer({ min: 2, max: 4 }),
        fc.constantFrom(1, 1.06, 1.5),
        fc.nat(3),
        (texts, indent, crlf, parts, share, at) => {
          const har = {
            log: {
              version: '1.2',
              pages: [{ id: 'p', title: '{' }],
              entries: texts.map((t, i) => entry(i, t)),
              _after: { x: [{ y: 1 }] },
            },
          };
          let doc = JSON.stringify(har, null, indent);
          if (crlf) doc = doc.replace(/\n/g, '\r\n');
          const plain = enc.encode(doc);
          const want = entryLayout(plain, MAX_DEPTH);
          expect(want).not.toBeNull();
          for (const bytes of [plain, inShared(plain, at)]) {
            const got = guessedLayout(bytes, parts, share);
            // Never a different layout; 'missed' only when a range would hold no entry.
            if (got === 'missed' || got === null) expect(texts.length).toBeLessThan(parts * 3);
            else {
              expect(got).toEqual(want);
              guessed++;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    // Most runs took the guessed path (not only the refusals).
    expect(guessed).toBeGreaterThan(400);
  });

  it('a guess that lands outside the entries is caught, never taken', () => {
    // After the entries, a field as big as they are, with objects at the entries' indentation.
    const entries = Array.from({ length: 6 }, (_, i) => entry(i, 'x'.repeat(200)));
    const after = Array.from({ length: 40 }, (_, i) => ({ i, pad: 'y'.repeat(100) }));
    for (const log of [
      { version: '1.2', entries, _after: after },
      { version: '1.2', entries, _after: after, entries2: [] },
    ]) {
      const bytes = enc.encode(JSON.stringify({ log }, null, 2));
      const first = entryLayoutUntil(bytes, MAX_DEPTH, 0)!;
      const cuts = guessCuts(bytes, first.next, first.end, 2)!;
      // The guess is an object of `_after`, not an entry…
      expect(cuts).toHaveLength(1);
      expect(entryLayout(bytes, MAX_DEPTH)!.starts).not.toContain(cuts[0]);
      // …and the layout up to it says so.
      expect(guessedLayout(bytes, 2)).toBe('missed');
    }
  });

  it('is not tried on a HAR without line breaks, nor with the entries on one line', () => {
    const entries = Array.from({ length: 6 }, (_, i) => entry(i, 'z'));
    const flat = enc.encode(JSON.stringify({ log: { version: '1.2', entries } }));
    expect(guessedLayout(flat, 2)).toBeNull();
    const oneLine = enc.encode(
      `{\n  "log": {"entries": [${entries.map((e) => JSON.stringify(e)).join(', ')}]\n  }\n}`,
    );
    expect(guessedLayout(oneLine, 2)).toBeNull();
    // A line feed before the first entry and none after it: no cut, and the search stops at its bound.
    const firstOnOwnLine = `{"log": {"entries": [\n    ${entries.map((e) => JSON.stringify(e)).join(', ')}]}}`;
    expect(guessedLayout(enc.encode(firstOnOwnLine), 2)).toBeNull();
    const bytes = enc.encode(firstOnOwnLine + ' '.repeat(64) + '\n    {');
    const first = firstOnOwnLine.indexOf('{"startedDateTime"');
    // The line feed after the end is past `end`: not a cut.
    expect(guessCuts(bytes, first, firstOnOwnLine.length, 2)).toBeNull();
  });

  it('a range that does not end where the next begins, or a tail that is not plain, is refused', () => {
    const entries = Array.from({ length: 4 }, (_, i) => JSON.stringify(entry(i, 'q')));
    const doc = `{\n "log": {\n  "entries": [\n   ${entries.join(',\n   ')}\n  ],\n  "entries": []\n }\n}`;
    const bytes = enc.encode(doc);
    const layout = entryLayoutUntil(bytes, MAX_DEPTH, 0)!;
    const starts = [layout.next];
    for (let k = 1; k < 4; k++) starts.push(doc.indexOf('{"startedDateTime"', starts[k - 1] + 1));
    // From entry 1 up to entry 3: two entries, then the cut.
    expect(entriesIn(bytes, starts[1], starts[3], false, MAX_DEPTH)?.starts).toEqual([starts[1], starts[2]]);
    // Up to a byte inside entry 3, or from a byte that is no entry's start: refused.
    expect(entriesIn(bytes, starts[1], starts[3] + 5, false, MAX_DEPTH)).toBeNull();
    expect(entriesIn(bytes, starts[1] + 1, starts[3], false, MAX_DEPTH)).toBeNull();
    // To the end: the `]` is found, and the second `entries` after it makes the tail not plain.
    const run = entriesIn(bytes, starts[2], layout.end, true, MAX_DEPTH)!;
    expect(bytes[run.close]).toBe(0x5d);
    expect(tailIsPlain(bytes, run.close, layout.end, MAX_DEPTH)).toBe(false);
    expect(entryLayout(bytes, MAX_DEPTH)).toBeNull();
    expect(guessedLayout(bytes, 2)).toBeNull();
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
