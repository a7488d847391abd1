import type { JSX } from 'preact';
import type { Finding } from '../../src/index';
import { groupFindings } from './group-findings';

export function FindingsView(props: {
  findings: Finding[];
  keep: Set<string>;
  revealed: Map<string, string | null>;
  canAddRules: boolean;
  busy: boolean;
  onReveal: (tag: string) => void;
  onHide: (tag: string) => void;
  onKeep: (f: Finding, on: boolean) => void;
  onAddRule: (f: Finding) => void;
  onShowEntry: (index: number) => void;
}): JSX.Element {
  const groups = groupFindings(props.findings);
  // Small reports open fully; big ones start folded so the page stays light.
  const openAll = props.findings.length <= 100;
  if (groups.length === 0) return <p>No secrets found in this file.</p>;
  return (
    <section aria-label="Findings" class="findings">
      <h2>Findings</h2>
      {groups.map((g, i) => (
        <details key={g.label} open={openAll || i < 3}>
          <summary>
            <strong>{g.label}</strong> — {g.values} value(s), {g.replacements} replacement(s)
          </summary>
          {g.rules.map((r) => (
            <div key={r.ruleId} class="rule-group">
              <h3>
                Rule <code>{r.ruleId}</code> <span class="muted">({r.findings[0].origin})</span> —{' '}
                {r.findings.length} value(s), {r.replacements} replacement(s)
              </h3>
              <table class="kv">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Value</th>
                    <th scope="col">Where</th>
                    <th scope="col">Count</th>
                    <th scope="col">Decision</th>
                  </tr>
                </thead>
                <tbody>
                  {r.findings.slice(0, 500).map((f) => (
                    <FindingRow key={f.tag} f={f} {...props} />
                  ))}
                </tbody>
              </table>
              {r.findings.length > 500 && <p class="muted">{r.findings.length - 500} more not shown.</p>}
            </div>
          ))}
        </details>
      ))}
    </section>
  );
}

function FindingRow({
  f,
  keep,
  revealed,
  canAddRules,
  busy,
  onReveal,
  onHide,
  onKeep,
  onAddRule,
  onShowEntry,
}: { f: Finding } & Parameters<typeof FindingsView>[0]): JSX.Element {
  const shown = revealed.has(f.tag);
  const value = revealed.get(f.tag);
  const where = f.locations.slice(0, 3).map((l, i) => (
    <div key={i}>
      {l.entry === null ? (
        l.path
      ) : (
        <>
          <button
            type="button"
            class="link"
            aria-label={`Show entry ${l.entry} before and after`}
            onClick={() => onShowEntry(l.entry!)}
          >
            #{l.entry}
          </button>{' '}
          {l.path}
        </>
      )}
    </div>
  ));
  return (
    <tr>
      <td>{f.name ?? <span class="muted">—</span>}</td>
      <td>
        {shown ? (
          <>
            <code class="revealed">{value ?? '(not recoverable: removed with its name)'}</code>{' '}
            <button type="button" onClick={() => onHide(f.tag)}>
              Hide
            </button>
          </>
        ) : (
          <>
            <span class="muted">#{f.tag} ••••••</span>{' '}
            <button type="button" aria-label={`Reveal value #${f.tag}`} onClick={() => onReveal(f.tag)}>
              Reveal
            </button>
          </>
        )}
      </td>
      <td title={f.locations.map((l) => `#${l.entry ?? '-'} ${l.path}`).join('\n')}>
        {where}
        {f.locations.length > 3 && ' …'}
      </td>
      <td>{f.count}</td>
      <td>
        <label title={f.locked ? 'A locked rule found this value: it is always redacted.' : undefined}>
          <input
            type="checkbox"
            disabled={f.locked || busy}
            checked={keep.has(f.tag) && !f.locked}
            onChange={(e) => onKeep(f, (e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Keep this value{f.locked && ' (locked)'}
        </label>{' '}
        {f.name && canAddRules && (
          <button type="button" disabled={busy} onClick={() => onAddRule(f)}>
            Add a rule for this name
          </button>
        )}
      </td>
    </tr>
  );
}
