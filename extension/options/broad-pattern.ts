/**
 * A custom value pattern that matches most of a sample would turn a file into placeholders: flag
 * it before it is saved. Coverage = characters inside matches / characters of the sample.
 */
export const BROAD_COVERAGE = 0.5;

export function patternCoverage(pattern: string, sample: string): number | null {
  if (!pattern || !sample) return null;
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gu');
  } catch {
    return null;
  }
  let covered = 0;
  let steps = 0;
  for (const m of sample.matchAll(re)) {
    covered += m[0].length;
    if (++steps > 100_000) break;
  }
  return covered / sample.length;
}

export const isTooBroad = (pattern: string, sample: string): boolean =>
  (patternCoverage(pattern, sample) ?? 0) > BROAD_COVERAGE;
