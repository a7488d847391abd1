import type { JSX } from 'preact';
import type { EffectiveRule } from '../../src/index';
import type { RulesStateDto } from '../shared/protocol';
import type { Settings } from '../shared/storage';

/** Built-in rules by their `group`: a switch per group; locked rules stay on whatever the switch says. */
export function BuiltinGroups({
  rules,
  settings,
  onChange,
}: {
  rules: RulesStateDto;
  settings: Settings;
  onChange: (patch: Partial<Omit<Settings, 'version'>>) => Promise<void>;
}): JSX.Element {
  const groups = new Map<string, EffectiveRule[]>();
  for (const r of rules.ruleSet.rules) {
    if (r.origin !== 'builtin') continue;
    const g = r.group ?? 'other';
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  if (groups.size === 0) return <p class="muted">No built-in rules are loaded.</p>;
  const toggle = (group: string, on: boolean) => {
    const set = new Set(settings.disabledGroups);
    if (on) set.delete(group);
    else set.add(group);
    void onChange({ disabledGroups: [...set] });
  };
  return (
    <ul class="groups">
      {[...groups].map(([group, list]) => {
        const locked = list.filter((r) => r.locked).length;
        const offByDefault = list.filter((r) => r.enabled === false).length;
        return (
          <li key={group}>
            <label>
              <input
                type="checkbox"
                checked={!settings.disabledGroups.includes(group)}
                onChange={(e) => toggle(group, (e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              <strong>{group}</strong>
            </label>{' '}
            <span class="muted">
              {list.length} rule(s){locked > 0 && `, ${locked} locked`}
              {offByDefault > 0 && `, ${offByDefault} off by default`}
            </span>
            <details>
              <summary>Rules</summary>
              <ul>
                {list.map((r) => (
                  <li key={r.id}>
                    <code>{r.id}</code> {r.description && <span class="muted">— {r.description}</span>}
                    {r.locked && <em> (locked)</em>}
                    {r.enabled === false && <em> (off by default)</em>}
                  </li>
                ))}
              </ul>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
