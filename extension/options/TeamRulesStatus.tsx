import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { RuleSourceStatus } from '../background/rules/index';
import { send } from '../shared/messaging';
import { TeamSourceForm } from './TeamSourceForm';

/**
 * Slot for team-managed rules (the team-rules work fills in the settings): each source with its
 * pack id and version, signer key id, last sync and last error, and "Sync now".
 */
export function TeamRulesStatus({
  status,
  onSynced,
}: {
  status: RuleSourceStatus[];
  onSynced: () => void;
}): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sync = async () => {
    setBusy(true);
    setError(null);
    try {
      await send('rules:syncNow', {});
      onSynced();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="team" data-testid="team-rules">
      <TeamSourceForm onChanged={onSynced} />
      {status.length === 0 ? (
        <p class="muted">No team rule pack is configured.</p>
      ) : (
        <table class="kv">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Pack</th>
              <th scope="col">Signed by</th>
              <th scope="col">Last sync</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {status.map((s, i) => (
              <tr key={i}>
                <td>
                  {s.origin}
                  {s.url && <div class="muted">{s.url}</div>}
                </td>
                <td>
                  {s.packId ? `${s.packId} ${s.version ?? ''}` : '—'}
                  {s.weakens && (
                    <div class="error" data-testid="weakens">
                      <strong>Weakens protection</strong>
                      <ul>
                        {s.weakens.map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                      </ul>
                    </div>
                  )}
                </td>
                <td>{s.keyId ?? '—'}</td>
                <td>{s.lastSuccess ?? '—'}</td>
                <td class={s.lastError ? 'error' : ''}>{s.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" disabled={busy} onClick={() => void sync()}>
          Sync now
        </button>{' '}
        {error && (
          <span class="error" role="alert">
            {error}
          </span>
        )}
      </p>
    </div>
  );
}
