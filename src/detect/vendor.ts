import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES } from './generated/gitleaks';
import { NONE } from './empty';
import { shannonEntropy } from './entropy';
import { isHarmlessGenericValue } from './generic-key-filter';
import type { KeywordPositions } from './keyword-index';
import { findKeywords, keywordId, keywordPositions, trackedKeywordId } from './keywords';
import { StopwordSet } from './stopwords';
import type { Detection, DetectContext, DetectorFamily } from './types';
import type { GitleaksAllowlist, GitleaksRule } from './vendor-rule';

export const VENDOR_PREFIX = 'gitleaks:';

/**
 * A rule's checks on a candidate, all of them pure: a candidate is reported when none holds, so
 * they run cheapest first (gitleaks' order does not change the outcome).
 */
interface RuleChecks {
  /** Regexes on the secret (global allowlist first, then the rule's). */
  secret: Regexes;
  stopwords: StopwordSet[];
  match: Regexes;
  line: Regexes;
}

/** Allowlist regexes on one target: any of them matching allows the candidate. */
interface Regexes {
  plain: RegExp[];
  /** Each tried only when the lower-cased target contains one of its literals (see the generator). */
  guarded: { literals: string[]; re: RegExp }[];
}

const noRegexes = (): Regexes => ({ plain: [], guarded: [] });
/** Whether a line check is worth finding the line for. */
const hasRegexes = (r: Regexes) => r.plain.length > 0 || r.guarded.length > 0;

interface Rule {
  rule: GitleaksRule;
  detector: string;
  /** Keyword ids (see keywords.ts) -> 1 when this rule has the keyword. */
  keywordMask: Uint8Array;
  /** For a keyword-anchored rule: its regex, sticky (made on first use). */
  sticky: RegExp | undefined;
  generic: boolean;
  /** gitleaks: generic rules also need a digit (Go's RE2 has no lookahead to say so). */
  needsDigit: boolean;
  checks: RuleChecks;
  /** What a match names when it is not the rule's secret (see OTHER_THING). */
  otherThing: RegExp | undefined;
}

/**
 * Matches of a rule whose name says the value is something else's: a Discord snowflake under a
 * guild's, a channel's, a user's or a message's name (`discord_guild_id`) is that object's id, not
 * the app's client id the rule looks for.
 */
const OTHER_THING: Record<string, RegExp> = {
  'discord-client-id':
    /^[\w.-]{0,50}?discord[\w.-]{0,20}?(?:guild|channel|user|member|message|role|server|thread|emoji)/i,
};

/** One set per allowlist: the global one's words are shared by every rule. */
const stopwordSets = new Map<GitleaksAllowlist, StopwordSet>();

function checksOf(rule: GitleaksRule): RuleChecks {
  const checks: RuleChecks = { secret: noRegexes(), stopwords: [], match: noRegexes(), line: noRegexes() };
  const lists = GITLEAKS_GLOBAL_ALLOWLIST ? [GITLEAKS_GLOBAL_ALLOWLIST, ...rule.allowlists] : rule.allowlists;
  for (const al of lists) {
    const into = al.target === 'match' ? checks.match : al.target === 'line' ? checks.line : checks.secret;
    into.plain.push(...al.regexes);
    into.guarded.push(...al.guarded);
    if (al.stopwords.length) {
      let set = stopwordSets.get(al);
      if (!set) stopwordSets.set(al, (set = new StopwordSet(al.stopwords)));
      checks.stopwords.push(set);
    }
  }
  return checks;
}

/**
 * Keyword-anchored rules (every match starts with one of their keywords; the generator proves it)
 * have their keywords' positions tracked by the shared keyword pass.
 */
const ruleKeywordIds = GITLEAKS_RULES.map((rule) =>
  rule.keywords.map((kw) => (rule.keywordAnchored ? trackedKeywordId(kw) : keywordId(kw))),
);
const maskSize = Math.max(0, ...ruleKeywordIds.flat()) + 1;

