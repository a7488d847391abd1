/**
 * Whether a pack weakens what the built-in rules protect (issue 17): `keep` on names the built-ins
 * redact (or on `*`), or a rule that takes the place of a built-in one and switches it off, turns it
 * into `keep`, or makes it match less. Such a pack is marked "weakens protection" and a team pack
 * is refused unless a trusted key signed it (a stranger's "paste this team URL" is the attack).
 * Reasons are plain words for the options page and popup.
 */
import { endsWithWord, normalizeName } from '../redact/names';
import { builtinPack } from './builtin';
import type { Rule, RulePack } from './types';

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.every((x) => b.map(normalizeName).includes(normalizeName(x)));

interface Protected {
  exact: Set<string>;
  contains: string[];
  /** Last words (see endsWithWord). */
  endings: string[];
  /** Names the built-ins themselves keep (`:authority`, `token_type`): keeping them again is no loss. */
  kept: Set<string>;
}

/** Names (normalised) the built-in pack redacts or removes by name, and its substrings. */
function protectedNames(base: RulePack): Protected {
  const p: Protected = { exact: new Set(), contains: [], endings: [], kept: new Set() };
  for (const r of base.rules) {
    if (r.target === 'value' || r.enabled === false) continue;
    if (r.action === 'keep') {
      for (const n of r.names ?? []) p.kept.add(normalizeName(n));
      continue;
    }
    for (const n of r.names ?? []) if (n !== '*') p.exact.add(normalizeName(n));
    for (const n of r.nameContains ?? []) p.contains.push(normalizeName(n));
    for (const n of r.nameEndsWith ?? []) p.endings.push(normalizeName(n));
  }
  return p;
}

function keepsProtected(rule: Rule, prot: Protected): string | null {
  const names = rule.names ?? [];
  if (names.includes('*')) return `keeps every ${rule.target} name`;
  const hit = names.find((n) => {
    const k = normalizeName(n);
    return (
      !prot.kept.has(k) &&
      (prot.exact.has(k) ||
        prot.contains.some((c) => k.includes(c)) ||
        prot.endings.some((e) => endsWithWord(n, e)))
    );
  });
  if (hit) return `keeps "${hit}", which the built-in rules redact`;
  const sub = (rule.nameContains ?? []).find((n) => {
    const k = normalizeName(n);
    return (
      [...prot.exact].some((p) => p.includes(k)) || prot.contains.some((c) => c.includes(k) || k.includes(c))
    );
  });
  if (sub) return `keeps names containing "${sub}", which the built-in rules redact`;
  // A kept ending the built-ins redact, or one that ends names they redact.
  const end = (rule.nameEndsWith ?? []).find((n) => {
    const k = normalizeName(n);
    return (
      prot.endings.includes(k) ||
      [...prot.exact].some((p) => p.endsWith(k)) ||
      prot.contains.some((c) => k.includes(c))
    );
  });
  return end ? `keeps names ending in "${end}", which the built-in rules redact` : null;
}

function narrows(rule: Rule, base: Rule): string | null {
  if (rule.enabled === false) return `switches off built-in rule ${base.id}`;
  if (rule.action === 'keep') return `turns built-in rule ${base.id} into keep`;
  if (
    rule.target !== base.target ||
    rule.detector !== base.detector ||
    rule.pattern !== base.pattern ||
    !sameSet(base.names, rule.names) ||
    !sameSet(base.nameContains, rule.nameContains) ||
    !sameSet(base.nameEndsWith, rule.nameEndsWith) ||
    (rule.scope && !base.scope)
  ) {
    return `replaces built-in rule ${base.id} with one that matches less`;
  }
  return null;
}

/** One line per weakening rule, `rule-id: reason`; empty when the pack only adds protection. */
export function weakeningsOf(pack: RulePack, base: RulePack = builtinPack): string[] {
  const prot = protectedNames(base);
  const byId = new Map(base.rules.map((r) => [r.id, r]));
  const out: string[] = [];
  for (const rule of pack.rules) {
    const builtin = byId.get(rule.id);
    // Replacing a built-in keep rule (e.g. more harmless names) is judged like any keep rule.
    const reason =
      builtin && builtin.action !== 'keep'
        ? builtin.enabled === false
          ? null // an opt-in built-in left off protects nothing today
          : narrows(rule, builtin)
        : rule.action === 'keep' && rule.enabled !== false
          ? keepsProtected(rule, prot)
          : null;
    if (reason) out.push(`${rule.id}: ${reason}`);
  }
  return out;
}
