/**
 * Cheap JSON scans that run around JSON.parse: a depth pre-check (so a hostile `[[[[…` cannot blow
 * the stack of whatever walks the tree later) and, only after JSON.parse has failed, a locator that
 * finds the first syntax error itself. V8's own messages change between versions and quote the
 * input (which may hold secrets), so they are never shown.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** JSON's whitespace: space, line feed, carriage return, tab. */
export function isJsonWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Returns the index of the first `[`/`{` that opens level `max + 1`, or -1. Respects strings. */
export function findTooDeep(text: string, start: number, end: number, max: number): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump from quote to quote with indexOf: strings (base64 bodies) are most of a HAR's bytes.
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1 || q >= end) return -1; // unterminated string: JSON.parse reports it
        let k = q - 1;
        while (k > i && text.charCodeAt(k) === BACKSLASH) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
        from = q + 1;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

export interface SyntaxProblem {
  pos: number;
  kind: 'end' | 'char' | 'control';
}

class Stop {
  constructor(readonly problem: SyntaxProblem) {}
}

/**
 * Finds the first JSON syntax error in text[start, end), or null when it is valid JSON. Recursive:
 * only called after findTooDeep has bounded the depth.
 */
export function findSyntaxError(text: string, start: number, end: number): SyntaxProblem | null {
  let pos = start;

  const fail = (kind: SyntaxProblem['kind'] = 'char'): never => {
    if (kind === 'end') pos = end;
    throw new Stop({ pos, kind: pos >= end ? 'end' : kind });
  };
  const ws = (): void => {
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      pos++;
    }
  };
  const expect = (c: number): void => {
    if (pos >= end || text.charCodeAt(pos) !== c) fail();
    pos++;
  };
  const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
  const digits = (): void => {
    if (pos >= end || !isDigit(text.charCodeAt(pos))) fail();
    while (pos < end && isDigit(text.charCodeAt(pos))) pos++;
  };
  const string = (): void => {
    pos++; // opening quote
    for (;;) {
      if (pos >= end) fail();
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        pos++;
        return;
      }
      if (c < 0x20) fail('control');
      if (c === BACKSLASH) {
        pos++;
        if (pos >= end) fail();
        const e = text[pos];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            pos++;
            if (pos >= end || !/[0-9a-fA-F]/.test(text[pos])) fail();
          }
        } else if (!'"\\/bfnrt'.includes(e)) {
          fail();
        }
      }
      pos++;
    }
  };
  const number = (): void => {
    if (text.charCodeAt(pos) === 0x2d) pos++;
    if (pos < end && text.charCodeAt(pos) === 0x30) pos++;
    else digits();
    if (pos < end && text[pos] === '.') {
      pos++;
      digits();
    }
    if (pos < end && (text[pos] === 'e' || text[pos] === 'E')) {
      pos++;
      if (pos < end && (text[pos] === '+' || text[pos] === '-')) pos++;
      digits();
    }
  };
  const literal = (word: string): void => {
    // `nope` is reported at its "n", not at the "o" where it stopped looking like `null`.
    if (text.startsWith(word, pos) && pos + word.length <= end) pos += word.length;
    else if (end - pos < word.length && word.startsWith(text.slice(pos, end))) fail('end');
    else fail();
  };
  const value = (): void => {
    ws();
    if (pos >= end) fail();
    const c = text[pos];
    if (c === '{') {
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail();
        string();
        ws();
        expect(0x3a);
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(0x7d);
        return;
      }
    }
    if (c === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(0x5d);
        return;
      }
    }
    if (c === '"') return string();
    if (c === '-' || isDigit(text.charCodeAt(pos))) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    fail();
  };

  try {
    value();
    ws();
    if (pos < end) fail();
    return null;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}

/** 1-based line and column (in UTF-16 units) of `pos`, counting from `start`. */
export function lineColumn(text: string, start: number, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = start;
  for (let i = text.indexOf('\n', start); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: pos - lineStart + 1 };
}

/** How to show one offending character without echoing anything that could be part of a secret. */
export function describeChar(text: string, pos: number): string {
  const code = text.codePointAt(pos) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfeff || code > 0xffff) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  if (code >= 0xd800 && code <= 0xdfff) return `U+${code.toString(16).toUpperCase()}`;
  const ch = String.fromCodePoint(code);
  // Quote with the other kind of quote rather than escape: `'"'` reads better than `"\""`.
  return ch === '"' ? `'"'` : ch === '\\' ? `"\\"` : `"${ch}"`;
}