const rules: Rule[] = GITLEAKS_RULES.map((rule, r) => ({
  rule,
  detector: VENDOR_PREFIX + rule.id,
  keywordMask: Uint8Array.from({ length: maskSize }, (_, k) => (ruleKeywordIds[r].includes(k) ? 1 : 0)),
  sticky: undefined,
  generic: rule.id === 'generic-api-key',
  needsDigit: rule.entropy > 0 && rule.id.startsWith('generic'),
  checks: checksOf(rule),
  otherThing: OTHER_THING[rule.id],
}));

/** Keyword id (shared with the other families' words) -> the rules it enables. */
const keywordRules: number[][] = [];
ruleKeywordIds.forEach((ids, r) => {
  for (const k of ids) (keywordRules[k] ??= []).push(r);
});
const ruleIds = rules.map((r) => r.detector);
const keywordless = GITLEAKS_RULES.flatMap((r, i) => (r.keywords.length ? [] : [i]));
// The catch-all rule runs last, so a specific rule names a span they both find.
const GENERIC = GITLEAKS_RULES.findIndex((r) => r.id === 'generic-api-key');
const runOrder = (a: number, b: number) => (a === GENERIC ? 1 : 0) - (b === GENERIC ? 1 : 0) || a - b;
/** Characters of `[\w.-]` (the identifier prefix the generator dropped). */
const isWordChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
const DIGIT = /\d/;

/** Characters a token goes on with past a rule's span (`/` only for tokens that hold one). */
function tokenChar(c: number, slash: boolean): boolean {
  return isWordChar(c) || c === 43 || c === 61 || c === 126 || (slash && c === 47);
}
const TOKEN_REACH = 256;

/**
 * The whole token around a rule's span: a rule's regex may stop inside a token (a Slack legacy
 * token's tail after a dash, a base64-wrapped JWT's last piece), and what is left beside a
 * placeholder is still the secret's. Left of the span `=` ends the token (`name=`); a token never
 * ends in `.` (a sentence's end).
 */
export function wholeTokenSpan(text: string, start: number, end: number): [number, number] {
  const span = text.slice(start, end);
  const slash = span.includes('/') || span.includes('+');
  let s = start;
  while (s > 0 && start - s < TOKEN_REACH) {
    const c = text.charCodeAt(s - 1);
    if (c === 61 || !tokenChar(c, slash)) break;
    s--;
  }
  let e = end;
  while (e < text.length && e - end < TOKEN_REACH && tokenChar(text.charCodeAt(e), slash)) e++;
  while (e > end && text.charCodeAt(e - 1) === 46) e--;
  while (s < start && text.charCodeAt(s) === 46) s++;
  return [s, e];
}

/** Whether one of the rule's keywords stands at `at` (ASCII case-insensitively, as keywords are). */
function startsWithKeyword(rule: GitleaksRule, text: string, at: number): boolean {
  for (const k of rule.keywords) {
    if (text.length - at >= k.length && text.slice(at, at + k.length).toLowerCase() === k.toLowerCase())
      return true;
  }
  return false;
}

function anyTest(res: Regexes, s: string): boolean {
  const plain = res.plain;
  for (let i = 0; i < plain.length; i++) if (plain[i].test(s)) return true;
  if (res.guarded.length === 0) return false;
  const lower = s.toLowerCase();
  for (const g of res.guarded) {
    if (g.literals.some((l) => lower.includes(l)) && g.re.test(s)) return true;
  }
  return false;
}

/**
 * The line around each match, for line allowlists: matches come in text order, so the newlines
 * are found with forward cursors (no scan back to the start of a long one-line body per match),
 * and the line checks' answer is kept while the line stays the same.
 */
class Lines {
  /** Last newline before the latest start asked for (-1: none). */
  private lastNl = -1;
  /** First newline at or after `lastNl + 1` (-1: none; `undefined`: not searched yet). */
  private nextNl: number | undefined;
  private memoStart = -1;
  private memoEnd = -1;
  private memo = false;

  constructor(private readonly text: string) {}

