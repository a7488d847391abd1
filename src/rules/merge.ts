import type { EffectiveRule, RuleSet, RuleSource } from './types';

/**
 * Merges rule sources in order (built-in, team, policy, user, cli). A later rule with the same id
 * replaces an earlier one unless the earlier one is locked.
 */
export function mergeRules(sources: RuleSource[]): RuleSet {
  const byId = new Map<string, EffectiveRule>();
  for (const { pack, origin } of sources) {
    for (const rule of pack.rules) {
      const prev = byId.get(rule.id);
      if (prev?.locked) continue;
      byId.set(rule.id, { ...rule, packId: pack.id, origin });
    }
  }
  return {
    packs: sources.map(({ pack, origin, keyId }) => ({ id: pack.id, version: pack.version, origin, ...(keyId ? { keyId } : {}) })),
    rules: [...byId.values()],
  };
}
