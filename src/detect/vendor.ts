import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES } from './generated/gitleaks';
import { NONE } from './empty';
import { shannonEntropy } from './entropy';
import { isHarmlessGenericValue } from './generic-key-filter';
import { findKeywords, keywordId } from './keywords';
import type { Detection, DetectContext, DetectorFamily } from './types';
import type { GitleaksAllowlist, GitleaksRule } from './vendor-rule';

export const VENDOR_PREFIX = 'gitleaks:';

/** Keyword id (shared with the other families' words) -> the rules it enables. */
const keywordRules: number[][] = [];
GITLEAKS_RULES.forEach((rule, r) => {
  for (const kw of rule.keywords) (keywordRules[keywordId(kw)] ??= []).push(r);
});
const ruleIds = GITLEAKS_RULES.map((r) => VENDOR_PREFIX + r.id);
const keywordless = GITLEAKS_RULES.flatMap((r, i) => (r.keywords.length ? [] : [i]));
// The catch-all rule runs last, so a specific rule names a span they both find.
const GENERIC = GITLEAKS_RULES.findIndex((r) => r.id === 'generic-api-key');
const runOrder = (a: number, b: number) => (a === GENERIC ? 1 : 0) - (b === GENERIC ? 1 : 0) || a - b;
const WORD = /[\w.-]/;

function allowed(al: GitleaksAllowlist, secret: string, match: string, line: () => string): boolean {
  if (al.regexes.length) {
    const target = al.target === 'match' ? match : al.target === 'line' ? line() : secret;
    for (const re of al.regexes) if (re.test(target)) return true;
  }
  if (al.stopwords.length) {
    const lower = secret.toLowerCase();
    for (const w of al.stopwords) if (lower.includes(w)) return true;
  }
  return false;
}

function runRule(
  rule: GitleaksRule,
  detector: string,
  text: string,
  ctx: DetectContext,
  out: Detection[],
): void {
  const re = rule.re;
  re.lastIndex = 0;
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const mStart = m.index;
    const mEnd = mStart + m[0].length;
    if (mEnd === mStart) re.lastIndex++;
    let g = rule.secretGroup;
    if (g === 0) {
      for (let k = 1; k < m.length; k++) {
        if (m[k]) {
          g = k;
          break;
        }
      }
    }
    const secret = m[g];
    const span = g === 0 ? [mStart, mEnd] : m.indices?.[g];
    const from = prevEnd;
    prevEnd = mEnd;
    if (!secret || !span) continue;
    if (rule.entropy > 0) {
      if (shannonEntropy(secret) <= rule.entropy) continue;
      // gitleaks: generic rules also need a digit (Go's RE2 has no lookahead to say so).
      if (rule.id.startsWith('generic') && !/\d/.test(secret)) continue;
    }
    let start = mStart;
    // Put back the identifier prefix the generator dropped, as gitleaks' match would hold it.
    if (rule.prefixStripped) {
      const stop = Math.max(from, mStart - 50);
      while (start > stop && WORD.test(text[start - 1])) start--;
    }
    const match = text.slice(start, mEnd);
    const line = () => {
      const a = text.lastIndexOf('\n', mStart - 1) + 1;
      const b = text.indexOf('\n', mEnd);
      return text.slice(a, b < 0 ? text.length : b);
    };
    if (GITLEAKS_GLOBAL_ALLOWLIST && allowed(GITLEAKS_GLOBAL_ALLOWLIST, secret, match, line)) continue;
    if (rule.allowlists.some((al) => allowed(al, secret, match, line))) continue;
    if (rule.id === 'generic-api-key' && isHarmlessGenericValue(secret, match, ctx.key)) continue;
    out.push({ start: span[0], end: span[1], detector, label: rule.id });
  }
  re.lastIndex = 0;
}

/** Vendor token formats from gitleaks' rule set; labels are gitleaks rule ids. */
export const vendorFamily: DetectorFamily = {
  id: 'vendor',
  detectors: ruleIds,
  detect(text: string, ctx: DetectContext, enabled?: (id: string) => boolean): Detection[] {
    const hits = findKeywords(text);
    if (hits === undefined && keywordless.length === 0) return NONE;
    const run = new Set<number>(keywordless);
    if (hits) for (const k of hits) for (const r of keywordRules[k] ?? []) run.add(r);
    let out: Detection[] | undefined;
    for (const r of [...run].sort(runOrder)) {
      const detector = ruleIds[r];
      if (enabled && !enabled(detector)) continue;
      out ??= [];
      runRule(GITLEAKS_RULES[r], detector, text, ctx, out);
    }
    return out && out.length ? out : NONE;
  },
};
