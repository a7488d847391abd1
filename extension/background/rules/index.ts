/**
 * The rules in force inside the extension: built-in ⊕ team pack (URL) ⊕ policy inline pack ⊕ user
 * rules, plus team-pack sync and enterprise policy. The rest of the background uses only this file.
 */
import { browserHost } from './host';
import type { RulesHost } from './host';
import { computeRulesState } from './state';
import type { RuleSourceStatus, RulesState, UserRuleSettings } from './state';
import { createRuleSync } from './sync';
import type { RuleSync } from './sync';

export type { RuleSourceStatus, RulesState, UserRuleSettings } from './state';
export type { TeamSettings } from './team-settings';
export { readTeamSettings, writeTeamSettings, originPatternFor, TEAM_SETTINGS_KEY } from './team-settings';
export { checkTeamUrl } from './team-url';

let host: RulesHost | undefined;
let sync: RuleSync | undefined;

function theHost(): RulesHost {
  host ??= browserHost();
  return host;
}

function theSync(): RuleSync {
  sync ??= createRuleSync(theHost());
  return sync;
}

export async function loadRulesState(user: UserRuleSettings): Promise<RulesState> {
  return computeRulesState(theHost(), user);
}

/** Registers alarms and listeners (install, start-up, policy changes). Called once by the worker entry. */
export function startRuleSync(): void {
  theSync().start();
}

/** "Sync now": fetches the team pack immediately; returns the status lines after the attempt. */
export async function syncNow(): Promise<RuleSourceStatus[]> {
  await theSync().syncNow();
  return (await computeRulesState(theHost(), { rules: [], disabledRules: [] })).status;
}

/** Called when policy, team settings or the stored team pack changed: re-run loadRulesState. */
export function onRulesChanged(cb: () => void): () => void {
  return theSync().onChange(cb);
}
