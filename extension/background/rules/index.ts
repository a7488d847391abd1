/**
 * The rules in force inside the extension: built-in ⊕ team pack (URL) ⊕ policy inline pack ⊕ user rules,
 * plus team-pack sync and enterprise policy. Owned by the team-rules work; this is the contract the rest
 * of the background uses. (Initial version: built-in + user rules only.)
 */
import { builtinPack, mergeRules } from '../../../src/index';
import type { Rule, RuleSet } from '../../../src/index';

export interface UserRuleSettings {
  /** The user's custom rules (a pack with origin `user`). */
  rules: Rule[];
  /** Rule ids the user switched off (refused for locked rules). */
  disabledRules: string[];
}

export interface RuleSourceStatus {
  origin: 'team' | 'policy';
  url?: string;
  packId?: string;
  version?: string;
  keyId?: string;
  lastAttempt?: string;
  lastSuccess?: string;
  lastError?: string;
}

export interface RulesState {
  ruleSet: RuleSet;
  /** What to pass as RedactOptions.disabledRules (locked ids already removed). */
  disabledRules: string[];
  status: RuleSourceStatus[];
  /** False when policy forbids user rules / overrides. */
  userRulesAllowed: boolean;
  lockedRuleIds: string[];
}

export async function loadRulesState(user: UserRuleSettings): Promise<RulesState> {
  const ruleSet = mergeRules([
    { pack: builtinPack, origin: 'builtin' },
    { pack: { schemaVersion: 1, id: 'user', version: '0', rules: user.rules }, origin: 'user' },
  ]);
  const lockedRuleIds = ruleSet.rules.filter((r) => r.locked).map((r) => r.id);
  return {
    ruleSet,
    disabledRules: user.disabledRules.filter((id) => !lockedRuleIds.includes(id)),
    status: [],
    userRulesAllowed: true,
    lockedRuleIds,
  };
}

/** Registers alarms and listeners (install, start-up, policy changes). Called once by the worker entry. */
export function startRuleSync(): void {}

/** "Sync now": fetches the team pack immediately. */
export async function syncNow(): Promise<RuleSourceStatus[]> {
  return [];
}
