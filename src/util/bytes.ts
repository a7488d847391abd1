// Byte/text conversions that work the same in a worker, a page and Node (no Buffer).

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(s: string): Uint8Array {
  // ASCII (most values, tags are computed per value) without the call into the encoder.
  const n = s.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return utf8.encode(s);
    out[i] = c;
  }
  return out;
}

/**
 * Whether `bytes` are well-formed UTF-8: what a fatal TextDecoder accepts (no overlong forms, no
 * surrogates, nothing above U+10FFFF, no cut sequence).
 */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      more = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      more = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return false;
    if (i + more >= n) return false;
    const second = bytes[i + 1];
    if (second < lo || second > hi) return false;
    for (let k = 2; k <= more; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += more + 1;
  }
  return true;
}

/** Below this length, input is checked before a native decoder that throws when it refuses (which costs). */
const CHECK_FIRST = 4096;

/** Decodes UTF-8, or returns null when the bytes are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | null {
  // Random bytes (base64 runs that are hashes or ids) are refused by the check within a few bytes.
  if (bytes.length < CHECK_FIRST && !isWellFormedUtf8(bytes)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Text in UTF-16 that says so with its byte order mark (a .NET service's `charset=utf-16` JSON, a
 * Windows export), the mark kept as U+FEFF; null for any other bytes.
 */
export function utf16DecodeMarked(bytes: Uint8Array): { text: string; littleEndian: boolean } | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const littleEndian = bytes[0] === 0xff && bytes[1] === 0xfe;
  if (!littleEndian && !(bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  try {
    const text = new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true });
    return { text: text.decode(bytes), littleEndian };
  } catch {
    return null;
  }
}

/** The inverse of utf16DecodeMarked. */
export function utf16Encode(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (littleEndian ? 0 : 1)] = c & 0xff;
    out[2 * i + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** One char per byte: lets text scanners run over binary content without losing any byte. */
export function latin1Decode(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

/** Inverse of latin1Decode; chars above 0xFF (only from our ASCII placeholders, never) are truncated. */
export function latin1Encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const B64_OK = new Uint8Array(128);
for (let i = 0; i < 64; i++) B64_OK[B64.charCodeAt(i)] = 1;
B64_OK[45] = 1; // -
B64_OK[95] = 1; // _

/** Whether a character code is one of base64's, either alphabet (`+/` or `-_`). */
export function isBase64Char(c: number): boolean {
  return c < 128 && B64_OK[c] === 1;
}

/**
 * Runs of base64 characters (plus trailing `=` padding) of at least `min` characters, as
 * [start, end) pairs. A plain loop: a regex with a `{24,}` quantifier restarts at every position.
 * Between runs it looks ahead `min` characters and jumps past the last one that cannot be base64
 * (no run long enough starts before it), so ordinary text is mostly skipped, not read char by char.
 */
export function base64Runs(text: string, min: number): number[] {
  const out: number[] = [];
  const n = text.length;
  const span = Math.max(1, min);
  let i = 0;
  // Here i is 0, or text[i - 1] or text[i] is not a base64 character.
  while (i + span <= n) {
    let k = i + span - 1;
    while (k >= i && isBase64Char(text.charCodeAt(k))) k--;
    if (k >= i) {
      i = k + 1;
      continue;
    }
    // text[i, i + span) is all base64 and nothing before i belongs to it: a run starts at i.
    const start = i;
    i += span;
    while (i < n && isBase64Char(text.charCodeAt(i))) i++;
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++;
    out.push(start, end);
    i = end;
  }
  return out;
}

/**
 * Decodes standard or URL-safe base64 (padding optional, ASCII whitespace ignored).
 * Returns null when the text is not base64.
 */
export function base64Decode(text: string): Uint8Array | null {
  const bin = base64DecodeLatin1(text);
  return bin === null ? null : latin1Encode(bin);
}

/** Whether atob refuses a text without whitespace (forgiving-base64: padding, length, alphabet). */
function atobRefuses(text: string): boolean {
  let n = text.length;
  if (n % 4 === 0 && text.charCodeAt(n - 1) === 61) n -= text.charCodeAt(n - 2) === 61 ? 2 : 1;
  if (n % 4 === 1) return true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || B64_OK[c] !== 1 || c === 45 || c === 95) return true;
  }
  return false;
}

