import type { Pass } from '../context';
import { applyDetectors } from '../text';
import { scanLiteral } from './literal';

/**
 * JavaScript, read as tokens: only string and template literals, comments and object-literal
 * values (judged by their keys) are candidates; code itself is never read as `a=b&c=d`.
 * Placeholders go back JS-escaped inside the literal they replace, so the script still parses.
 */

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

const enum Tok {
  None,
  Ident,
  Number,
  String,
  Punct,
  Regex,
  Template,
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127
  );
}

/** The value of a JS string literal's body; null when an escape is not one JSON also knows. */
export function unescapeJsLiteral(raw: string): string | null {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        if (/[0-9]/.test(raw[i + 1] ?? '')) return null;
        out += '\0';
        break;
      case 'x': {
        const h = raw.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u': {
        const m = /^(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(raw.slice(i + 1));
        if (!m) return null;
        out += String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
        i += m[0].length;
        break;
      }
      case '\r':
        if (raw[i + 1] === '\n') i++;
        break;
      case '\n':
      case '\u2028':
      case '\u2029':
        break;
      case undefined:
        return null;
      default:
        out += n;
    }
  }
  return out;
}

/** A value written back inside a literal quoted with `q`. */
export function escapeJsLiteral(s: string, q: string): string {
  let out = '';
  for (const c of s) {
    if (c === '\\' || c === q) out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\u2028') out += '\\u2028';
    else if (c === '\u2029') out += '\\u2029';
    else out += c;
  }
  return out;
}

/**
 * A literal's new body: the raw text kept as written, only the replaced pieces changed (they are
 * found as they were written when they held no escape); else the whole value escaped again.
 */
export function rewriteLiteral(raw: string, value: string, next: string, q: string): string {
  if (raw === value) return escapeJsLiteral(next, q);
  let pre = 0;
  while (pre < value.length && pre < next.length && value[pre] === next[pre]) pre++;
  let suf = 0;
  while (
    suf < value.length - pre &&
    suf < next.length - pre &&
    value[value.length - 1 - suf] === next[next.length - 1 - suf]
  )
    suf++;
  const was = value.slice(pre, value.length - suf);
  const now = next.slice(pre, next.length - suf);
  const at = was ? raw.indexOf(was) : -1;
  if (at >= 0 && raw.indexOf(was, at + 1) < 0 && escapeJsLiteral(was, q) === was) {
    return raw.slice(0, at) + escapeJsLiteral(now, q) + raw.slice(at + was.length);
  }
  return escapeJsLiteral(next, q);
}

/** The name a literal stands under: an object key before `:`, an assignment target, a setter's first argument. */
interface Recent {
  kind: Tok;
  text: string;
}

