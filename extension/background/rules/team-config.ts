/**
 * The team source in force: each field comes from policy when policy sets it, else from the user's
 * options. Field by field, so an admin can e.g. require signatures by the company key on whatever
 * URL a user enters, without fixing the URL.
 */
import type { TeamPolicy } from './policy';
import type { TeamSettings } from './team-settings';

export const DEFAULT_SYNC_MINUTES = 60;
/** Below this, a large team would hammer the server; alarms below 1 min are not honoured anyway. */
export const MIN_SYNC_MINUTES = 5;
const MAX_SYNC_MINUTES = 7 * 24 * 60;

export type ManagedField = keyof TeamPolicy;

export interface TeamConfig {
  url?: string;
  /**
   * Whether policy set the URL. A URL the user typed is the user's source: its pack merges with
   * origin `user` (it cannot replace locked rules and is dropped when policy forbids user rules).
   */
  urlByPolicy: boolean;
  trustedPublicKeys: string[];
  requireSignature: boolean;
  syncIntervalMinutes: number;
  allowUserRules: boolean;
  lockedRuleIds: string[];
  /** Which fields policy sets: the options page shows them read-only. */
  managedFields: ManagedField[];
}

export function teamConfig(policy: TeamPolicy, typed: TeamSettings): TeamConfig {
  // allowUserRules: false forbids every user override, a typed team source included (issue 17).
  const settings = policy.allowUserRules === false ? {} : typed;
  const interval = policy.syncIntervalMinutes ?? settings.syncIntervalMinutes ?? DEFAULT_SYNC_MINUTES;
  const url = policy.teamRulesUrl ?? settings.teamRulesUrl;
  return {
    ...(url ? { url } : {}),
    urlByPolicy: policy.teamRulesUrl !== undefined,
    trustedPublicKeys: policy.trustedPublicKeys ?? settings.trustedPublicKeys ?? [],
    requireSignature: policy.requireSignature ?? settings.requireSignature ?? false,
    syncIntervalMinutes: Math.min(MAX_SYNC_MINUTES, Math.max(MIN_SYNC_MINUTES, Math.round(interval))),
    allowUserRules: policy.allowUserRules ?? true,
    lockedRuleIds: policy.lockedRuleIds ?? [],
    managedFields: (Object.keys(policy) as ManagedField[]).filter((k) => policy[k] !== undefined),
  };
}
