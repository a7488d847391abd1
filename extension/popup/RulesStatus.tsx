import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RulesStateDto } from '../shared/protocol';
import { send } from '../shared/messaging';

/**
 * Which rules the next download applies: the packs in force (with their source and signer) and,
 * for a team pack, its last sync or error, with "Sync now". The options page has the details.
 */
export function RulesStatus(): JSX.Element {
  const [state, setState] = useState<RulesStateDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = () => send('rules:state', {}).then(setState, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);
  const sync = async () => {
    setBusy(true);
    setError(null);
    try {
      await send('rules:syncNow', {});
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (!state) return <p class="muted">{error ?? 'Loading rules…'}</p>;
  const locked = state.lockedRuleIds.length;
  return (
    <section aria-label="Rules in force" data-testid="popup-rules">
      <h2>Rules in force</h2>
      <ul class="packs">
        {state.ruleSet.packs.map((p) => (
          <li key={`${p.origin}:${p.id}`}>
            <strong>{p.id}</strong> {p.version} <span class="muted">({p.origin}</span>
            {p.keyId && <span class="muted">, signed by {p.keyId}</span>}
            <span class="muted">)</span>
          </li>
        ))}
      </ul>
      {locked > 0 && (
        <p class="muted">
          {locked} locked {locked === 1 ? 'rule' : 'rules'} set by your team.
        </p>
      )}
      {state.status.map((s, i) => (
        <p key={i} class={s.lastError ? 'error' : 'muted'}>
          {s.origin === 'team' ? 'Team pack' : s.origin === 'policy' ? 'Policy' : 'Your rules'}
          {s.lastSuccess ? `: last synced ${new Date(s.lastSuccess).toLocaleString()}` : ''}
          {s.lastError ? ` — ${s.lastError}` : ''}
          {s.weakens && (
            <strong class="error" data-testid="popup-weakens" title={s.weakens.join('\n')}>
              {' '}
              — weakens protection ({s.weakens.length} {s.weakens.length === 1 ? 'rule' : 'rules'})
            </strong>
          )}
        </p>
      ))}
      {state.status.some((s) => s.origin === 'team') && (
        <p>
          <button type="button" disabled={busy} onClick={() => void sync()}>
            Sync now
          </button>
          {error && (
            <span class="error" role="alert">
              {' '}
              {error}
            </span>
          )}
        </p>
      )}
    </section>
  );
}
