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

/** Bytes that matter inside an entry: 1 a quote, 2 an opening bracket, 3 a closing one. */
const INSIDE = new Uint8Array(256);
INSIDE[QUOTE] = 1;
INSIDE[0x7b] = INSIDE[0x5b] = 2;
INSIDE[0x7d] = INSIDE[0x5d] = 3;

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
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  start = nextNonWs(bytes, start);
  let end = bytes.length;
  while (end > start && isJsonWs(bytes[end - 1])) end--;
  if (bytes[start] !== 0x7b || bytes[end - 1] !== 0x7d) return null;

  let depth = 0;
  let logDepth = -1; // depth inside the log object while we are in it
  let seenLog = false;
  let open = -1;
  let close = -1;
  const starts: number[] = [];
  const ends: number[] = [];
  const scan = scanOf(bytes);
  for (let i = start; i < end; i++) {
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