  /** Whether a regex of `res` finds something in the line holding [start, end). */
  test(res: Regexes, start: number, end: number): boolean {
    const text = this.text;
    // Start of the line: after the last newline before `start`.
    for (;;) {
      if (this.nextNl === undefined) this.nextNl = text.indexOf('\n', this.lastNl + 1);
      if (this.nextNl < 0 || this.nextNl >= start) break;
      this.lastNl = this.nextNl;
      this.nextNl = undefined;
    }
    // (As `lastIndexOf('\n', start - 1)` would: at 0 it looks at the first character.)
    const a = start === 0 && text.charCodeAt(0) === 10 ? 1 : this.lastNl + 1;
    const next = this.nextNl as number;
    const b = next >= end ? next : next < 0 ? -1 : text.indexOf('\n', end);
    const e = b < 0 ? text.length : b;
    if (a !== this.memoStart || e !== this.memoEnd) {
      this.memoStart = a;
      this.memoEnd = e;
      this.memo = anyTest(res, text.slice(a, e));
    }
    return this.memo;
  }
}

/** Test hook: `false` scans every rule over the whole text, as gitleaks does. */
export const vendorScan = { anchored: true };

/**
 * The next match of a keyword-anchored rule at or after `from`: its sticky regex tried at each
 * keyword position from there, in order. A match can only start at such a position, and the
 * sticky regex finds there just what the global one would (both see the whole text), so this is
 * the global regex's next match. Advances `state.next` over the positions it used.
 */
function nextAnchored(
  info: Rule,
  text: string,
  pos: KeywordPositions,
  state: { next: number },
  from: number,
): RegExpExecArray | null {
  const sticky = (info.sticky ??= new RegExp(info.rule.re.source, info.rule.re.flags.replace('g', 'y')));
  const mask = info.keywordMask;
  let tried = -1;
  while (state.next < pos.count) {
    const j = state.next++;
    const at = pos.at[j];
    const k = pos.keyword[j];
    if (at < from || at === tried || k >= mask.length || mask[k] === 0) continue;
    tried = at;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m !== null) return m;
  }
  return null;
}

function runRule(
  info: Rule,
  text: string,
  ctx: DetectContext,
  out: Detection[],
  pos: KeywordPositions | undefined,
): void {
  const rule = info.rule;
  const checks = info.checks;
  const re = rule.re;
  const anchored = pos !== undefined && rule.keywordAnchored;
  const state = { next: 0 };
  let lines: Lines | undefined;
  re.lastIndex = 0;
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = anchored ? nextAnchored(info, text, pos, state, prevEnd) : re.exec(text)) !== null) {
    const mStart = m.index;
    const mEnd = mStart + m[0].length;
    // (Anchored matches are never empty: they start with a keyword.)
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
    const span = g === 0 ? undefined : m.indices?.[g];
    const from = prevEnd;
    prevEnd = mEnd;
    if (!secret || (g !== 0 && !span)) continue;
    if (rule.entropy > 0) {
      if (shannonEntropy(secret) <= rule.entropy) continue;
      if (info.needsDigit && !DIGIT.test(secret)) continue;
    }
    if (anyTest(checks.secret, secret)) continue;
    if (checks.stopwords.length) {
      const lower = secret.toLowerCase();
      if (checks.stopwords.some((s) => s.matches(lower, secret))) continue;
    }
    let start = mStart;
    // Put back the identifier prefix the generator dropped, as gitleaks' match would hold it.
    if (rule.prefixStripped) {
      const stop = Math.max(from, mStart - 50);
      while (start > stop && isWordChar(text.charCodeAt(start - 1))) start--;
    }
    const match = text.slice(start, mEnd);
    if (anyTest(checks.match, match)) continue;
    if (info.otherThing?.test(match)) continue;
    if (info.generic && isHarmlessGenericValue(secret, match, ctx.key)) continue;
    if (hasRegexes(checks.line) && (lines ??= new Lines(text)).test(checks.line, mStart, mEnd)) continue;
    const [ws0, we] = wholeTokenSpan(text, span ? span[0] : mStart, span ? span[1] : mEnd);
    // A match that begins at its keyword (`glc_…`) begins there: reached back over `/`, `.` and `-`,
    // a token in a URL's path took the host and path before it (`https:[REDACTED …]`).
    const ws = !rule.prefixStripped && startsWithKeyword(rule, text, mStart) ? Math.max(ws0, mStart) : ws0;
    out.push({
      start: ws,
      end: we,
      detector: info.detector,
      label: rule.id,
    });
  }
  re.lastIndex = 0;
}

