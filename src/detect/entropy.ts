/** Per-call scratch for ASCII counts; non-ASCII characters go to a Map. */
const asciiCounts = new Int32Array(128);
const order: number[] = [];

/**
 * Shannon entropy in bits per character, as gitleaks computes it for its `entropy` thresholds.
 * The terms are summed in the order characters first occur, so the result is the same float as
 * summing over a Map's insertion order (thresholds are compared exactly).
 */
export function shannonEntropy(s: string): number {
  if (!s.length) return 0;
  let other: Map<number, number> | undefined;
  order.length = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (asciiCounts[c]++ === 0) order.push(c);
    } else {
      other ??= new Map();
      const n = other.get(c);
      if (n === undefined) order.push(c);
      other.set(c, (n ?? 0) + 1);
    }
  }
  let h = 0;
  for (let k = 0; k < order.length; k++) {
    const c = order[k];
    let n: number;
    if (c < 128) {
      n = asciiCounts[c];
      asciiCounts[c] = 0;
    } else n = (other as Map<number, number>).get(c) as number;
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
