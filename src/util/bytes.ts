// Byte/text conversions that work the same in a worker, a page and Node (no Buffer).

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(s: string): Uint8Array {
  return utf8.encode(s);
}

/** Decodes UTF-8, or returns null when the bytes are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
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
const DEC = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DEC[B64.charCodeAt(i)] = i;
DEC['-'.charCodeAt(0)] = 62;
DEC['_'.charCodeAt(0)] = 63;

/**
 * Decodes standard or URL-safe base64 (padding optional, ASCII whitespace ignored).
 * Returns null when the text is not base64.
 */
export function base64Decode(text: string): Uint8Array | null {
  let n = 0;
  const clean = new Uint8Array(text.length);
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) {
      pad++;
      continue;
    }
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (pad > 0 || c > 127 || DEC[c] < 0) return null;
    clean[n++] = DEC[c];
  }
  if (pad > 2 || n % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = (clean[i] << 18) | (clean[i + 1] << 12) | (clean[i + 2] << 6) | clean[i + 3];
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = n - i;
  if (rest === 2) {
    out[o++] = ((clean[i] << 18) | (clean[i + 1] << 12)) >> 16;
  } else if (rest === 3) {
    const v = (clean[i] << 18) | (clean[i + 1] << 12) | (clean[i + 2] << 6);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
  }
  return out.subarray(0, o);
}

export function base64Encode(bytes: Uint8Array, urlSafe = false, padding = true): string {
  const alphabet = urlSafe ? B64.slice(0, 62) + '-_' : B64;
  const parts: string[] = [];
  let s = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += alphabet[v >> 18] + alphabet[(v >> 12) & 63] + alphabet[(v >> 6) & 63] + alphabet[v & 63];
    if (s.length > 0x10000) {
      parts.push(s);
      s = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    s += alphabet[v >> 18] + alphabet[(v >> 12) & 63] + (padding ? '==' : '');
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += alphabet[v >> 18] + alphabet[(v >> 12) & 63] + alphabet[(v >> 6) & 63] + (padding ? '=' : '');
  }
  parts.push(s);
  return parts.join('');
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