/** base64 → one char per byte (native atob: fast on big bodies), or null when not base64. */
export function base64DecodeLatin1(text: string): string | null {
  // Plain base64 (no URL-safe characters) goes straight to atob, which skips ASCII whitespace itself:
  // the same bytes as below, without scanning and copying a big body first. What atob refuses is
  // normalised below and tried again (other whitespace, \v).
  if (text.indexOf('-') < 0 && text.indexOf('_') < 0) {
    // A short text atob would refuse is told apart first: its throwing costs more than the check
    // (random runs in headers and bodies, a quarter of them the wrong length).
    if (text.length < CHECK_FIRST && !/[\s]/.test(text) && atobRefuses(text)) return null;
    try {
      return atob(text);
    } catch {
      // Nothing below would change such a text: refused as it is.
      if (!/[\s]/.test(text)) return null;
    }
  }
  let t = text;
  if (/[-_]/.test(t)) t = t.replace(/-/g, '+').replace(/_/g, '/');
  if (/[\s]/.test(t)) t = t.replace(/[\s]+/g, '');
  try {
    return atob(t);
  } catch {
    return null;
  }
}

/** Whether {@link base64Decode} accepts the text (decoded to a Latin-1 string: no byte array is built). */
export function isBase64(text: string): boolean {
  return base64DecodeLatin1(text) !== null;
}

/**
 * How a base64 text was written, so that a rewritten one is written alike. URL-safe when it holds `-`
 * or `_`, standard when it holds `+` or `/`; with neither, URL-safe when it sits where base64url
 * is the rule (`urlish`: a part of a dotted token like a JWT, a URL's path) or is not whole quads,
 * else standard. Padded when it was, or when it is standard and whole quads: its bytes came out
 * even, a rewritten value's may not, and strict decoders (Go's, kubectl's) want the `=`.
 */
export function base64Style(run: string, urlish: boolean): { urlSafe: boolean; padded: boolean } {
  const urlSafe = /[-_]/.test(run) || (!/[+/]/.test(run) && (urlish || run.length % 4 !== 0));
  return { urlSafe, padded: run.endsWith('=') || (!urlSafe && run.length % 4 === 0) };
}

/** Whether the run `text[start, end)` is one part of a dotted token (a JWT's): a `.` beside it. */
export function inDottedToken(text: string, start: number, end: number): boolean {
  return text.charCodeAt(start - 1) === 46 || text.charCodeAt(end) === 46;
}

/** One-char-per-byte text → base64 (native btoa). */
export function base64EncodeLatin1(bin: string, urlSafe = false, padding = true): string {
  let out = btoa(bin);
  if (urlSafe) out = out.replace(/\+/g, '-').replace(/\//g, '_');
  if (!padding) out = out.replace(/=+$/, '');
  return out;
}

/** The base64 alphabet's character codes. */
export const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const B64URL_CODES = Uint8Array.from(B64.slice(0, 62) + '-_', (c) => c.charCodeAt(0));

/**
 * Bytes → base64. The characters are written into one byte array and read as a string once: building
 * the string four characters at a time made a rope of millions of pieces (about 17 bytes of heap per
 * input byte) on a big binary body.
 */
export function base64Encode(bytes: Uint8Array, urlSafe = false, padding = true): string {
  const a = urlSafe ? B64URL_CODES : B64_CODES;
  const n = bytes.length;
  const rest = n % 3;
  const full = n - rest;
  const out = new Uint8Array((full / 3) * 4 + (rest === 0 ? 0 : padding ? 4 : rest + 1));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o] = a[v >> 18];
    out[o + 1] = a[(v >> 12) & 63];
    out[o + 2] = a[(v >> 6) & 63];
    out[o + 3] = a[v & 63];
    o += 4;
  }
  if (rest !== 0) {
    const v = (bytes[full] << 16) | (rest === 2 ? bytes[full + 1] << 8 : 0);
    out[o++] = a[v >> 18];
    out[o++] = a[(v >> 12) & 63];
    if (rest === 2) out[o++] = a[(v >> 6) & 63];
    else if (padding) out[o++] = 61;
    if (padding) out[o++] = 61;
  }
  // ASCII: a short one char by char, a long one in one native decode (never refused).
  return out.length < 1024 ? latin1Decode(out) : strictUtf8.decode(out);
}

/** Share of printable text characters: tells decoded text from binary. */
export function looksLikeText(s: string): boolean {
  if (s.length === 0) return false;
  const n = Math.min(s.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad / n < 0.05;
}

/** The parts one after another, in a new array. */
export function concatBytes(parts: readonly ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/** A little-endian 16-bit number at `i` (ZIP's headers). */
export const readU16LE = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);

/** A little-endian 32-bit number at `i`, unsigned (ZIP's headers, BSON's lengths). */
export const readU32LE = (b: Uint8Array, i: number): number =>
  (readU16LE(b, i) | (readU16LE(b, i + 2) << 16)) >>> 0;
