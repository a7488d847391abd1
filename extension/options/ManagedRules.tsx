import type { JSX } from 'preact';
import type { EffectiveRule } from '../../src/index';
import { ColumnHeads } from '../shared/ui/ColumnHeads';

function what(r: EffectiveRule): string {
  if (r.target === 'value') return r.detector ? `detector ${r.detector}` : `pattern /${r.pattern ?? ''}/`;
  const names = [
    ...(r.names ?? []),
    ...(r.nameContains ?? []).map((n) => `*${n}*`),
    ...(r.nameEndsWith ?? []).map((n) => `*${n}`),
  ];
  return `${r.target} ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`;
}

/**
 * The rules your team's pack and your organisation's policy put in force: what each matches, what it
 * does, where it came from, and whether it is locked (a locked rule cannot be switched off here).
 */
export function ManagedRules({
  rules,
  lockedIds,
}: {
  rules: EffectiveRule[];
  lockedIds: string[];
}): JSX.Element {
  const managed = rules.filter(
    (r) => r.origin === 'team' || r.origin === 'policy' || lockedIds.includes(r.id),
  );
  if (managed.length === 0) return <p class="muted">No rules from a team pack or a policy are in force.</p>;
  return (
    <table class="kv" data-testid="managed-rules">
      <ColumnHeads names={['Rule', 'Matches', 'Action', 'From']} />
      <tbody>
        {managed.map((r) => (
          <tr key={r.id}>
            <td>
              <code>{r.id}</code>
              {(r.locked || lockedIds.includes(r.id)) && (
                <span class="badge" title="Locked by your team: it cannot be switched off or replaced">
                  {' '}
                  🔒 locked
                </span>
              )}
            </td>
            <td>{what(r)}</td>
            <td>{r.action}</td>
            <td>
              {r.origin} <span class="muted">({r.packId})</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
