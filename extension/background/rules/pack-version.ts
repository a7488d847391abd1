/**
 * Rollback protection: a validly signed but older pack (replayed by a proxy or a stale mirror) must
 * not replace a newer one. Only dotted numeric versions (`2026.1.0`, `12`) are ordered; for any
 * other form there is no reliable order, so no check is made.
 */
const DOTTED = /^\d+(\.\d+)*$/;

/** Negative when a < b, 0 when equal, positive when a > b; undefined when either is not dotted numeric. */
export function compareVersions(a: string, b: string): number | undefined {
  if (!DOTTED.test(a) || !DOTTED.test(b)) return undefined;
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