/** A field name's rules (see rulesForKey), memoised per name (names repeat); emptied when full. */
const keyRuleMemo = new Map<string, number[]>();
/**
 * Rules a name before the value can help: `name = value` rules (their identifier prefix was
 * stripped) and those not proved to start with their keyword; not the catch-all, and not a token
 * that starts with its own prefix (the value alone has it, and it ran on the value).
 */
const needsName = GITLEAKS_RULES.map((r, i) => i !== GENERIC && (r.prefixStripped || !r.keywordAnchored));
const KEY_MEMO_MAX = 4096;
const KEYED_VALUE_MAX = 4096;

/**
 * The words a `name = value` rule wants before the value: its regex's leading group
 * (`(?:adafruit)`, `(?:lob)`), else its keywords. Lower-cased.
 */
function leadWords(rule: GitleaksRule): string[] {
  const m = /^\(\?:((?:[A-Za-z0-9_-]|\\[-.])+(?:\|(?:[A-Za-z0-9_-]|\\[-.])+)*)\)/.exec(rule.re.source);
  return m ? m[1].replace(/\\/g, '').toLowerCase().split('|') : rule.keywords;
}
const ruleLeadWords = GITLEAKS_RULES.map(leadWords);

function rulesForKey(key: string): number[] {
  let found = keyRuleMemo.get(key);
  if (found) return found;
  found = [];
  for (let r = 0; r < GITLEAKS_RULES.length; r++) {
    if (needsName[r] && ruleLeadWords[r].some((w) => key.includes(w))) found.push(r);
  }
  if (keyRuleMemo.size >= KEY_MEMO_MAX) keyRuleMemo.clear();
  keyRuleMemo.set(key, found);
  return found;
}

/**
 * The rules whose words the field's name holds run on `name = "value"`: a value under
 * `x-algolia-key` or `"adafruit_token"` stands without the text those rules need around it.
 * Their spans are mapped back into the value.
 */
function detectUnderKey(
  text: string,
  key: string,
  enabled: ((id: string) => boolean) | undefined,
  out: Detection[],
): void {
  const candidates = rulesForKey(key);
  if (candidates.length === 0) return;
  const prefix = `${key} = "`;
  const line = `${prefix}${text}"`;
  const found: Detection[] = [];
  for (const r of candidates)
    if (!enabled || enabled(ruleIds[r])) runRule(rules[r], line, { key }, found, undefined);
  for (const d of found) {
    const start = Math.max(0, d.start - prefix.length);
    const end = Math.min(text.length, d.end - prefix.length);
    if (end > start) out.push({ ...d, start, end });
  }
}

/** Vendor token formats from gitleaks' rule set; labels are gitleaks rule ids. */
export const vendorFamily: DetectorFamily = {
  id: 'vendor',
  detectors: ruleIds,
  detect(text: string, ctx: DetectContext, enabled?: (id: string) => boolean): Detection[] {
    const hits = findKeywords(text);
    const key = ctx.key && text.length <= KEYED_VALUE_MAX ? ctx.key.toLowerCase() : undefined;
    if (hits === undefined && keywordless.length === 0) {
      // No rule can run on the text itself (the common case): only the name's rules may.
      if (!key) return NONE;
      const out: Detection[] = [];
      detectUnderKey(text, key, enabled, out);
      return out.length ? out : NONE;
    }
    const pos = vendorScan.anchored ? keywordPositions(text) : undefined;
    const run = new Set<number>(keywordless);
    if (hits) for (const k of hits) for (const r of keywordRules[k] ?? []) run.add(r);
    let out: Detection[] | undefined;
    for (const r of [...run].sort(runOrder)) {
      const detector = ruleIds[r];
      if (enabled && !enabled(detector)) continue;
      out ??= [];
      runRule(rules[r], text, ctx, out, pos);
    }
    if (key) detectUnderKey(text, key, enabled, (out ??= []));
    return out && out.length ? out : NONE;
  },
};
