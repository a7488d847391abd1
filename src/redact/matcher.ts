/**
 * Finds many literal strings at once in long text (propagation of found secrets). A regex alternation
 * costs time proportional to the number of literals at every position. This is Wu–Manber: it looks
 * at the last three characters (four among very many literals) of a window as long as the
 * shortest literal and, in most windows, jumps ahead several characters at once; only windows whose
 * tail occurs in a literal are verified.
 * Literals shorter than the window are few (short values are rarely propagated): several go in a
 * matcher of their own, with a shorter window; one alone is found with indexOf.
 */

export interface LiteralMatch {
  start: number;
  end: number;
  /** Index of the literal in the list given to the constructor. */
  id: number;
}

/** The block of the matcher of short literals: three characters. */
const B = 3;
/**
 * The block of a main matcher of many literals: four characters. A run's hundreds of thousands of
 * forms hold nearly every triple of letters and digits, so with three no window could be skipped;
 * with fewer, three characters skip further (a window's shift is at most its length less the block).
 */
const B_LONG = 4;
/** Window positions of all literals beyond which a main matcher takes blocks of four. */
const MANY_POSITIONS = 1 << 16;
const MAX_WINDOW = 12;
/** Beyond this many literals, a chain is looked up by length (one slice and lookup per length). */
const LONG_CHAIN = 16;
/** Literals at least this long set the window; shorter ones are found apart (see `short`). */
const LONG = 8;
const TABLE_BITS = 18;
/**
 * The main matcher's tables grow with its literals up to this (2 MB of chains, 512 KB of shifts per
 * thread). 2^21 was as fast on the bodiless bench and cost 25-35 MB more at the peak of a 1 GiB run
 * (100 k literals).
 */
const MAX_TABLE_BITS = 19;
/**
 * Beyond 2^19 slots, a table holds at most this many bytes per literal (nine a slot: shift, chain
 * head, and the chain's end while it is built), a fraction of what each literal costs itself (a
 * string, its record and kind: 60 bytes or more). Among a million literals and more (an export of
 * people, each row's values found) a table of 2^19 has no slot left to skip by: every window is
 * verified, along chains of dozens (pass 2 took longer than pass 1).
 */
const TABLE_BYTES_PER_LITERAL = 16;
/** The matcher of short literals holds a few: its tables stay within the first-level cache. */
const SHORT_TABLE_BITS = 12;
/** What find returns when nothing matched (shared: callers only read it). */
const NONE: readonly LiteralMatch[] = [];

/**
 * A hash of three characters, cut to a table's size. Small tables (up to 2^12 slots) keep the last
 * two characters as they are; bigger ones mix all three (many literals of digits and letters).
 */
function hash3(a: number, b: number, c: number, mask: number): number {
  return mask <= 0xfff
    ? ((a << 12) ^ (b << 6) ^ c) & mask
    : (Math.imul((a * 31 + b) * 31 + c, 0x9e3779b1) >>> 11) & mask;
}

/** A hash of four characters, cut to a table's size. */
function hash4(a: number, b: number, c: number, d: number, mask: number): number {
  return (Math.imul(((a * 31 + b) * 31 + c) * 31 + d, 0x9e3779b1) >>> 11) & mask;
}

export class MultiLiteralMatcher {
  /** The block: how many characters at a window's end are hashed (3 or 4). */
  private readonly b: number;
  private readonly m: number;
  private readonly mask: number;
  private readonly shift: Uint8Array;
  /**
   * The literals whose first window ends in each hash, longest first: a chain from head[h] through
   * next[id], -1 at its end (built in order, then sorted where it holds more than one). Typed
   * arrays, not a Map of lists: a run builds this once per thread, cold, for thousands of literals,
   * and the build sits on the path between the passes.
   */
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  /** Literals shorter than the window. */
  private readonly short: number[] = [];
  /**
   * Several short literals: in a matcher of their own, so a text is scanned once for all of them
   * rather than once for each (most of what finding cost in a HAR's many short strings).
   */
  private readonly shortMatcher: MultiLiteralMatcher | null = null;
  /**
   * Chains of more than LONG_CHAIN literals: their lengths (longest first) and where their ids are
   * in `chainIds`, sorted by text (equal texts in the given order), for a binary search at each
   * length. Literals that share their first window (phone numbers of one area code, tokens of one
   * long prefix) made one chain of thousands, walked at every occurrence. (A map of each chain's
   * texts found as fast, at ten times the memory: a run may hold hundreds of thousands of them.)
   */
  private readonly longChains: { lengths: number[]; from: number; to: number }[] = [];
  private readonly chainIds: Int32Array;
  readonly size: number;

