import type { Reader } from './types';
import { scrubText } from '../text';
import { readJs } from './js';
import { readCss } from './css';

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
    const markup = (s: string) => (s.length >= 5 ? scrubText(p, s, path) : s);
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
