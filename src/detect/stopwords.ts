/**
 * gitleaks' stopwords: an allowlist hit when the lower-cased secret contains one. `generic-api-key`
 * has ~1,450 of them; one `includes` each per candidate secret was the vendor family's biggest cost
 * on JSON bodies. Here a word is looked up by its first three characters: each character that
 * starts a word maps to a 6-bit code, and the three codes at each position of the secret index a
 * table of the words starting there, so a check costs a table read per character.
 */
/** Fewer words than this are checked one by one (the table takes 512 KiB). */
const TABLE_FROM = 32;

export class StopwordSet {
  /** Words the table cannot hold (shorter than three, or an unusual character up front). */
  private readonly slow: string[] = [];
  /** ASCII character -> its code (1..63) when it occurs in a word's first three, else 0. */
  private readonly code = new Uint8Array(128);
  /** Three codes -> 1 + index into `lists`, or 0; empty for a few words (plain `includes` then). */
  private readonly table: Uint16Array;
  private readonly lists: string[][] = [];

  constructor(words: readonly string[]) {
    this.table = new Uint16Array(words.length >= TABLE_FROM ? 1 << 18 : 0);
    if (!this.table.length) {
      this.slow.push(...words);
      return;
    }
    let codes = 0;
    const codeOf = (c: number): number => {
      if (c >= 128) return 0;
      if (this.code[c] === 0 && codes < 63) this.code[c] = ++codes;
      return this.code[c];
    };
    for (const w of words) {
      const a = w.length >= 3 ? codeOf(w.charCodeAt(0)) : 0;
      const b = a ? codeOf(w.charCodeAt(1)) : 0;
      const c = b ? codeOf(w.charCodeAt(2)) : 0;
      if (c === 0 || this.lists.length >= 0xffff) {
        this.slow.push(w);
        continue;
      }
      const slot = (a << 12) | (b << 6) | c;
      if (this.table[slot] === 0) this.table[slot] = this.lists.push([]);
      this.lists[this.table[slot] - 1].push(w);
    }
  }

  /** Whether `lower` (already lower-cased) contains one of the words. */
  matches(lower: string): boolean {
    for (const w of this.slow) if (lower.includes(w)) return true;
    const code = this.code;
    const table = this.table;
    const n = lower.length;
    if (n < 3 || !table.length) return false;
    // Codes of the two characters before position i + 2 (0: not a word's character there).
    let a = codeAt(code, lower, 0);
    let b = codeAt(code, lower, 1);
    for (let i = 0; i + 2 < n; i++) {
      const c = codeAt(code, lower, i + 2);
      if (a !== 0 && b !== 0 && c !== 0) {
        const l = table[(a << 12) | (b << 6) | c];
        if (l !== 0) for (const w of this.lists[l - 1]) if (lower.startsWith(w, i)) return true;
      }
      a = b;
      b = c;
    }
    return false;
  }
}

function codeAt(code: Uint8Array, s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? code[c] : 0;
}
