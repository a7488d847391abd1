import { BACKSLASH, isJsonWs, QUOTE } from './json-syntax';

/**
 * Where each element of `log.entries` sits in a HAR's UTF-8 bytes, so ranges of entries can be
 * decoded, parsed and redacted apart (by parallel threads) and the rest of the document without
 * them. Offsets are byte offsets. Bytes, not text: JSON's structure is ASCII, and in UTF-8 no byte
 * of a multi-byte character is below 0x80, so quotes and brackets are found without decoding.
 */
export interface EntryLayout {
  /** The JSON object's [start, end) in the bytes (without BOM and surrounding space). */
  start: number;
  end: number;
  /** Positions of the `[` and `]` of log.entries. */
  open: number;
  close: number;
  /** Each entry's [start, end). */
  starts: number[];
  ends: number[];
}

/**
 * The bytes to scan, and the same bytes as 32-bit words when they sit in a SharedArrayBuffer (the
 * CLI reads its input there, so its worker threads read their ranges where they lie). There V8's
 * `indexOf` reads a byte at a time with atomic loads, 2.4 times slower than on a plain buffer: this
 * scan took 87–121 ms instead of about 60 on the 100 MB bench. Sixteen bytes a step in JS: 67–75 ms.
 */
interface Scan {
  bytes: Uint8Array;
  words: Int32Array | null;
}

function scanOf(bytes: Uint8Array): Scan {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' &&
    bytes.buffer instanceof SharedArrayBuffer &&
    bytes.byteOffset % 4 === 0;
  return { bytes, words: shared ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null };
}

const QUOTES = 0x22222222;
const ONES = 0x01010101;
const HIGHS = 0x80808080;

/** Index of the first quote at or after `from`, or -1. */
function nextQuote(scan: Scan, from: number): number {
  const { bytes, words } = scan;
  if (!words) return bytes.indexOf(QUOTE, from);
  const n = bytes.length;
  let i = from;
  for (; i < n && (i & 15) !== 0; i++) if (bytes[i] === QUOTE) return i;
  const end = words.length & ~3;
  for (let w = i >> 2; w < end; w += 4) {
    // x ^ QUOTES has a zero byte where x holds a quote, and (y - ONES) & ~y & HIGHS is non-zero
    // exactly when some byte of y is zero.
    const a = words[w] ^ QUOTES;
    const b = words[w + 1] ^ QUOTES;
    const c = words[w + 2] ^ QUOTES;
    const d = words[w + 3] ^ QUOTES;
    if ((((a - ONES) & ~a) | ((b - ONES) & ~b) | ((c - ONES) & ~c) | ((d - ONES) & ~d)) & HIGHS) {
      for (let k = w << 2; ; k++) if (bytes[k] === QUOTE) return k;
    }
  }
  for (i = Math.max(i, end << 2); i < n; i++) if (bytes[i] === QUOTE) return i;
  return -1;
}

