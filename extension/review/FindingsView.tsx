import type { Entry } from 'har-format';
import type { JSX } from 'preact';
import type { Finding } from '../../src/index';
import { groupByCategory, isKept } from './group-findings';
import type { NameGroup } from './group-findings';
import { EntryDiff } from '../panel/EntryDiff';
import { describeName } from '../shared/ui/categories';
import { ColumnHeads } from '../shared/ui/ColumnHeads';

export interface ShownEntry {
  index: number;
  /** The finding whose link opened it: the view opens right under that finding. */
  tag: string;
  before: Entry | null;
  after: Entry | null;
}

export interface FindingsProps {
  findings: Finding[];
  keep: Set<string>;
  revealed: Map<string, string | null>;
  canAddRules: boolean;
  busy: boolean;
  shown: ShownEntry | null;
  onReveal: (tag: string) => void;
  onHide: (tag: string) => void;
  /** Keep (true) or redact (false) these values at once. */
  onKeep: (findings: Finding[], on: boolean) => void;
  onAddRule: (f: Finding) => void;
  onShowEntry: (index: number, tag: string) => void;
  onCloseEntry: () => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Findings by category, then by name; keep or redact a whole category, a name, or one value. */
export function FindingsView(props: FindingsProps): JSX.Element {
  const groups = groupByCategory(props.findings, props.keep);
  if (groups.length === 0) return <p>No secrets found in this file.</p>;
  // Small reports open fully; big ones start folded so the page stays light.
  const openAll = props.findings.length <= 60;
  return (
    <section aria-label="Findings" class="findings">
      <h2>Findings</h2>
      {groups.map((g) => {
        const changeable = g.names.flatMap((n) => n.findings).filter((f) => !f.locked);
        const allKept = changeable.length > 0 && changeable.every((f) => props.keep.has(f.tag));
        return (
          <details key={g.id} open={openAll}>
            <summary>
              <strong>{g.title}</strong> — {plural(g.values, 'value')} redacted
              {g.kept > 0 && <span class="kept-note">, {g.kept} kept in clear</span>}{' '}
              <span class="muted">({g.blurb})</span>
            </summary>
            <p class="group-actions">
              <button
                type="button"
                disabled={props.busy || changeable.length === 0}
                onClick={() => props.onKeep(changeable, !allKept)}
              >
                {allKept ? `Redact all ${g.title.toLowerCase()}` : `Keep all ${g.title.toLowerCase()}`}
              </button>
            </p>
            {g.names.map((n) => (
              <NameSection key={n.key} group={n} {...props} />
            ))}
          </details>
        );
      })}
    </section>
  );
}

function NameSection(props: { group: NameGroup } & FindingsProps): JSX.Element {
  const { group: n, keep, busy } = props;
  const changeable = n.findings.filter((f) => !f.locked);
  const allKept = changeable.length > 0 && changeable.every((f) => keep.has(f.tag));
  const what = describeName(n.reason, n.name);
  return (
    <div class="rule-group">
      <h3>
        {what}{' '}
        <span class="muted">
          — {plural(n.findings.length, 'value')}, {plural(n.places, 'place')}; {n.source} rule{' '}
          <code>{n.ruleIds.join(', ')}</code>
        </span>{' '}
        {n.findings.length > 1 && (
          <button
            type="button"
            disabled={busy || changeable.length === 0}
            aria-label={`${allKept ? 'Redact' : 'Keep'} all ${n.findings.length} values of ${what}`}
            onClick={() => props.onKeep(changeable, !allKept)}
          >
            {allKept ? 'Redact all' : 'Keep all'}
          </button>
        )}
      </h3>
      <table class="kv">
        <ColumnHeads names={['Value', 'Where', 'Count', 'Decision']} />
        <tbody>
          {n.findings.slice(0, 500).map((f) => (
            <FindingRow key={f.tag} f={f} what={what} {...props} />
          ))}
        </tbody>
      </table>
      {n.findings.length > 500 && <p class="muted">{n.findings.length - 500} more not shown.</p>}
    </div>
  );
}

function FindingRow(props: { f: Finding; what: string } & FindingsProps): JSX.Element {
  const { f, what, keep, revealed, canAddRules, busy, shown } = props;
  const ctx = `${what} #${f.tag}`;
  const isShown = revealed.has(f.tag);
  const value = revealed.get(f.tag);
  const kept = isKept(f, keep);
  const where = f.locations.slice(0, 3).map((l, i) => (
    <div key={i}>
      {l.entry === null ? (
        l.path
      ) : (
        <>
          <button
            type="button"
            class="link"
            aria-label={`Show entry ${l.entry} before and after (${ctx}, ${l.path})`}
            aria-expanded={shown?.tag === f.tag && shown.index === l.entry}
            onClick={() => props.onShowEntry(l.entry!, f.tag)}
          >
            #{l.entry}
          </button>{' '}
          {l.path}
        </>
      )}
    </div>
  ));
  const view = shown && shown.tag === f.tag && shown.before;
  return (
    <>
      <tr class={kept ? 'kept' : ''}>
        <td>
          {isShown ? (
            <>
              <code class="revealed">{value ?? '(not recoverable: removed with its name)'}</code>{' '}
              <button type="button" aria-label={`Hide value of ${ctx}`} onClick={() => props.onHide(f.tag)}>
                Hide
              </button>
            </>
          ) : (
            <>
              <span class="muted">#{f.tag} ••••••</span>{' '}
              <button
                type="button"
                aria-label={`Reveal value of ${ctx}`}
                onClick={() => props.onReveal(f.tag)}
              >
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
              checked={kept}
              aria-label={`Keep this value: ${ctx}${f.locked ? ' (locked)' : ''}`}
              onChange={(e) => props.onKeep([f], (e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {kept ? <strong class="kept-note">Kept in clear</strong> : 'Keep'}
            {f.locked && ' (locked)'}
          </label>{' '}
          {f.name && canAddRules && (
            <button
              type="button"
              disabled={busy}
              aria-label={`Add a rule for this name: ${f.name} (${ctx})`}
              onClick={() => props.onAddRule(f)}
            >
              Add a rule
            </button>
          )}
        </td>
      </tr>
      {view && (
        <tr class="entry-row">
          <td colSpan={4}>
            <section aria-label={`Entry ${shown.index} before and after`} class="entry-view">
              <h3>
                Entry #{shown.index}: {shown.before!.request.method}{' '}
                {readableUrl((shown.after ?? shown.before!).request.url).slice(0, 160)}{' '}
                <button type="button" aria-label={`Close entry ${shown.index}`} onClick={props.onCloseEntry}>
                  Close
                </button>
              </h3>
              <EntryDiff
                key={shown.index}
                before={shown.before!}
                after={shown.after}
                bodyNotAvailable={false}
              />
            </section>
          </td>
        </tr>
      )}
    </>
  );
}

function readableUrl(url: string): string {
  try {
    return decodeURIComponent(url); // display only: placeholders then read as written
  } catch {
    return url;
  }
}