  constructor(
    private readonly literals: readonly string[],
    /** The shortest literal that sets the window (the matcher of short literals takes any). */
    long = LONG,
  ) {
    const n = literals.length;
    this.size = n;
    let min = MAX_WINDOW;
    for (let id = 0; id < n; id++) {
      if (literals[id].length >= long) min = Math.min(min, literals[id].length);
    }
    const main = long > B + 1;
    // Many literals: blocks of four, in tables that grow with them (see B_LONG); else three.
    const many = main && n * (Math.max(min, B) - B + 1) > MANY_POSITIONS;
    const block = (this.b = many ? B_LONG : B);
    const m = (this.m = Math.max(min, block));
    // About two slots per window position of every literal, from a floor: the main matcher's or
    // the short one's (a few short literals in the first-level cache; thousands, in a table as big
    // as theirs, or every window's chain would hold hundreds of them).
    const floor = main ? TABLE_BITS : SHORT_TABLE_BITS;
    const ceiling = Math.max(MAX_TABLE_BITS, Math.floor(Math.log2((n * TABLE_BYTES_PER_LITERAL) / 9)));
    const bits =
      many || !main
        ? Math.min(ceiling, Math.max(floor, Math.ceil(Math.log2(n * (m - block + 1))) + 1))
        : floor;
    const size = 1 << bits;
    this.mask = size - 1;
    const shift = (this.shift = new Uint8Array(size).fill(m - block + 1));
    const head = (this.head = new Int32Array(size).fill(-1));
    const next = (this.next = new Int32Array(n).fill(-1));
    const last = new Int32Array(size);
    /** Hashes whose chain holds more than one literal. */
    const shared: number[] = [];
    for (let id = 0; id < n; id++) {
      const lit = literals[id];
      if (lit.length < m) {
        if (lit.length > 0) this.short.push(id);
        continue;
      }
      let h = 0;
      for (let j = block - 1; j < m; j++) {
        h = this.hashAt(lit, j);
        const s = m - 1 - j;
        if (s < shift[h]) shift[h] = s;
      }
      if (head[h] < 0) head[h] = id;
      else {
        if (next[head[h]] < 0 && last[h] === head[h]) shared.push(h);
        next[last[h]] = id;
      }
      last[h] = id;
    }
    // Chains longest first (the longest literal at a position wins), ties in the given order. A
    // long chain is looked up by length instead (see LONG_CHAIN); its head then says which.
    const chainIds: number[] = [];
    const byText = (x: number, y: number) =>
      literals[x] < literals[y] ? -1 : literals[x] > literals[y] ? 1 : x - y;
    for (const h of shared) {
      const chain: number[] = [];
      for (let id = head[h]; id >= 0; id = next[id]) chain.push(id);
      if (chain.length > LONG_CHAIN) {
        const lengths = [...new Set(chain.map((id) => literals[id].length))].sort((a, b) => b - a);
        head[h] = -2 - this.longChains.length;
        this.longChains.push({ lengths, from: chainIds.length, to: chainIds.length + chain.length });
        for (const id of chain.sort(byText)) chainIds.push(id);
        continue;
      }
      chain.sort((x, y) => literals[y].length - literals[x].length);
      head[h] = chain[0];
      for (let k = 0; k < chain.length; k++) next[chain[k]] = k + 1 < chain.length ? chain[k + 1] : -1;
    }
    this.chainIds = Int32Array.from(chainIds);
    const shorts = this.short.map((id) => literals[id]);
    if (long > B + 1 && shorts.filter((l) => l.length > B).length > 1) {
      this.shortMatcher = new MultiLiteralMatcher(shorts, B + 1);
    }
  }

