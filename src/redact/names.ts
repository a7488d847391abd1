import type { EffectiveRule, RuleSet, RuleTarget } from '../rules/types';

/** The words that end a label of a credential (`API key`, `Client secret`, `Temporary password`). */
export const LABEL_NAMES = 'password|passwort|passcode|passphrase|pin|secret|key|token';
/** A label of words that names a credential: by its last word (`API Key`; not `Token usage`). */
export const CREDENTIAL_LABEL = new RegExp(`\\s(?:${LABEL_NAMES})$`, 'i');

/** The last part of a nested form name: `cvc` in `card[cvc]` or `payment.card.cvc`. */
const NESTED_TAIL = /[[.]([^[\].]+)\]?$/;

/** The rules naming `name` exactly, or its last part when it is nested (`card[cvc]`, `user.otp`). */
function exactRules(exact: Map<string, EffectiveRule[]>, name: string): EffectiveRule[] {
  const own = exact.get(normalizeName(name)) ?? [];
  const tail = NESTED_TAIL.exec(name);
  const last = tail ? (exact.get(normalizeName(tail[1])) ?? []) : [];
  return last.length === 0 ? own : [...own, ...last.filter((r) => !own.includes(r))];
}

/** A named location family: where a name stands. */
export type NameKind = Exclude<RuleTarget, 'name' | 'value'>;

export interface NameDecision {
  rule: EffectiveRule;
  action: 'redact' | 'remove';
  /**
   * Whether the name was matched by a broad rule only (a substring, `*`, an identity or cookie
   * group): such values stay when they cannot be credentials (`Arr-Disable-Session-Affinity: true`).
   */
  broad: boolean;
}

/** Lower-case and drop separators, so `X-Api-Key`, `api_key` and `apiKey` compare equal. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.\s[\]]/g, '');
}

interface Compiled {
  exact: Map<string, EffectiveRule[]>;
  contains: { needle: string; rule: EffectiveRule }[];
  endsWith: { ending: string; rule: EffectiveRule }[];
  wildcard: EffectiveRule[];
}

/**
 * Whether `name` ends with the word `ending` (lower case, without separators) after a separator:
 * `DB_PASS`, `ansible_become_pass`, `ADMIN-PW`; not `compass`, `bypass`, nor camelCase
 * (`boardingPass`, `renderPass` name objects of other things). The whole name counts too.
 */
export function endsWithWord(name: string, ending: string): boolean {
  const trimmed = name.replace(/[-_.\s[\]]+$/, '');
  const at = trimmed.length - ending.length;
  if (at < 0 || trimmed.slice(at).toLowerCase() !== ending) return false;
  return at === 0 || /[-_.\s[]/.test(trimmed[at - 1]);
}

function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host === p.slice(2) || host.endsWith(p.slice(1));
  return host === p;
}

export function scopeMatches(rule: EffectiveRule, host: string, path: string): boolean {
  const s = rule.scope;
  if (!s) return true;
  if (s.hosts?.length && !s.hosts.some((h) => hostMatches(host.toLowerCase(), h))) return false;
  if (s.paths?.length && !s.paths.some((p) => path.startsWith(p))) return false;
  return true;
}

/**
 * Decides, for a name at a location, which name rule applies. Names are compared literally
 * (case-insensitive); nothing from a rule ever becomes a regex here.
 */
export class NameRules {
  private readonly byKind = new Map<NameKind, Compiled>();
  /** Candidate rules by kind, then by name as written (the normalisation is done once per name). */
  private readonly cache = new Map<NameKind, Map<string, EffectiveRule[]>>();
  /** Without scoped rules a decision depends on the kind and name alone: remembered, shared (read only). */
  private readonly decisions = new Map<NameKind, Map<string, NameDecision | null>>();
  private cacheSize = 0;
  /** Whether a rule applies to some hosts or paths only (decisions then depend on where). */
  readonly hasScoped: boolean;

