import { NONE } from './empty';
import type { Detection, DetectorFamily } from './types';
import { base64DecodeLatin1 } from '../util/bytes';

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
// OpenVPN's static key (`tls-auth`, `tls-crypt`) is a shared secret in PEM armour.
const LABEL = /^(?:(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?|OpenVPN Static key V1)$/;
// PEM body and headers, also JSON-escaped (`\n`, `\/` as two characters).
const BODY_CHAR = /[A-Za-z0-9+/=\s:,.-]/;
const ESCAPE = /\\[nrt/]/y;
// A PEM block is a few KB; a longer gap means the END belongs to something else.
const MAX_BLOCK = 64 * 1024;

const MIN_BODY = 40;

function countBase64(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to && n < MIN_BODY; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47) n++;
  }
  return n;
}

function bodyEnd(text: string, from: number, limit: number): number {
  let i = from;
  const stop = Math.min(limit, text.length);
  while (i < stop) {
    if (BODY_CHAR.test(text[i])) i++;
    else {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) break;
      i += 2;
    }
  }
  return i;
}

/**
 * A PuTTY key file's private part (`PuTTY-User-Key-File-3: …`): its `Private-Lines:` count, the
 * base64 lines that follow (raw or JSON-escaped breaks) and the `Private-MAC:`.
 */
const PPK_PRIVATE =
  /Private-Lines:[ \t]*\d{1,3}(?:(?:\\[rn]|[\r\n])+[A-Za-z0-9+/=]{1,128}(?=\\[rn]|[\r\n"]|$)){1,64}(?:(?:\\[rn]|[\r\n])+Private-MAC:[ \t]*[0-9a-fA-F]{40,128})?/g;

function scanPpk(text: string): Detection[] | undefined {
  if (text.indexOf('PuTTY-User-Key-File-') < 0) return undefined;
  let out: Detection[] | undefined;
  PPK_PRIVATE.lastIndex = 0;
  for (let m = PPK_PRIVATE.exec(text); m; m = PPK_PRIVATE.exec(text))
    (out ??= []).push({
      start: m.index,
      end: m.index + m[0].length,
      detector: 'private-key',
      label: 'private-key',
    });
  return out;
}

/** `-----BEGIN` in base64 (a Kubernetes secret's `tls.key`, a key in a config bundle's literal). */
const B64_BEGIN = 'LS0tLS1CRUdJTi';

function isBase64Char(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61
  );
}

/** Where the base64 run from `from` ends (a block from `at` is at most MAX_BLOCK long). */
function base64End(text: string, from: number, at: number): number {
  let e = from;
  while (e < text.length && e - at < MAX_BLOCK && isBase64Char(text.charCodeAt(e))) e++;
  return e;
}

/** A PEM private key written in base64 whole: the base64 run, when what it decodes to holds one. */
function scanBase64Pem(text: string, out: Detection[] | undefined): Detection[] | undefined {
  for (let at = text.indexOf(B64_BEGIN); at >= 0; at = text.indexOf(B64_BEGIN, at + 1)) {
    if (at > 0 && isBase64Char(text.charCodeAt(at - 1))) continue;
    let e = base64End(text, at, at);
    // The label is in the first 60 bytes: 80 characters of base64 are enough to read it.
    const head = text.slice(at, Math.min(e, at + 80));
    const pem = base64DecodeLatin1(head.slice(0, head.length - (head.length % 4)));
    if (pem === null) continue;
    const label = /^-----BEGIN ([^-\n]{1,40})-----/.exec(pem);
    if (!label || !LABEL.test(label[1])) continue;
    // Wrapped at 64 or 76 (raw or JSON-escaped line breaks): the lines after it are the key's too.
    // Only whole lines of base64 (`kind: Secret` after a YAML `tls.key:` line is the next key).
    for (;;) {
      const br = /^(?:\r?\n|\\r\\n|\\n)/.exec(text.slice(e, e + 4));
      if (!br || e - at >= MAX_BLOCK) break;
      const f = base64End(text, e + br[0].length, at);
      const next = text.slice(f, f + 2);
      if (f === e + br[0].length || !(f >= text.length || /^(?:\r?\n|\\[rn]|["'])/.test(next))) break;
      e = f;
    }
    (out ??= []).push({ start: at, end: e, detector: 'private-key', label: 'private-key' });
    at = e - 1;
  }
  return out;
}

/** PEM private-key blocks, from BEGIN to END inclusive (or to the end of the body if cut off). */
export const privateKeyFamily: DetectorFamily = {
  id: 'private-key',
  detectors: ['private-key'],
  detect(text: string): Detection[] {
    let out = scanPpk(text);
    if (text.indexOf(B64_BEGIN) >= 0) out = scanBase64Pem(text, out);
    let at = text.indexOf(BEGIN);
    if (at < 0) return out ?? NONE;
    let nextEnd = -2;
    while (at >= 0) {
      const labelStart = at + BEGIN.length;
      const labelEnd = text.indexOf(DASHES, labelStart);
      if (labelEnd < 0) break;
      let next = labelEnd;
      if (labelEnd - labelStart <= 40 && LABEL.test(text.slice(labelStart, labelEnd))) {
        const bodyStart = labelEnd + DASHES.length;
        let end = -1;
        // The first END at or after this body; cached, since BEGINs only move forward (a text of
        // many BEGINs and no END must not cost a full scan each).
        if (nextEnd === -2 || (nextEnd !== -1 && nextEnd < bodyStart)) nextEnd = text.indexOf(END, bodyStart);
        const endAt = nextEnd;
        if (endAt >= 0 && endAt - at <= MAX_BLOCK) {
          const close = text.slice(endAt + END.length, endAt + 60).indexOf(DASHES);
          if (close >= 0) end = endAt + END.length + close + DASHES.length;
        }
        if (end < 0) {
          end = bodyEnd(text, bodyStart, at + MAX_BLOCK);
          // Trailing blank space and escaped newlines belong to the text around the key.
          for (;;) {
            if (end > bodyStart && /\s/.test(text[end - 1])) end--;
            else if (end - 2 >= bodyStart && /\\[nrt]/.test(text.slice(end - 2, end))) end -= 2;
            else break;
          }
        }
        // `-----BEGIN PRIVATE KEY-----\nanything\n-----END…` in docs and tests holds no key: the
        // shortest real one (an Ed25519 PKCS#8) has 64 base64 characters.
        if (countBase64(text, bodyStart, endAt >= 0 && endAt < end ? endAt : end) >= MIN_BODY)
          (out ??= []).push({ start: at, end, detector: 'private-key', label: 'private-key' });
        next = end;
      }
      at = text.indexOf(BEGIN, next);
    }
    return out ?? NONE;
  },
};
