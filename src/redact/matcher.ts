/**
 * Finds many literal strings at once in long text (propagation of found secrets). A regex alternation
 * costs time proportional to the number of literals at every position; this rolling-hash scan over a
 * fixed window is one pass whatever the number of literals, and verifies only on hash hits.
 */

export interface LiteralMatch {
  start: number;
  end: number;
  /** Index of the literal in the list given to the constructor. */
  id: number;
}

const BASE = 0x01000193;

export class MultiLiteralMatcher {
  private readonly window: number;
  private readonly pow: number;
  private readonly bits: Uint32Array;
  private readonly byHash = new Map<number, number[]>();
  readonly size: number;

  constructor(private readonly literals: readonly string[]) {
    this.size = literals.length;
    let min = Infinity;
    for (const l of literals) min = Math.min(min, l.length);
    this.window = Math.max(1, Math.min(12, min === Infinity ? 1 : min));
    let pow = 1;
    for (let i = 0; i < this.window - 1; i++) pow = Math.imul(pow, BASE);
    this.pow = pow;
    this.bits = new Uint32Array(1 << 15); // 2^20 bits
    literals.forEach((lit, id) => {
      let h = 0;
      for (let i = 0; i < this.window; i++) h = (Math.imul(h, BASE) + lit.charCodeAt(i)) | 0;
      this.bits[(h >>> 12) & 0x7fff] |= 1 << ((h >>> 7) & 31);
      const list = this.byHash.get(h);
      if (list) list.push(id);
      else this.byHash.set(h, [id]);
    });
    // Longest first, so the longest literal wins at one position.
    for (const list of this.byHash.values()) list.sort((a, b) => literals[b].length - literals[a].length);
  }

  /** Non-overlapping matches, left to right, longest at each position. */
  find(text: string): LiteralMatch[] {
    const out: LiteralMatch[] = [];
    const w = this.window;
    if (this.size === 0 || text.length < w) return out;
    const { bits, pow, byHash, literals } = this;
    let h = 0;
    for (let i = 0; i < w; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
    let i = 0;
    const last = text.length - w;
    for (;;) {
      if (bits[(h >>> 12) & 0x7fff] & (1 << ((h >>> 7) & 31))) {
        const ids = byHash.get(h);
        if (ids) {
          let hit = -1;
          for (const id of ids) {
            if (text.startsWith(literals[id], i)) {
              hit = id;
              break;
            }
          }
          if (hit >= 0) {
            const end = i + literals[hit].length;
            out.push({ start: i, end, id: hit });
            if (end > last) break;
            // Restart the rolling hash after the match.
            i = end;
            h = 0;
            for (let j = 0; j < w; j++) h = (Math.imul(h, BASE) + text.charCodeAt(i + j)) | 0;
            continue;
          }
        }
      }
      if (i >= last) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), pow), BASE) + text.charCodeAt(i + w)) | 0;
      i++;
    }
    return out;
  }
}
