import type { EffectiveRule, PackInfo, RuleOrigin, RuleSet, RuleSource } from './types';

export interface MergeOptions {
  /** Rule ids the enterprise policy locks: they cannot be overridden by user or CLI sources, nor disabled. */
  lockedRuleIds?: string[];
  /** `false` (policy) drops every source of origin `user`. Default true. */
  allowUserRules?: boolean;
}

/** A later rule that was ignored because the rule it would have replaced is locked. */
export interface RuleConflict {
  ruleId: string;
  kept: RuleOrigin;
  keptPackId: string;
  ignored: RuleOrigin;
  ignoredPackId: string;
}

export interface MergedRuleSet extends RuleSet {
  conflicts: RuleConflict[];
  /** Packs left out entirely (user packs when allowUserRules is false). */
  droppedPacks: PackInfo[];
}

// lockedRuleIds are the policy's locks against people, not against the administrators' own sources:
// built-in, team and policy packs may still refine such a rule (the policy's inline pack is usually
// where the locked version comes from).
const ADMIN_ORIGINS: ReadonlySet<RuleOrigin> = new Set(['builtin', 'team', 'policy']);

/**
 * Merges rule sources in the order given (built-in, team, policy, user, cli). A locked rule always
 * wins; otherwise the later source wins. A rule is locked by its own `locked: true` or, against user
 * and CLI sources, by `lockedRuleIds`. Every rule ignored because of a lock is listed in `conflicts`.
 */
export function mergeRules(sources: RuleSource[], opts: MergeOptions = {}): MergedRuleSet {
  const policyLocks = new Set(opts.lockedRuleIds ?? []);
  const byId = new Map<string, EffectiveRule>();
  // Locked by the rule's own `locked: true`, as opposed to `locked` stamped from lockedRuleIds.
  const ownLocks = new Set<string>();
  const conflicts: RuleConflict[] = [];
  const packs: PackInfo[] = [];
  const droppedPacks: PackInfo[] = [];

  for (const source of sources) {
    const { pack, origin } = source;
    if (origin === 'user' && opts.allowUserRules === false) {
      droppedPacks.push(packInfo(source));
      continue;
    }
    packs.push(packInfo(source));
    for (const rule of pack.rules) {
      const prev = byId.get(rule.id);
      if (prev && (ownLocks.has(rule.id) || (policyLocks.has(rule.id) && !ADMIN_ORIGINS.has(origin)))) {
        conflicts.push({
          ruleId: rule.id,
          kept: prev.origin,
          keptPackId: prev.packId,
          ignored: origin,
          ignoredPackId: pack.id,
        });
        continue;
      }
      if (rule.locked) ownLocks.add(rule.id);
      byId.set(rule.id, {
        ...rule,
        ...(rule.locked || policyLocks.has(rule.id) ? { locked: true } : {}),
        packId: pack.id,
        origin,
      });
    }
  }
  return { packs, rules: [...byId.values()], conflicts, droppedPacks };
}

/** The ids the user switched off, minus the locked ones (a locked rule cannot be disabled). */
export function effectiveDisabled(ruleSet: RuleSet, disabled: string[]): string[] {
  const locked = new Set(ruleSet.rules.filter((r) => r.locked).map((r) => r.id));
  return [...new Set(disabled)].filter((id) => !locked.has(id));
}

function packInfo({ pack, origin, keyId }: RuleSource): PackInfo {
  return { id: pack.id, version: pack.version, origin, ...(keyId ? { keyId } : {}) };
}
