/**
 * Finds which of many lower-case ASCII keywords occur in a text, case-insensitively, in one pass
 * and without lower-casing (or otherwise copying) the text: candidates are looked up by their
 * first two characters in a flat table. gitleaks runs a rule only when one of its keywords
 * occurs; with ~200 rules, one pass beats 300 `indexOf` scans over the same string. This loop
 * runs over every character of a HAR, so it is written for the JIT: typed arrays, locals, no calls.
 */
export class KeywordIndex {
  private readonly keywords: string[];
  /** For each pair (c1 * 128 + c2): start in `candidates`, or -1. */
  private readonly pairStart: Int32Array;
  private readonly pairCount: Uint8Array;
  private readonly candidates: Int32Array;
  /** Third character of each candidate (-1 when it has two): most attempts fail on it. */
  private readonly third: Int32Array;
  private readonly seen: Uint8Array;

  constructor(keywords: string[]) {
    this.keywords = keywords;
    this.seen = new Uint8Array(keywords.length);
    const byPair = new Map<number, number[]>();
    keywords.forEach((kw, k) => {
      if (kw.length < 2 || !/^[\x20-\x7e]+$/.test(kw) || kw !== kw.toLowerCase()) {
        throw new Error(`unsupported keyword ${kw}`);
      }
      const key = kw.charCodeAt(0) * 128 + kw.charCodeAt(1);
      byPair.set(key, [...(byPair.get(key) ?? []), k]);
    });
    this.pairStart = new Int32Array(128 * 128).fill(-1);
    this.pairCount = new Uint8Array(128 * 128);
    this.candidates = new Int32Array(keywords.length);
    this.third = new Int32Array(keywords.length);
    let at = 0;
    for (const [key, list] of byPair) {
      this.pairStart[key] = at;
      this.pairCount[key] = list.length;
      for (const k of list) {
        this.third[at] = keywords[k].length > 2 ? keywords[k].charCodeAt(2) : -1;
        this.candidates[at++] = k;
      }
    }
  }

  /** Indexes (into the constructor's list) of the keywords found; `undefined` when none. */
  find(text: string): number[] | undefined {
    const n = text.length;
    if (n < 2) return undefined;
    const pairStart = this.pairStart;
    const pairCount = this.pairCount;
    const candidates = this.candidates;
    const third = this.third;
    const seen = this.seen;
    const keywords = this.keywords;
    let found: number[] | undefined;
    let c1 = text.charCodeAt(0);
    if (c1 >= 65 && c1 <= 90) c1 += 32;
    for (let i = 0; i < n - 1; i++) {
      let c2 = text.charCodeAt(i + 1);
      if (c2 >= 65 && c2 <= 90) c2 += 32;
      if (c1 < 128 && c2 < 128) {
        const start = pairStart[(c1 << 7) | c2];
        if (start >= 0) {
          const end = start + pairCount[(c1 << 7) | c2];
          let c3 = i + 2 < n ? text.charCodeAt(i + 2) : -2;
          if (c3 >= 65 && c3 <= 90) c3 += 32;
          for (let p = start; p < end; p++) {
            const t = third[p];
            if (t !== -1 && t !== c3) continue;
            const k = candidates[p];
            if (seen[k] !== 0) continue;
            const kw = keywords[k];
            const len = kw.length;
            if (i + len > n) continue;
            let j = len < 3 ? len : 3;
            for (; j < len; j++) {
              let c = text.charCodeAt(i + j);
              if (c >= 65 && c <= 90) c += 32;
              if (c !== kw.charCodeAt(j)) break;
            }
            if (j === len) {
              seen[k] = 1;
              (found ??= []).push(k);
            }
          }
        }
      }
      c1 = c2;
    }
    if (found) for (const k of found) seen[k] = 0;
    return found;
  }
}
