/**
 * Checks on user-supplied value patterns. Patterns run on every string of a HAR (which may hold
 * hundreds of MB), so a pattern that backtracks exponentially or matches the empty string would hang
 * or corrupt a redaction. These checks are heuristics, documented in docs/rule-packs.md.
 */

export const MAX_PATTERN_LENGTH = 1000;

/** The error for a pattern, or null when it passes every check. */
export function patternProblem(source: string): string | null {
  if (source.length === 0) return 'pattern must not be empty';
  if (source.length > MAX_PATTERN_LENGTH) {
    return `pattern is ${source.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`;
  }
  let re: RegExp;
  try {
    re = new RegExp(source, 'gu');
  } catch (e) {
    return `pattern does not compile with flags "gu": ${(e as Error).message}`;
  }
  if (matchesEmpty(re)) return 'pattern can match the empty string';
  const nested = nestedQuantifier(source);
  if (nested) {
    return `pattern has a nested unbounded quantifier (${nested}), which can backtrack catastrophically`;
  }
  return null;
}

// Probes: the empty string and a few short strings with word, space and punctuation characters.
// An empty match at any position (e.g. `a*`, `\b`, `(?=x)`) is caught here; an empty-capable
// branch that the probes do not reach (e.g. `zz|(?=q)`) is not: the engine must still skip empty
// matches, this check only rejects the obvious.
const EMPTY_PROBES = ['', 'a', 'A1', ' ', 'a b', 'x=1&y=2', '-_.:/', 'aaaaaaaa', '0123456789', 'é\n'];

function matchesEmpty(re: RegExp): boolean {
  for (const probe of EMPTY_PROBES) {
    re.lastIndex = 0;
    for (let i = 0; i < 64; i++) {
      const m = re.exec(probe);
      if (!m) break;
      if (m[0].length === 0) return true;
    }
  }
  return false;
}

interface Atom {
  text: string;
  min: number;
  max: number;
  /** Zero-width (anchor, lookaround): never a separator between repetitions. */
  zeroWidth: boolean;
  /** Alternatives inside a group; undefined for a single-character atom or class. */
  alternatives?: Atom[][];
}

/**
 * Finds a quantified group that repeats without bound and whose body, in some alternative, has an
 * unbounded quantifier and no mandatory atom outside it: `(a+)+`, `(.*)*`, `(\w+\s?)*`, `(?:x|y+)*`.
 * Such a body can split one run of input between iterations in exponentially many ways. A mandatory
 * separator (`(?:[a-z]+\.)+`) makes each iteration end at a fixed kind of character, so it passes.
 * Returns the offending group's source text, or null.
 */
export function nestedQuantifier(source: string): string | null {
  let root: Atom[][];
  try {
    root = new Parser(source).parseAlternatives();
  } catch {
    return null;
  }
  for (const alt of root) {
    const found = findNested(alt);
    if (found) return found;
  }
  return null;
}

function findNested(seq: Atom[]): string | null {
  for (const atom of seq) {
    if (!atom.alternatives) continue;
    if (atom.max === Infinity) {
      for (const alt of atom.alternatives) {
        if (hasUnbounded(alt) && !hasMandatorySeparator(alt)) return atom.text;
      }
    }
    for (const alt of atom.alternatives) {
      const inner = findNested(alt);
      if (inner) return inner;
    }
  }
  return null;
}

function hasUnbounded(seq: Atom[]): boolean {
  return seq.some((a) => a.max === Infinity || (a.alternatives?.some(hasUnbounded) ?? false));
}

function hasMandatorySeparator(seq: Atom[]): boolean {
  return seq.some(
    (a) => a.min >= 1 && !a.zeroWidth && a.max !== Infinity && !(a.alternatives?.some(hasUnbounded) ?? false),
  );
}

/** A small parser for regex sources that already compiled with the `u` flag (so they are well formed). */
class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parseAlternatives(): Atom[][] {
    const alts: Atom[][] = [[]];
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === ')') break;
      if (c === '|') {
        this.i++;
        alts.push([]);
        continue;
      }
      const start = this.i;
      const atom = this.parseAtom();
      this.parseQuantifier(atom);
      atom.text = this.src.slice(start, this.i);
      alts[alts.length - 1].push(atom);
    }
    return alts;
  }

  private parseAtom(): Atom {
    const start = this.i;
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      let zeroWidth = false;
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) {
        this.i += 2;
        zeroWidth = true;
      } else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) {
        this.i += 3;
        zeroWidth = true;
      } else if (this.src.startsWith('?<', this.i)) {
        this.i = this.after('>');
      }
      const alternatives = this.parseAlternatives();
      this.i++; // ')'
      return { text: this.src.slice(start, this.i), min: 1, max: 1, zeroWidth, alternatives };
    }
    if (c === '[') {
      this.i++;
      while (this.i < this.src.length && this.src[this.i] !== ']') {
        this.i += this.src[this.i] === '\\' ? 2 : 1;
      }
      this.i++;
      return { text: this.src.slice(start, this.i), min: 1, max: 1, zeroWidth: false };
    }
    if (c === '\\') {
      this.i += 2;
      const e = this.src[this.i - 1];
      // \p{…}, \u{…}, \k<…> carry a bracketed argument.
      if ((e === 'p' || e === 'P' || e === 'u') && this.src[this.i] === '{') {
        this.i = this.after('}');
      } else if (e === 'u') this.i += 4;
      else if (e === 'x') this.i += 2;
      else if (e === 'c') this.i += 1;
      else if (e === 'k' && this.src[this.i] === '<') this.i = this.after('>');
      return { text: this.src.slice(start, this.i), min: 1, max: 1, zeroWidth: e === 'b' || e === 'B' };
    }
    // A whole code point, so `u`-mode astral characters stay one atom.
    const cp = this.src.codePointAt(this.i) ?? 0;
    this.i += cp > 0xffff ? 2 : 1;
    return { text: this.src.slice(start, this.i), min: 1, max: 1, zeroWidth: c === '^' || c === '$' };
  }

  /** Index just past the next `c`; a source that compiled always has it. */
  private after(c: string): number {
    const at = this.src.indexOf(c, this.i);
    if (at < 0) throw new SyntaxError(`missing ${c}`);
    return at + 1;
  }

  private parseQuantifier(atom: Atom): void {
    const c = this.src[this.i];
    let min = 1;
    let max = 1;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy: same backtracking risk
    atom.min = min;
    atom.max = max;
  }
}
