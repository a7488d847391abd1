import { compileLinearPattern } from './linear-pattern';
import type { LinearPattern } from './linear-pattern';

/**
 * Checks on user-supplied value patterns. They run on every string of a HAR (which may hold hundreds
 * of MB) in RE2 (linear-pattern.ts), so no pattern can backtrack; what RE2 cannot run (lookaround,
 * backreferences) and what would match the empty string are refused here (docs/rule-packs.md).
 */

export const MAX_PATTERN_LENGTH = 1000;

/** The error for a pattern, or null when it passes every check. */
export function patternProblem(source: string): string | null {
  if (source.length === 0) return 'pattern must not be empty';
  if (source.length > MAX_PATTERN_LENGTH) {
    return `pattern is ${source.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`;
  }
  // Still a JavaScript pattern source (what the format promises), though it never runs in V8.
  try {
    new RegExp(source, 'gu');
  } catch (e) {
    return `pattern does not compile with flags "gu": ${(e as Error).message}`;
  }
  let re: LinearPattern;
  try {
    re = compileLinearPattern(source);
  } catch (e) {
    return `pattern cannot run in the linear-time engine (RE2: no lookaround, no backreferences): ${(e as Error).message}`;
  }
  if (EMPTY_PROBES.some((probe) => re.matchesEmptyIn(probe))) return 'pattern can match the empty string';
  return null;
}

// Probes: the empty string and a few short strings with word, space and punctuation characters.
// An empty match at any position (e.g. `a*`, `\b`, `^`) is caught here; an empty-capable branch that
// the probes do not reach is not: the engine still skips empty matches, this only rejects the obvious.
const EMPTY_PROBES = ['', 'a', 'A1', ' ', 'a b', 'x=1&y=2', '-_.:/', 'aaaaaaaa', '0123456789', 'é\n'];
