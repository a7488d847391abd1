import type { Settings } from '../shared/storage';
import { loadRulesState } from './rules/index';
import type { RulesState } from './rules/index';

/**
 * The rules state for the current settings: user rules, individually disabled rules, and every
 * built-in rule of a disabled group (locked rules are filtered out again by loadRulesState).
 */
export async function rulesForSettings(settings: Settings): Promise<RulesState> {
  const first = await loadRulesState({
    rules: settings.userRules,
    disabledRules: settings.disabledRules,
  });
  if (settings.disabledGroups.length === 0) return first;
  const groups = new Set(settings.disabledGroups);
  const groupIds = first.ruleSet.rules
    .filter((r) => r.origin === 'builtin' && r.group && groups.has(r.group))
    .map((r) => r.id);
  return loadRulesState({
    rules: settings.userRules,
    disabledRules: [...new Set([...settings.disabledRules, ...groupIds])],
  });
}