export function readJs(p: Pass, text: string, path: string): string {
  const n = text.length;
  let out = '';
  let copied = 0;
  // The last three significant tokens (most recent last).
  const recent: Recent[] = [
    { kind: Tok.None, text: '' },
    { kind: Tok.None, text: '' },
    { kind: Tok.None, text: '' },
    { kind: Tok.None, text: '' },
  ];
  const push = (kind: Tok, t: string) => {
    recent.shift();
    recent.push({ kind, text: t });
  };
  // Open template literals: the brace depth at which each `${` started.
  const templates: number[] = [];
  let braces = 0;
  const replace = (start: number, end: number, body: string) => {
    out += text.slice(copied, start) + body;
    copied = end;
  };

  const nameBefore = (): string | undefined => {
    const [a, b, c, d] = recent;
    // `{ key: "…"`, `, "key": "…"`
    if (d.kind === Tok.Punct && d.text === ':' && (c.kind === Tok.Ident || c.kind === Tok.String)) {
      if (b.kind === Tok.Punct && (b.text === '{' || b.text === ',')) return c.text;
      return undefined;
    }
    // `x.password = "…"`, `token = '…'`
    if (d.kind === Tok.Punct && d.text === '=' && c.kind === Tok.Ident) return c.text;
    // `setItem("token", "…")`, `headers.set('x-api-key', '…')`
    if (
      d.kind === Tok.Punct &&
      d.text === ',' &&
      c.kind === Tok.String &&
      b.kind === Tok.Punct &&
      b.text === '('
    )
      return c.text;
    void a;
    return undefined;
  };

  const regexAllowed = (): boolean => {
    const last = recent[3];
    if (last.kind === Tok.None) return true;
    if (last.kind === Tok.Punct) return last.text !== ')' && last.text !== ']' && last.text !== '}';
    if (last.kind === Tok.Ident) return KEYWORDS_BEFORE_EXPRESSION.has(last.text);
    return false;
  };

  /** A template literal's text from `i` (after a backtick or a closing `}`) to its end or `${`. */
  const templateChunk = (i: number): number => {
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 96)
        break; // `
      else if (c === 36 && text.charCodeAt(j + 1) === 123)
        break; // ${
      else j++;
    }
    const end = Math.min(j, n);
    const chunk = text.slice(i, end);
    if (chunk.length >= 8) {
      const next = applyDetectors(p, chunk, path);
      if (next !== chunk) replace(i, end, next.replace(/`/g, '\\`').replace(/\$\{/g, '\\${'));
    }
    if (j >= n) return n;
    if (text.charCodeAt(j) === 96) {
      push(Tok.Template, '');
      return j + 1;
    }
    templates.push(braces);
    braces++;
    return j + 2;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff || c === 11 || c === 12) {
      i++;
      continue;
    }
    // comments
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let e = text.indexOf('\n', i + 2);
      if (e < 0) e = n;
      scanComment(i + 2, e);
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let e = text.indexOf('*/', i + 2);
      if (e < 0) e = n;
      scanComment(i + 2, e);
      i = Math.min(n, e + 2);
      continue;
    }
    // strings
    if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c || d === 10 || d === 13) break;
        else j++;
      }
      if (j >= n || text.charCodeAt(j) !== c) {
        // Unterminated: not a literal; step over the quote.
        push(Tok.Punct, text[i]);
        i++;
        continue;
      }
      const raw = text.slice(i + 1, j);
      const name = nameBefore();
      const value = unescapeJsLiteral(raw);
      if (value !== null && (value.length >= 5 || name !== undefined)) {
        const next = scanLiteral(p, value, name, `${path}{js}`, true);
        if (next !== value) replace(i + 1, j, rewriteLiteral(raw, value, next, text[i]));
      }
      push(Tok.String, value ?? raw);
      i = j + 1;
      continue;
    }
    if (c === 96) {
      i = templateChunk(i + 1);
      continue;
    }
    if (c === 125 && templates.length && templates[templates.length - 1] === braces - 1) {
      // `}` closing a template's `${`
      templates.pop();
      braces--;
      i = templateChunk(i + 1);
      continue;
    }
    if (c === 47 && regexAllowed()) {
      // A regular expression literal: to the closing `/` outside a class, on one line.
      let j = i + 1;
      let inClass = false;
      let ok = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13) break;
        if (d === 92) {
          j += 2;
          continue;
        }
        if (d === 91) inClass = true;
        else if (d === 93) inClass = false;
        else if (d === 47 && !inClass) {
          ok = true;
          break;
        }
        j++;
      }
      if (ok) {
        j++;
        while (j < n && isIdentChar(text.charCodeAt(j))) j++;
        push(Tok.Regex, '');
        i = j;
        continue;
      }
    }
    if (isIdentChar(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      push(c >= 48 && c <= 57 ? Tok.Number : Tok.Ident, word);
      i = j;
      continue;
    }
    if (c === 123) braces++;
    else if (c === 125) braces--;
    if (c === 61) {
      // `=` alone is an assignment; `==`, `=>`, `<=`, `+=`… are other operators.
      const prev = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      const single = next !== 61 && next !== 62 && !/[=!<>+\-*/%&|^?]/.test(String.fromCharCode(prev));
      push(Tok.Punct, single ? '=' : '==');
      i++;
      continue;
    }
    if (c === 46) {
      // `a.b`: the member keeps the last part as the name (`config.apiKey = "…"`).
      i++;
      continue;
    }
    push(Tok.Punct, text[i]);
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);

  function scanComment(from: number, to: number): void {
    if (to - from < 16) return;
    const body = text.slice(from, to);
    const next = applyDetectors(p, body, path);
    if (next !== body) replace(from, to, next.replace(/\*\//g, '* /'));
  }
}
