/**
 * Quoted-printable (RFC 2045), as mail and some multipart bodies carry text: a line longer than 76
 * characters is cut with a soft break (`=` at the line's end), and `=`, non-ASCII and control
 * bytes are written `=XX`. A token cut by a soft break, or with an `=3D` in it, is found only in
 * the decoded text: it is read decoded, and encoded again when it changed.
 */
import { latin1Decode, latin1Encode, utf8DecodeStrict, utf8Encode } from '../../util/bytes';

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/** The text a quoted-printable body stands for (UTF-8, else one char per byte); null when it is none. */
export function qpDecode(s: string): string | null {
  const bytes = qpBytes(s);
  return bytes === null ? null : (utf8DecodeStrict(bytes) ?? latin1Decode(bytes));
}

function qpBytes(s: string): Uint8Array | null {
  const bytes = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) return null;
    if (c !== 61) {
      bytes[n++] = c;
      continue;
    }
    // `=` then a line break (blanks may come between): a soft break.
    let j = i + 1;
    while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
    if (s.charCodeAt(j) === 13 && s.charCodeAt(j + 1) === 10) {
      i = j + 1;
      continue;
    }
    if (s.charCodeAt(j) === 10 || j >= s.length) {
      i = j;
      continue;
    }
    const hi = hexValue(s.charCodeAt(i + 1));
    const lo = hexValue(s.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) return null;
    bytes[n++] = (hi << 4) | lo;
    i += 2;
  }
  return bytes.subarray(0, n);
}

const HEX = '0123456789ABCDEF';

/**
 * Text written as quoted-printable, lines cut at 76 characters with `eol` (the body's own line
 * break), its line breaks kept as they were.
 */
export function qpEncode(text: string, eol = '\r\n', latin1 = false): string {
  return text
    .split(/(\r?\n)/)
    .map((line, i) => {
      if (i % 2 === 1) return line; // a line break
      const bytes = latin1 && !/[^\0-\xff]/.test(line) ? latin1Encode(line) : utf8Encode(line);
      let out = '';
      let width = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        const last = i === bytes.length - 1;
        // Blanks stay but at a line's end, where a mail system may strip them.
        const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
        const token = plain ? String.fromCharCode(b) : `=${HEX[b >> 4]}${HEX[b & 15]}`;
        if (width + token.length > 75) {
          out += `=${eol}`;
          width = 0;
        }
        out += token;
        width += token.length;
      }
      return out;
    })
    .join('');
}

/** Whether a part's or a message's headers say its body is quoted-printable. */
export const QUOTED_PRINTABLE = /^content-transfer-encoding:[ \t]*quoted-printable[ \t]*\r?$/im;

/** A message's headers at a text's start (`From:`, `Subject:`…, then a blank line). */
export const MESSAGE_HEAD = /^(?:[A-Za-z][\w-]{0,63}:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){2,64}\r?\n/;

/**
 * A quoted-printable body read decoded (in the charset it decodes in: UTF-8, else one byte a
 * character) and encoded again when it changed; null when it is not one.
 */
export function throughQuotedPrintable(body: string, read: (decoded: string) => string): string | null {
  const bytes = qpBytes(body);
  if (bytes === null) return null;
  const utf8 = utf8DecodeStrict(bytes);
  const decoded = utf8 ?? latin1Decode(bytes);
  const next = read(decoded);
  return next === decoded ? body : qpEncode(next, body.includes('\r\n') ? '\r\n' : '\n', utf8 === null);
}
