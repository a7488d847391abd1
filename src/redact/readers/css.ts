import type { Pass } from '../context';
import { processUrl } from '../url';
import { scrubColonLines, scrubText } from '../text';
import { escapeJsLiteral, spansOf } from './js';
import { readInlineSourceMap } from './source-map';
import { quotedEnd } from '../diff';
import { scanLiteral } from './literal';

/**
 * CSS: strings and `url(…)` hold values (a data URI, a signed image URL) and comments hold text
 * (a pasted config, an inline source map); selectors, property names and values are code and stay
 * byte for byte, so every rule still parses, but for a token a detector finds there (a key in a
 * custom property), written as an escaped identifier.
 */
export function readCss(p: Pass, text: string, path: string): string {
  const n = text.length;
  const spans = spansOf(p, text);
  let nextSpan = 0;
  let out = '';
  let copied = 0;
  let i = 0;
  const replace = (start: number, end: number, body: string) => {
    out += text.slice(copied, start) + body;
    copied = end;
  };
  while (i < n) {
    // A detector's token in code: spans that began inside a comment or a string are passed over.
    while (nextSpan < spans.length && spans[nextSpan].start < i) nextSpan++;
    if (nextSpan < spans.length && spans[nextSpan].start === i) {
      const sp = spans[nextSpan++];
      const value = text.slice(sp.start, sp.end);
      const rep = p.secret(value, sp.label, sp.rule, `${path}{css}`);
      if (rep !== value) replace(sp.start, sp.end, cssIdentifier(rep));
      i = sp.end;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e;
      const body = text.slice(i + 2, end);
      if (body.length >= 8) {
        const next = readComment(p, body, `${path}{css comment}`);
        if (next !== body) replace(i + 2, end, next.replace(/\*\//g, '* /'));
      }
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === 34 || c === 39) {
      const j = quotedEnd(text, i, c);
      if (j < n && text.charCodeAt(j) === c) {
        const raw = text.slice(i + 1, j);
        // CSS escapes (`\26 `) are not JS ones: only plain strings are read.
        const value = raw.indexOf('\\') < 0 ? raw : null;
        if (value !== null && value.length >= 5) {
          const next = /^[a-z][a-z0-9+.-]*:/i.test(value)
            ? processUrl(p, value, `${path}{css}`)
            : scanLiteral(p, value, undefined, `${path}{css}`, true);
          if (next !== value) replace(i + 1, j, escapeJsLiteral(next, text[i]));
        }
      }
      i = j + 1;
      continue;
    }
    // url(bare) — quoted ones are strings, read above.
    if ((c === 117 || c === 85) && /^url\(/i.test(text.slice(i, i + 4))) {
      let s = i + 4;
      while (s < n && /\s/.test(text[s])) s++;
      const q = text.charCodeAt(s);
      if (q !== 34 && q !== 39) {
        const e = text.indexOf(')', s);
        if (e > s) {
          let end = e;
          while (end > s && /\s/.test(text[end - 1])) end--;
          const raw = text.slice(s, end);
          if (raw.length >= 5 && !/^data:/i.test(raw)) {
            const next = processUrl(p, raw, `${path}{css}`);
            if (next !== raw) replace(s, end, next.replace(/[()\s'"]/g, encodeURIComponent));
          }
          i = e + 1;
          continue;
        }
      }
      i = s;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A comment's text: an inline source map, else free text (`/* api_key: … *\/`, a pasted .env). */
function readComment(p: Pass, body: string, path: string): string {
  return (
    readInlineSourceMap(p, body, path, (source, where) => readCss(p, source, where)) ??
    scrubText(p, scrubColonLines(p, body, path), path)
  );
}

/** A placeholder as a CSS identifier: every character but letters, digits, `-` and `_` escaped. */
function cssIdentifier(s: string): string {
  return s.replace(/[^\w-]/g, (c) => `\\${c}`);
}