  constructor(ruleSet: RuleSet, disabled: ReadonlySet<string>) {
    const active = ruleSet.rules.filter(
      (r) => r.target !== 'value' && (r.locked || (r.enabled !== false && !disabled.has(r.id))),
    );
    this.hasScoped = active.some((r) => r.scope);
    for (const kind of ['header', 'cookie', 'query', 'field'] as NameKind[]) {
      const c: Compiled = { exact: new Map(), contains: [], endsWith: [], wildcard: [] };
      for (const rule of active) {
        if (rule.target !== kind && rule.target !== 'name') continue;
        for (const n of rule.names ?? []) {
          if (n === '*') {
            c.wildcard.push(rule);
            continue;
          }
          // `access_token`, `accessToken` and `Access-Token` are one name to a rule.
          const key = normalizeName(n);
          const list = c.exact.get(key);
          if (list) list.push(rule);
          else c.exact.set(key, [rule]);
        }
        for (const n of rule.nameContains ?? []) c.contains.push({ needle: normalizeName(n), rule });
        for (const n of rule.nameEndsWith ?? []) c.endsWith.push({ ending: normalizeName(n), rule });
      }
      this.byKind.set(kind, c);
      this.cache.set(kind, new Map());
      this.decisions.set(kind, new Map());
    }
  }

  /** Bounds the memory of both caches (a HAR may hold millions of distinct names). */
  private remembered(): void {
    if (++this.cacheSize <= 50_000) return;
    for (const m of this.cache.values()) m.clear();
    for (const m of this.decisions.values()) m.clear();
    this.cacheSize = 1;
  }

  private candidates(kind: NameKind, name: string): EffectiveRule[] {
    const cache = this.cache.get(kind)!;
    let hit = cache.get(name);
    if (hit) return hit;
    const c = this.byKind.get(kind)!;
    const norm = normalizeName(name);
    hit = [...c.wildcard, ...exactRules(c.exact, name)];
    if (c.contains.length) {
      for (const { needle, rule } of c.contains) if (needle && norm.includes(needle)) hit.push(rule);
    }
    for (const { ending, rule } of c.endsWith) {
      if (ending && !hit.includes(rule) && endsWithWord(name, ending)) hit.push(rule);
    }
    this.remembered();
    cache.set(name, hit);
    return hit;
  }

  /** The rule that redacts or removes this name here, or null when the name may stay. */
  decide(kind: NameKind, name: string, host = '', path = ''): NameDecision | null {
    if (this.hasScoped) return this.resolve(kind, name, this.candidates(kind, name), host, path);
    const decisions = this.decisions.get(kind)!;
    let d = decisions.get(name);
    if (d === undefined) {
      d = this.resolve(kind, name, this.candidates(kind, name), host, path);
      this.remembered();
      decisions.set(name, d);
    }
    return d;
  }

  private resolve(
    kind: NameKind,
    name: string,
    candidates: EffectiveRule[],
    host: string,
    path: string,
  ): NameDecision | null {
    let rules = candidates;
    if (rules.length === 0) return null;
    if (this.hasScoped) rules = rules.filter((r) => scopeMatches(r, host, path));
    let keep: EffectiveRule | undefined;
    let act: EffectiveRule | undefined;
    for (const r of rules) {
      if (r.action === 'keep') {
        keep ??= r;
        continue;
      }
      // A locked redacting rule beats any keep; among redacting rules, a locked one and `remove` win.
      if (
        !act ||
        (r.locked && !act.locked) ||
        (r.action === 'remove' && act.action !== 'remove' && !act.locked)
      )
        act = r;
    }
    if (!act) return null;
    if (keep && !act.locked) return null;
    const exact = exactRules(this.byKind.get(kind)!.exact, name).includes(act);
    const broad = !exact || act.group === 'cookies' || act.group === 'identity';
    return { rule: act, action: act.action as 'redact' | 'remove', broad };
  }
}
