import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { EffectiveRule } from '../../src/index';
import type { RulesStateDto } from '../shared/protocol';
import type { Settings } from '../shared/storage';
import { groupInfo } from './group-names';

/**
 * Built-in rules by their `group`: a switch per group, with a name and a one-line description
 * people understand. Switching off a group that protects credentials or personal data asks first.
 * Locked rules stay on whatever the switch says.
 */
export function BuiltinGroups({
  rules,
  settings,
  onChange,
}: {
  rules: RulesStateDto;
  settings: Settings;
  onChange: (patch: Partial<Omit<Settings, 'version'>>) => Promise<void>;
}): JSX.Element {
  const [confirming, setConfirming] = useState<string | null>(null);
  const groups = new Map<string, EffectiveRule[]>();
  for (const r of rules.ruleSet.rules) {
    if (r.origin !== 'builtin') continue;
    const g = r.group ?? 'other';
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  if (groups.size === 0) return <p class="muted">No built-in rules are loaded.</p>;
  const apply = (group: string, on: boolean) => {
    const set = new Set(settings.disabledGroups);
    if (on) set.delete(group);
    else set.add(group);
    setConfirming(null);
    void onChange({ disabledGroups: [...set] });
  };
  const toggle = (group: string, on: boolean) => {
    if (!on && groupInfo(group).protects) setConfirming(group);
    else apply(group, on);
  };
  return (
    <ul class="groups">
      {[...groups].map(([group, list]) => {
        const info = groupInfo(group);
        const locked = list.filter((r) => r.locked).length;
        const offByDefault = list.filter((r) => r.enabled === false).length;
        const on = !settings.disabledGroups.includes(group);
        return (
          <li key={group} data-group={group}>
            <label>
              <input
                type="checkbox"
                checked={on && confirming !== group}
                onChange={(e) => toggle(group, (e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              <strong>{info.title}</strong>
            </label>{' '}
            <span class="muted">— {info.description}</span>
            {confirming === group && (
              <div class="confirm" role="alertdialog" aria-label={`Switch off ${info.title}?`}>
                <p>
                  Switch off <strong>{info.title}</strong>? Downloads would then keep {info.protects} in clear
                  {locked > 0 ? ` (${locked} locked rule${locked === 1 ? '' : 's'} stay on)` : ''}.
                </p>
                <button type="button" class="danger" onClick={() => apply(group, false)}>
                  Switch off {info.title}
                </button>{' '}
                <button type="button" onClick={() => setConfirming(null)}>
                  Keep {info.title} on
                </button>
              </div>
            )}
            <details>
              <summary>
                {list.length} rule{list.length === 1 ? '' : 's'}
                {locked > 0 && `, ${locked} locked`}
                {offByDefault > 0 && `, ${offByDefault} off by default`}
              </summary>
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
