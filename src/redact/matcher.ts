/**
 * Finds many literal strings at once in long text (propagation of found secrets). A regex alternation
 * costs time proportional to the number of literals at every position. This is Wu–Manber: it looks
 * at the last three characters of a window as long as the shortest literal and, in most windows,
 * jumps ahead several characters at once; only windows whose tail occurs in a literal are verified.
 * Literals shorter than the window are few (short values are rarely propagated) and use indexOf.
 */

export interface LiteralMatch {
  start: number;
  end: number;
  /** Index of the literal in the list given to the constructor. */
  id: number;
}

const B = 3;
const MAX_WINDOW = 12;
const TABLE_BITS = 18;

function hash3(a: number, b: number, c: number): number {
  return ((a << 12) ^ (b << 6) ^ c) & ((1 << TABLE_BITS) - 1);
}

export class MultiLiteralMatcher {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly candidates = new Map<number, number[]>();
  private readonly short: number[] = [];
  readonly size: number;

  constructor(private readonly literals: readonly string[]) {
    this.size = literals.length;
    let min = MAX_WINDOW;
    for (const l of literals) if (l.length >= 8) min = Math.min(min, l.length);
    this.m = min;
    const m = this.m;
    this.shift = new Uint8Array(1 << TABLE_BITS).fill(m - B + 1);
    literals.forEach((lit, id) => {
      if (lit.length < m) {
        if (lit.length > 0) this.short.push(id);
        return;
      }
      for (let j = B - 1; j < m; j++) {
        const h = hash3(lit.charCodeAt(j - 2), lit.charCodeAt(j - 1), lit.charCodeAt(j));
        const s = m - 1 - j;
        if (s < this.shift[h]) this.shift[h] = s;
        if (s === 0) {
          const list = this.candidates.get(h);
          if (list) list.push(id);
          else this.candidates.set(h, [id]);
        }
      }
    });
    for (const list of this.candidates.values()) list.sort((a, b) => literals[b].length - literals[a].length);
  }

  /** Non-overlapping matches, left to right, longest at each position. */
  find(text: string): LiteralMatch[] {
    if (this.size === 0) return [];
    const out = this.findLong(text);
    if (this.short.length === 0) return out;
    for (const id of this.short) {
      const lit = this.literals[id];
      for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + lit.length)) {
        out.push({ start: i, end: i + lit.length, id });
      }
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    let end = -1;
    return out.filter((x) => {
      if (x.start < end) return false;
      end = x.end;
      return true;
    });
  }

  private findLong(text: string): LiteralMatch[] {
    const out: LiteralMatch[] = [];
    const { m, shift, candidates, literals } = this;
    const n = text.length;
    let pos = m - 1;
    while (pos < n) {
      const h = hash3(text.charCodeAt(pos - 2), text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const s = shift[h];
      if (s !== 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      const ids = candidates.get(h);
      let hit = -1;
      if (ids) {
        for (const id of ids) {
          if (text.startsWith(literals[id], start)) {
            hit = id;
            break;
          }
        }
      }
      if (hit >= 0) {
        const end = start + literals[hit].length;
        out.push({ start, end, id: hit });
        pos = end + m - 1;
      } else pos++;
    }
    return out;
  }
}