/** Index of the quote closing the string that opens at `i`, or -1. */
function stringEnd(scan: Scan, i: number): number {
  const bytes = scan.bytes;
  let from = i + 1;
  for (;;) {
    const q = nextQuote(scan, from);
    if (q === -1) return -1;
    let k = q - 1;
    while (k > i && bytes[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * Bytes that matter inside an entry: 1 a quote, 2 an opening bracket, 3 a closing one, 4 a line feed
 * (the indentation after it is skipped whole: see indentEnd).
 */
const INSIDE = new Uint8Array(256);
INSIDE[QUOTE] = 1;
INSIDE[0x7b] = INSIDE[0x5b] = 2;
INSIDE[0x7d] = INSIDE[0x5d] = 3;
INSIDE[0x0a] = 4;
const SPACES = 0x20202020;

/**
 * After the line feed at `i`: the index of the first byte from `i + 1` on that is not a space (at
 * most `end`). In a pretty-printed HAR of small entries most bytes are indentation.
 */
function indentEnd(scan: Scan, i: number, end: number): number {
  const { bytes, words } = scan;
  let j = i + 1;
  if (words !== null) {
    while ((j & 3) !== 0 && j < end && bytes[j] === 32) j++;
    if ((j & 3) === 0) {
      let w = j >> 2;
      const last = Math.min(words.length, end >> 2);
      while (w < last && words[w] === SPACES) w++;
      j = w << 2;
    }
  }
  while (j < end && bytes[j] === 32) j++;
  return j;
}

/**
 * From the `{` at `i` that opens an entry at `depth`: the index of the bracket that closes it, or -1
 * (a string left open, brackets that do not balance before `end`, nesting deeper than `maxDepth`).
 * Inside an entry only quotes and brackets matter: one table lookup per byte, strings skipped.
 */
function entryEnd(scan: Scan, i: number, end: number, depth: number, maxDepth: number): number {
  const bytes = scan.bytes;
  const base = depth - 1;
  for (i++; i < end; i++) {
    const k = INSIDE[bytes[i]];
    if (k === 0) continue;
    if (k === 4) {
      // A line's indentation, skipped four bytes at a time where the input is in words.
      i = indentEnd(scan, i, end) - 1;
      continue;
    }
    if (k === 1) {
      // Most strings are short: look a few bytes ahead before searching for the closing quote.
      let q = i + 1;
      const stop = Math.min(end, i + 24);
      while (q < stop && bytes[q] !== QUOTE && bytes[q] !== BACKSLASH) q++;
      if (q < stop && bytes[q] === QUOTE) {
        i = q;
        continue;
      }
      q = stringEnd(scan, i);
      if (q === -1 || q >= end) return -1;
      i = q;
    } else if (k === 2) {
      if (++depth > maxDepth) return -1;
    } else if (--depth === base) {
      return i;
    }
  }
  return -1;
}

function nextNonWs(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isJsonWs(bytes[i])) i++;
  return i;
}

/** Whether bytes [from, to) spell the ASCII word `word`. */
function spells(bytes: Uint8Array, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[from + i] !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Finds the entries of a plainly shaped HAR in one scan (strings are skipped whole). Returns
 * null for anything unusual — a JSONP wrapper, `log` or `entries` given twice or spelled with
 * escapes, an entry that is not an object, nesting deeper than `maxDepth`, broken JSON — and the
 * caller then reads the whole text the ordinary way, which also words any error.
 */
export function entryLayout(bytes: Uint8Array, maxDepth: number): EntryLayout | null {
  const r = layoutScan(bytes, maxDepth, Infinity);
  return r && 'close' in r ? r : null;
}

/**
 * The layout of a HAR's head up to the first entry that starts at or after `stopAt` (`next`, the
 * offset of its `{`), or null when none does (the entries end first) or the head is not plainly
 * shaped (see entryLayout). `starts` and `ends` hold the entries before `next`.
 */
export function entryLayoutUntil(bytes: Uint8Array, maxDepth: number, stopAt: number): LayoutHead | null {
  const r = layoutScan(bytes, maxDepth, stopAt);
  return r && 'next' in r ? r : null;
}

/** What entryLayoutUntil found. */
export interface LayoutHead {
  start: number;
  end: number;
  open: number;
  starts: number[];
  ends: number[];
  next: number;
}

/**
 * The scan behind entryLayout and entryLayoutUntil. With `after`, it takes up after the `]` of
 * log.entries at `after` (the entries before were laid out elsewhere: see tailIsPlain).
 */
function layoutScan(
  bytes: Uint8Array,
  maxDepth: number,
  stopAt: number,
  after?: number,
): EntryLayout | LayoutHead | null {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  start = nextNonWs(bytes, start);
  let end = bytes.length;
  while (end > start && isJsonWs(bytes[end - 1])) end--;
  if (bytes[start] !== 0x7b || bytes[end - 1] !== 0x7d) return null;

  // Inside the log, its entries seen (their `[` stands for itself: only the rules after it apply).
  const resumed = after !== undefined;
  let depth = resumed ? 2 : 0;
  let logDepth = resumed ? 2 : -1; // depth inside the log object while we are in it
  let seenLog = resumed;
  let open = resumed ? after : -1;
  let close = resumed ? after : -1;
  const starts: number[] = [];
  const ends: number[] = [];
  const scan = scanOf(bytes);
  for (let i = resumed ? after + 1 : start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const q = stringEnd(scan, i);
      if (q === -1 || q >= end) return null;
      // Keys of the root and of the log object: is it `log` / `entries`?
      if (depth === 1 || (depth === 2 && logDepth === 2)) {
        const colon = nextNonWs(bytes, q + 1);
        if (bytes[colon] === 0x3a) {
          for (let k = i + 1; k < q; k++) if (bytes[k] === BACKSLASH) return null;
          const v = nextNonWs(bytes, colon + 1);
          if (depth === 1 && spells(bytes, i + 1, q, 'log')) {
            if (seenLog || bytes[v] !== 0x7b) return null;
            seenLog = true;
            logDepth = 2;
          } else if (depth === 2 && spells(bytes, i + 1, q, 'entries')) {
            if (open !== -1 || bytes[v] !== 0x5b) return null;
            open = v;
          }
        }
      } else if (depth === 3 && open !== -1 && close === -1) {
        return null; // a string straight inside log.entries: not an entry object
      }
      i = q;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return null;
      if (depth === 4 && i > open && close === -1 && open !== -1) {
        if (c !== 0x7b) return null;
        if (i >= stopAt) return { start, end, open, starts, ends, next: i };
        starts.push(i);
        // The entry's own content is skipped in a tighter loop; its `}` is handled below.
        const e = entryEnd(scan, i, end, depth, maxDepth);
        if (e === -1) return null;
        i = e - 1;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 3 && open !== -1 && close === -1 && starts.length > ends.length) ends.push(i + 1);
      else if (depth === 2 && i > open && open !== -1 && close === -1) close = i;
      else if (depth === 1 && logDepth === 2) logDepth = -1;
      if (depth < 0) return null;
    } else if (depth === 3 && open !== -1 && close === -1 && i > open) {
      // Between entries only space and commas.
      if (!isJsonWs(c) && c !== 0x2c) return null;
    }
  }
  if (depth !== 0 || open === -1 || close === -1 || starts.length !== ends.length) return null;
  return { start, end, open, close, starts, ends };
}

const LF = 0x0a;
/** How far past its target a cut is sought (a longer line is one huge body: no cut there). */
const CUT_SEARCH = 4 * 1024 * 1024;

/**
 * Guesses where to cut the entries into `parts` ranges of about equal size without laying them all
 * out first (entryLayout reads every byte: 60–100 ms on 100 MB, which the other threads would wait
 * for). A raw line feed is never inside a JSON string, so in a HAR written with one entry per
 * indented block, as browsers write it, a line that holds the first entry's indentation and then
 * `{`, after a line that ends with a comma, is almost surely an entry's start. Almost: the layout up
 * to the cut (entryLayoutUntil) and from it (entriesIn) confirm it. `first`: the first entry's `{`;
 * `end`: the end of the JSON. Null when the HAR is not written that way.
 */
export function guessCuts(
  bytes: Uint8Array,
  first: number,
  end: number,
  parts: number,
  /** The first range's size relative to the others'. */
  firstShare = 1,
): number[] | null {
  const at = Array.from({ length: parts - 1 }, (_, k) => (firstShare + k) / (firstShare + parts - 1));
  return guessCutsAt(bytes, first, end, at);
}

/**
 * The same (see guessCuts), with a cut near each of the given fractions of the entries' bytes, in
 * increasing order. Null unless every cut is found and each range holds something.
 */
export function guessCutsAt(bytes: Uint8Array, first: number, end: number, at: number[]): number[] | null {
  let nl = first - 1;
  while (nl >= 0 && (bytes[nl] === 0x20 || bytes[nl] === 0x09)) nl--;
  if (nl < 0 || bytes[nl] !== LF) return null;
  const indent = first - nl - 1;
  const cuts: number[] = [];
  for (const f of at) {
    const target = first + Math.floor((end - first) * f);
    const cut = nextIndentedBrace(bytes, target, Math.min(end, target + CUT_SEARCH), nl, indent);
    if (cut === -1 || cut <= (cuts[cuts.length - 1] ?? first)) return null;
    cuts.push(cut);
  }
  return cuts;
}

/** The first `{` in [from, to) that starts a line indented as the line after `model`, after a comma. */
function nextIndentedBrace(
  bytes: Uint8Array,
  from: number,
  to: number,
  model: number,
  indent: number,
): number {
  for (let at = from; ;) {
    // Within [at, to): a HAR with no line feed there is not searched to its end.
    const found = at < to ? bytes.subarray(at, to).indexOf(LF) : -1;
    const nl = found === -1 ? -1 : at + found;
    if (nl === -1 || nl + indent + 1 >= to) return -1;
    at = nl + 1;
    let same = bytes[nl + indent + 1] === 0x7b;
    for (let j = 1; same && j <= indent; j++) same = bytes[nl + j] === bytes[model + j];
    if (!same) continue;
    let b = nl - 1;
    while (b > model && isJsonWs(bytes[b])) b--;
    if (bytes[b] === 0x2c) return nl + indent + 1;
  }
}

/** What entriesIn found: the entries' [start, end), and the `]` of log.entries (-1: not in range). */
export interface EntryRun {
  starts: number[];
  ends: number[];
  close: number;
}

/**
 * The entries from the `{` at `from`, a confirmed entry start (see guessCuts), separated by commas:
 * up to `to`, which must then be the next entry's start, or (`last`) up to the `]` that closes
 * log.entries. Null for anything else: a wrong guess or a broken HAR (the caller lays the whole HAR
 * out instead, which words any error).
 */
export function entriesIn(
  bytes: Uint8Array,
  from: number,
  to: number,
  last: boolean,
  maxDepth: number,
): EntryRun | null {
  const scan = scanOf(bytes);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = from; ;) {
    if (bytes[i] !== 0x7b) return null;
    // (Entries open at depth 4: root, log, entries, entry.)
    const e = entryEnd(scan, i, to, 4, maxDepth);
    if (e === -1) return null;
    starts.push(i);
    ends.push(e + 1);
    i = nextNonWs(bytes, e + 1);
    if (i >= to) return null;
    if (bytes[i] === 0x5d) return last ? { starts, ends, close: i } : null;
    if (bytes[i] !== 0x2c) return null;
    i = nextNonWs(bytes, i + 1);
    if (i === to && !last) return { starts, ends, close: -1 };
    if (i >= to) return null;
  }
}

/**
 * Whether the HAR after the `]` of log.entries at `close` is as entryLayout requires: no second
 * `entries` in the log, no second `log`, brackets that balance by `end`, no nesting deeper than
 * `maxDepth` (the same scan, taken up there).
 */
export function tailIsPlain(bytes: Uint8Array, close: number, end: number, maxDepth: number): boolean {
  const r = layoutScan(bytes, maxDepth, Infinity, close);
  return r !== null && r.end === end;
}
