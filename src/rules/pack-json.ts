/**
 * The one way rule-pack text becomes data (CLI, team sync, policy): errors are one line that never
 * quotes the file (V8's JSON errors do), and a duplicate key anywhere is refused, because
 * `JSON.parse` keeps the last one: a reader of the raw file could see a different rule than the one
 * signed and used.
 */
import { describeChar, findSyntaxError, findTooDeep, lineColumn } from '../har/json-syntax';
import { joinPath } from './json-path';

export type PackJson = { ok: true; value: unknown } | { ok: false; error: string };

/** A pack is a few levels deep (`rules[3].scope.hosts[0]`); anything far deeper is not a pack. */
const MAX_DEPTH = 64;

/** Parses pack text (a leading BOM is ignored). */
export function parsePackJson(text: string): PackJson {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const deep = findTooDeep(text, start, text.length, MAX_DEPTH);
  if (deep >= 0) {
    const { line, column } = lineColumn(text, start, deep);
    return {
      ok: false,
      error: `not JSON: nested more than ${MAX_DEPTH} levels at line ${line} column ${column}`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(start ? text.slice(start) : text);
  } catch {
    return { ok: false, error: `not JSON: ${syntaxError(text, start)}` };
  }
  const dup = findDuplicateKey(text, start);
  if (dup) return { ok: false, error: `duplicate key ${dup.key} at ${dup.path}` };
  return { ok: true, value };
}

function syntaxError(text: string, start: number): string {
  const p = findSyntaxError(text, start, text.length);
  if (!p) return 'invalid JSON';
  const what =
    p.kind === 'end' ? 'unexpected end of input' : `unexpected character ${describeChar(text, p.pos)}`;
  const { line, column } = lineColumn(text, start, p.pos);
  return `${what} at line ${line} column ${column}`;
}

/** The first duplicate key in valid JSON text, with its path (`rules[2].action`), or null. */
export function findDuplicateKey(text: string, start = 0): { key: string; path: string } | null {
  const w = new Walker(text, start);
  w.value('');
  return w.found;
}

class Walker {
  found: { key: string; path: string } | null = null;
  constructor(
    private readonly s: string,
    private i: number,
  ) {}

  value(path: string): void {
    this.space();
    const c = this.s[this.i];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else while (this.i < this.s.length && !',]} \t\r\n'.includes(this.s[this.i])) this.i++;
  }

  private object(path: string): void {
    this.i++;
    const seen = new Set<string>();
    for (this.space(); this.s[this.i] !== '}'; this.space()) {
      const key = this.string();
      const at = joinPath(path, key);
      if (seen.has(key)) {
        // The key is a name from the file, not a value: quoting it helps and exposes nothing secret.
        this.found = { key: JSON.stringify(key), path: at };
        return;
      }
      seen.add(key);
      this.space();
      this.i++; // ':'
      this.value(at);
      if (this.found) return;
      this.space();
      if (this.s[this.i] === ',') this.i++;
    }
    this.i++;
  }

  private array(path: string): void {
    this.i++;
    for (let n = 0; this.space(), this.s[this.i] !== ']'; n++) {
      this.value(`${path}[${n}]`);
      if (this.found) return;
      this.space();
      if (this.s[this.i] === ',') this.i++;
    }
    this.i++;
  }

  private string(): string {
    const from = this.i++;
    while (this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.s.slice(from, this.i)) as string;
  }

  private space(): void {
    for (let c = this.s[this.i]; c === ' ' || c === '\t' || c === '\r' || c === '\n'; c = this.s[++this.i]);
  }
}
