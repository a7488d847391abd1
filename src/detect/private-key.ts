import { NONE } from './empty';
import type { Detection, DetectorFamily } from './types';

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const LABEL = /^(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?$/;
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

/** PEM private-key blocks, from BEGIN to END inclusive (or to the end of the body if cut off). */
export const privateKeyFamily: DetectorFamily = {
  id: 'private-key',
  detectors: ['private-key'],
  detect(text: string): Detection[] {
    let at = text.indexOf(BEGIN);
    if (at < 0) return NONE;
    let out: Detection[] | undefined;
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
