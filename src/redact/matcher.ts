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
/** What find returns when nothing matched (shared: callers only read it). */
const NONE: readonly LiteralMatch[] = [];

function hash3(a: number, b: number, c: number): number {
  return ((a << 12) ^ (b << 6) ^ c) & ((1 << TABLE_BITS) - 1);
}

export class MultiLiteralMatcher {
  private readonly m: number;
  private readonly shift: Uint8Array;
  /**
   * The literals whose first window ends in each hash, longest first: a chain from head[h] through
   * next[id], -1 at its end (built in order, then sorted where it holds more than one). Typed
   * arrays, not a Map of lists: a run builds this once per thread, cold, for thousands of literals,
   * and the build sits on the path between the passes.
   */
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly short: number[] = [];
  readonly size: number;

  constructor(private readonly literals: readonly string[]) {
    const n = literals.length;
    this.size = n;
    let min = MAX_WINDOW;
    for (let id = 0; id < n; id++) if (literals[id].length >= 8) min = Math.min(min, literals[id].length);
    const m = (this.m = min);
    const shift = (this.shift = new Uint8Array(1 << TABLE_BITS).fill(m - B + 1));
    const head = (this.head = new Int32Array(1 << TABLE_BITS).fill(-1));
    const next = (this.next = new Int32Array(n).fill(-1));
    const last = new Int32Array(1 << TABLE_BITS);
    /** Hashes whose chain holds more than one literal. */
    const shared: number[] = [];
    for (let id = 0; id < n; id++) {
      const lit = literals[id];
      if (lit.length < m) {
        if (lit.length > 0) this.short.push(id);
        continue;
      }
      let a = lit.charCodeAt(0);
      let b = lit.charCodeAt(1);
      let h = 0;
      for (let j = B - 1; j < m; j++) {
        const c = lit.charCodeAt(j);
        h = hash3(a, b, c);
        const s = m - 1 - j;
        if (s < shift[h]) shift[h] = s;
        a = b;
        b = c;
      }
      if (head[h] < 0) head[h] = id;
      else {
        if (next[head[h]] < 0 && last[h] === head[h]) shared.push(h);
        next[last[h]] = id;
      }
      last[h] = id;
    }
    // Chains longest first (the longest literal at a position wins), ties in the given order.
    for (const h of shared) {
      const chain: number[] = [];
      for (let id = head[h]; id >= 0; id = next[id]) chain.push(id);
      chain.sort((x, y) => literals[y].length - literals[x].length);
      head[h] = chain[0];
      for (let k = 0; k < chain.length; k++) next[chain[k]] = k + 1 < chain.length ? chain[k + 1] : -1;
    }
  }

  /** Non-overlapping matches, left to right, longest at each position. */
  find(text: string): readonly LiteralMatch[] {
    if (this.size === 0) return NONE;
    const out: LiteralMatch[] = [];
    this.scan(text, out);
    const longs = out.length;
    for (const id of this.short) {
      const lit = this.literals[id];
      for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + lit.length)) {
        out.push({ start: i, end: i + lit.length, id });
      }
    }
    if (out.length === longs) return longs ? out : NONE;
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    let end = -1;
    return out.filter((x) => {
      if (x.start < end) return false;
      end = x.end;
      return true;
    });
  }

  /** Whether any literal occurs in `text` (what find would list something for, without listing). */
  test(text: string): boolean {
    if (this.size === 0) return false;
    if (this.scan(text, null)) return true;
    for (const id of this.short) if (text.includes(this.literals[id])) return true;
    return false;
  }

  /** The literals of the window's length or longer: into `out`, or (out null) true at the first. */
  private scan(text: string, out: LiteralMatch[] | null): boolean {
    const { m, shift, head, next, literals } = this;
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
      let hit = -1;
      for (let id = head[h]; id >= 0; id = next[id]) {
        if (text.startsWith(literals[id], start)) {
          hit = id;
          break;
        }
      }
      if (hit >= 0) {
        if (!out) return true;
        const end = start + literals[hit].length;
        out.push({ start, end, id: hit });
        pos = end + m - 1;
      } else pos++;
    }
    return false;
  }
}
