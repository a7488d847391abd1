import type { Pass } from '../context';
import type { Reader } from './types';
import { scrubText } from '../text';
import { readJs } from './js';
import { readCss } from './css';
import { looksBinary, maskInPlace } from './binary';
import {
  base64DecodeLatin1,
  base64Encode,
  latin1Encode,
  utf8DecodeStrict,
  utf8Encode,
} from '../../util/bytes';

const HIDDEN_INPUT = /<input\b[^>]{0,4096}>/gi;
const BASE64_VALUE = /\bvalue\s*=\s*(["'])([A-Za-z0-9+/]{24,}={0,2})\1/i;

/**
 * Server state in hidden inputs (ASP.NET `__VIEWSTATE`, `__EVENTVALIDATION`, JSF view state):
 * base64 decoded and scanned, text by the text reader, binary state with same-length masks, then
 * encoded again, so the form still posts a well-formed blob.
 */
function stateFields(p: Pass, html: string, path: string): string {
  if (html.indexOf('<input') < 0 && html.indexOf('<INPUT') < 0) return html;
  return html.replace(HIDDEN_INPUT, (tag) => {
    if (!/\btype\s*=\s*["']?hidden/i.test(tag)) return tag;
    const m = BASE64_VALUE.exec(tag);
    if (!m) return tag;
    const bin = base64DecodeLatin1(m[2]);
    if (bin === null || bin.length < 16) return tag;
    const where = `${path}<input state>(base64)`;
    const text = /[\x80-\xff]/.test(bin) ? utf8DecodeStrict(latin1Encode(bin)) : bin;
    let next: Uint8Array | null = null;
    if (text !== null && !looksBinary(text)) {
      const scanned = scrubText(p, text, where);
      if (scanned !== text) next = utf8Encode(scanned);
    } else {
      const bytes = latin1Encode(bin);
      const masked = maskInPlace(p, bytes, where);
      if (masked !== bytes) next = masked;
    }
    if (!next) return tag;
    return tag.replace(m[2], base64Encode(next, false, m[2].endsWith('=')));
  });
}

const BLOCK = /<(script|style)\b([^>]{0,2048})>([\s\S]*?)<\/\1\s*>/gi;

/**
 * HTML: inline scripts are read as JavaScript (or JSON by their type), inline styles as CSS, and the
 * markup between them for attributes, hidden inputs, meta tags, data-* and base64 state fields.
 */
export const htmlReader: Reader = {
  language: 'html',
  read(p, text, _mime, path, readBody) {
    let out = '';
    let last = 0;
    BLOCK.lastIndex = 0;
    let m: RegExpExecArray | null;
    const markup = (s: string) => (s.length >= 5 ? scrubText(p, stateFields(p, s, path), path) : s);
    while ((m = BLOCK.exec(text))) {
      const [whole, tag, attrs, body] = m;
      const bodyStart = m.index + whole.indexOf('>') + 1;
      const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase() ?? '';
      let next = body;
      if (body.trim().length >= 5) {
        const where = `${path}<${tag.toLowerCase()}>`;
        if (tag.toLowerCase() === 'style') next = readCss(p, body, where);
        else if (type.includes('json')) next = readBody(p, body, 'application/json', where);
        else if (!type || /javascript|ecmascript|module|babel|jsx/.test(type)) next = readJs(p, body, where);
        else next = scrubText(p, body, where);
      }
      out += markup(text.slice(last, bodyStart)) + next;
      last = bodyStart + body.length;
    }
    if (last === 0) return markup(text);
    return out + markup(text.slice(last));
  },
};
