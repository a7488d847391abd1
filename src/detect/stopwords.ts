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

  /**
   * Whether `lower` (already lower-cased) contains one of the words. With `original` (the text
   * `lower` was made from) in both cases, a word of three or four letters counts only where it
   * reads as one (see readsAsWord): a random key of mixed case holds one of those hundreds of short
   * words about once in fifty (`vUasJ64KeO8fOfTZxNy2vUSEr…` holds `user`), which let it through.
   * Longer words turn up by chance in one key in thousands or fewer: they count anywhere
   * (`QRHNTtrLRmexampleBLcL6uCYp3` is a documentation's sample).
   */
  matches(lower: string, original?: string): boolean {
    const mixed = original !== undefined && original !== lower && original.toUpperCase() !== original;
    const hit = (w: string, i: number) => !mixed || w.length > 4 || readsAsWord(original, i, w.length);
    for (const w of this.slow) {
      for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + 1)) if (hit(w, i)) return true;
    }
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
        if (l !== 0) for (const w of this.lists[l - 1]) if (lower.startsWith(w, i) && hit(w, i)) return true;
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

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;

/**
 * Whether `s[i, i + n)` reads as a word in a text of mixed case: written as words are (`user`,
 * `User`, `USER`, not `USEr`) and standing where a word can (at either end, after a non-letter,
 * or a capital after a lower-case letter as camelCase has it; a lower-case word glued to a letter
 * inside the text does not).
 */
function readsAsWord(s: string, i: number, n: number): boolean {
  let upper = 0;
  let lower = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k);
    if (isUpper(c)) upper++;
    else if (isLower(c)) lower++;
  }
  const capital = isUpper(s.charCodeAt(i));
  if (upper > 0 && lower > 0 && !(capital && upper === 1)) return false;
  // At either end a word was put there (`…kT9wdemo`).
  if (i === 0 || i + n === s.length) return true;
  const prev = s.charCodeAt(i - 1);
  if (!isUpper(prev) && !isLower(prev)) return true;
  return capital && lower > 0 && isLower(prev);
}