  /** The hash of the block that ends at `i` of `s`. */
  private hashAt(s: string, i: number): number {
    return this.b === B
      ? hash3(s.charCodeAt(i - 2), s.charCodeAt(i - 1), s.charCodeAt(i), this.mask)
      : hash4(s.charCodeAt(i - 3), s.charCodeAt(i - 2), s.charCodeAt(i - 1), s.charCodeAt(i), this.mask);
  }

  /**
   * Non-overlapping matches, left to right, longest at each position: as if every occurrence of
   * every literal were listed and taken in that order, each skipping those that overlap it (so
   * every occurrence is at least cut by one taken).
   */
  find(text: string): readonly LiteralMatch[] {
    if (this.size === 0) return NONE;
    const out: LiteralMatch[] = [];
    this.collectShort(text, out);
    if (out.length === 0) {
      // Without short ones, the scan takes the matches itself, in order (see scan).
      this.scan(text, out, false);
      return out.length ? out : NONE;
    }
    this.scan(text, out, true);
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    let end = -1;
    return out.filter((x) => {
      if (x.start < end) return false;
      end = x.end;
      return true;
    });
  }

  /** Every occurrence of every literal shorter than the window, into `out`, in no set order. */
  private collectShort(text: string, out: LiteralMatch[]): void {
    if (this.shortMatcher) {
      const from = out.length;
      this.shortMatcher.scan(text, out, true);
      this.shortMatcher.collectShort(text, out);
      for (let k = from; k < out.length; k++) out[k].id = this.short[out[k].id];
      return;
    }
    for (const id of this.short) {
      const lit = this.literals[id];
      for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + 1)) {
        out.push({ start: i, end: i + lit.length, id });
      }
    }
  }

  /** Whether any literal occurs in `text` (what find would list something for, without listing). */
  test(text: string): boolean {
    if (this.size === 0) return false;
    if (this.scan(text, null, false)) return true;
    if (this.shortMatcher) return this.shortMatcher.test(text);
    for (const id of this.short) if (text.includes(this.literals[id])) return true;
    return false;
  }

  /**
   * The literals of the window's length or longer, found left to right: with `all`, every
   * occurrence; else the longest at each position, the scan going on after it (what find keeps when
   * nothing shorter matched). With `out` null: true at the first.
   */
  private scan(text: string, out: LiteralMatch[] | null, all: boolean): boolean {
    const { m, shift, head, next, literals } = this;
    const n = text.length;
    let pos = m - 1;
    while (pos < n) {
      const h = this.hashAt(text, pos);
      const s = shift[h];
      if (s !== 0) {
        pos += s;
        continue;
      }
      const start = pos - m + 1;
      let end = -1;
      const first = head[h];
      if (first < -1) {
        // A long chain: the text at `start` at each of its literals' lengths, longest first.
        const { lengths, from, to } = this.longChains[-2 - first];
        const ids = this.chainIds;
        for (const len of lengths) {
          if (start + len > n) continue;
          const key = text.slice(start, start + len);
          let lo = from;
          for (let hi = to; lo < hi;) {
            const mid = (lo + hi) >>> 1;
            if (literals[ids[mid]] < key) lo = mid + 1;
            else hi = mid;
          }
          if (lo === to || literals[ids[lo]] !== key) continue;
          if (!out) return true;
          end = start + len;
          do out.push({ start, end, id: ids[lo++] });
          while (all && lo < to && literals[ids[lo]] === key);
          if (!all) break;
        }
      } else {
        for (let id = first; id >= 0; id = next[id]) {
          if (!text.startsWith(literals[id], start)) continue;
          if (!out) return true;
          end = start + literals[id].length;
          out.push({ start, end, id });
          if (!all) break;
        }
      }
      pos = end >= 0 && !all ? end + m - 1 : pos + 1;
    }
    return false;
  }
}
