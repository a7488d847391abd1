/**
 * The rules in force, assembled on demand from storage: built-in ⊕ team (last good) ⊕ policy inline
 * pack ⊕ user rules, with policy locks applied, plus a status line per managed source.
 */
import { builtinPack, effectiveDisabled, mergeRules } from '../../../src/index';
import type { Rule, RuleConflict, RuleSet, RuleSource } from '../../../src/index';
import { checkPack } from './check-pack';
import type { RulesHost } from './host';
import { parseInlinePack, readPolicy } from './policy';
import { teamConfig } from './team-config';
import type { ManagedField, TeamConfig } from './team-config';
import { readTeamSettings } from './team-settings';
import { readStoredPack, readSyncRecord } from './team-store';
import { checkTeamUrl } from './team-url';

export interface UserRuleSettings {
  /** The user's custom rules (a pack with origin `user`). */
  rules: Rule[];
  /** Rule ids the user switched off (refused for locked rules). */
  disabledRules: string[];
}

export interface RuleSourceStatus {
  origin: 'team' | 'policy' | 'user';
  url?: string;
  packId?: string;
  version?: string;
  keyId?: string;
  /** When the pack in force was fetched (team). */
  fetchedAt?: string;
  lastAttempt?: string;
  lastSuccess?: string;
  /** One sentence; the pack in force (if any) is the last good one. */
  lastError?: string;
  validationErrors?: { path: string; message: string }[];
  /** Why the pack in force weakens the built-in protection (`rule-id: reason`), if it does. */
  weakens?: string[];
}

export interface RulesState {
  ruleSet: RuleSet;
  /** What to pass as RedactOptions.disabledRules (locked ids already removed). */
  disabledRules: string[];
  status: RuleSourceStatus[];
  /** False when policy forbids user rules / overrides. */
  userRulesAllowed: boolean;
  lockedRuleIds: string[];
  /** User (or later) rules ignored because they would have replaced a locked rule. */
  conflicts: RuleConflict[];
  /** Team-source fields set by policy (read-only in the options page). */
  managedFields: ManagedField[];
  /** The team source in force (URL, interval), for the options page. */
  team: Pick<TeamConfig, 'url' | 'syncIntervalMinutes' | 'requireSignature' | 'trustedPublicKeys'>;
}

const USER_PACK_ID = 'user';

export async function computeRulesState(host: RulesHost, user: UserRuleSettings): Promise<RulesState> {
  const policy = await readPolicy(host);
  const cfg = teamConfig(policy, await readTeamSettings(host.local));
  const status: RuleSourceStatus[] = [];
  const sources: RuleSource[] = [{ pack: builtinPack, origin: 'builtin' }];

  if (cfg.url) {
    const [stored, record] = await Promise.all([readStoredPack(host.local), readSyncRecord(host.local)]);
    const st: RuleSourceStatus = { origin: 'team', url: cfg.url };
    if (record?.url === cfg.url) {
      const { lastAttempt, lastSuccess, lastError, validationErrors } = record;
      Object.assign(st, strip({ lastAttempt, lastSuccess, lastError, validationErrors }));
    }
    const urlCheck = checkTeamUrl(cfg.url);
    if (!urlCheck.ok) st.lastError = urlCheck.reason;
    if (stored?.url === cfg.url) {
      // Re-checked each time: a key removed from policy must stop the pack it signed at once.
      const checked = await checkPack(stored.pack, cfg, undefined, {
        url: cfg.url,
        now: host.now(),
        weakeningNeedsKey: true,
      });
      if (checked.ok) {
        sources.push({
          pack: checked.pack,
          // A URL the user typed is the user's source, whoever wrote the pack (issue 17).
          origin: cfg.urlByPolicy ? 'team' : 'user',
          ...(checked.keyId ? { keyId: checked.keyId } : {}),
        });
        Object.assign(
          st,
          strip({ packId: checked.pack.id, version: checked.pack.version, keyId: checked.keyId }),
        );
        if (checked.weakens.length) st.weakens = checked.weakens;
        st.fetchedAt = stored.fetchedAt;
      } else {
        st.lastError = `The stored team pack is no longer accepted: ${checked.error}`;
      }
    }
    status.push(st);
  }

  if (policy.inlinePack !== undefined) {
    const st: RuleSourceStatus = { origin: 'policy' };
    const parsed = parseInlinePack(policy.inlinePack);
    if (!parsed.ok) {
      st.lastError = parsed.error;
    } else {
      // The policy store is the admin's own channel: its pack needs no signature.
      const checked = await checkPack(
        parsed.value,
        { trustedPublicKeys: [], requireSignature: false },
        "policy's inline pack",
      );
      if (checked.ok) {
        sources.push({ pack: checked.pack, origin: 'policy' });
        st.packId = checked.pack.id;
        st.version = checked.pack.version;
        if (checked.weakens.length) st.weakens = checked.weakens;
      } else {
        Object.assign(st, strip({ lastError: checked.error, validationErrors: checked.validationErrors }));
      }
    }
    status.push(st);
  }

  if (cfg.allowUserRules && user.rules.length > 0) {
    const checked = await checkPack(
      { schemaVersion: 1, id: USER_PACK_ID, version: '0', rules: user.rules },
      { trustedPublicKeys: [], requireSignature: false },
      'set of your own rules',
    );
    if (checked.ok) sources.push({ pack: checked.pack, origin: 'user' });
    else
      status.push(
        strip({
          origin: 'user',
          packId: USER_PACK_ID,
          lastError: checked.error,
          validationErrors: checked.validationErrors,
        }),
      );
  }

  // The merge enforces the locks (policy ids against user rules, `locked: true` against everyone)
  // and drops user rules when policy forbids them.
  const { packs, rules, conflicts } = mergeRules(sources, {
    lockedRuleIds: cfg.lockedRuleIds,
    allowUserRules: cfg.allowUserRules,
  });
  const ruleSet: RuleSet = { packs, rules };
  const lockedRuleIds = [
    ...new Set([...cfg.lockedRuleIds, ...rules.filter((r) => r.locked).map((r) => r.id)]),
  ];
  const locked = new Set(lockedRuleIds);
  return {
    ruleSet,
    // Forbidding user rules forbids switching rules off too: both are user overrides.
    disabledRules: cfg.allowUserRules
      ? effectiveDisabled(ruleSet, user.disabledRules).filter((id) => !locked.has(id))
      : [],
    conflicts,
    status,
    userRulesAllowed: cfg.allowUserRules,
    lockedRuleIds,
    managedFields: cfg.managedFields,
    team: strip({
      url: cfg.url,
      syncIntervalMinutes: cfg.syncIntervalMinutes,
      requireSignature: cfg.requireSignature,
      trustedPublicKeys: cfg.trustedPublicKeys,
    }),
  };
}

/** Drops undefined fields so stored/sent objects stay small and comparable in tests. */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
