/**
 * User and pack value patterns run in RE2 (re2js: pure JavaScript, no eval, fine under MV3's CSP),
 * whose matching time is linear in the input whatever the pattern: `(a|aa)*b` on a long header would
 * run for hours in V8's backtracking engine. Built-in detectors keep V8's RegExp (they are ours,
 * reviewed, and much faster there). RE2 has no lookaround and no backreferences: such patterns are
 * refused at validation (see regex-safety.ts).
 */
import { RE2JS } from 're2js';

export interface LinearPattern {
  /** Each non-empty match in `text`, left to right, as UTF-16 offsets [start, end). */
  forEachMatch(text: string, fn: (start: number, end: number) => void): void;
  /** Whether some match in `text` is empty (validation refuses such patterns). */
  matchesEmptyIn(text: string): boolean;
}

/** Compiles a JavaScript pattern source (no flags) for RE2. Throws a SyntaxError RE2 cannot run. */
export function compileLinearPattern(source: string): LinearPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (e) {
    throw new SyntaxError((e as Error).message.replace(/^error parsing regexp: /, ''));
  }
  return {
    forEachMatch(text, fn) {
      const m = re.matcher(text);
      while (m.find()) {
        const start = m.start();
        const end = m.end();
        if (end > start) fn(start, end);
      }
    },
    matchesEmptyIn(text) {
      const m = re.matcher(text);
      while (m.find()) if (m.end() === m.start()) return true;
      return false;
    },
  };
}
