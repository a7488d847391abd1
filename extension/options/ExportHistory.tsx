import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { recordLine } from '../../src/export/record';
import { send } from '../shared/messaging';
import { ColumnHeads } from '../shared/ui/ColumnHeads';
import { downloadFailure, saveParts } from '../shared/download';
import type { AuditQueueStatus, ExportRecord } from '../shared/export-types';
import { formatBytes } from '../shared/ui/format';

/** Export history: the local export log (newest first), downloadable as JSON Lines. */
export function ExportHistory(): JSX.Element {
  const [records, setRecords] = useState<ExportRecord[] | null>(null);
  const [audit, setAudit] = useState<AuditQueueStatus | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = () =>
    send('export:log', {}).then(
      (r) => {
        setRecords(r.records);
        setAudit(r.audit);
      },
      (e: Error) => setMessage(e.message),
    );
  useEffect(() => void load(), []);

  const download = async () => {
    try {
      await saveParts([(records ?? []).map(recordLine).join('')], 'har-redactor-export-log.jsonl');
    } catch (e) {
      setMessage(downloadFailure(e));
    }
  };

  const shown = [...(records ?? [])].reverse();
  return (
    <section aria-labelledby="h-history">
      <h2 id="h-history">Export history</h2>
      <p class="muted">
        Every file that left through this browser: when, from where, its SHA-256 (check a received file with{' '}
        <code>sha256sum</code>), what was removed and under which rules. Never a value. The last 1 000 are
        kept.
      </p>
      {audit?.url && (
        <p class="muted" data-testid="audit-status">
          Also sent to {audit.url}: {audit.sent} sent, {audit.pending} waiting
          {audit.dropped ? `, ${audit.dropped} given up` : ''}
          {audit.lastError ? ` (last error: ${audit.lastError})` : ''}.
        </p>
      )}
      <p>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>{' '}
        <button type="button" disabled={!records?.length} onClick={() => void download()}>
          Download as JSON Lines
        </button>
        {message && (
          <span class="error" role="alert">
            {' '}
            {message}
          </span>
        )}
      </p>
      <table class="history" data-testid="export-history">
        <ColumnHeads names={['When', 'Where', 'Source', 'File', 'Removed', 'Encrypted to', 'SHA-256']} />
        <tbody>
          {records?.length === 0 && (
            <tr>
              <td colSpan={7} class="muted">
                Nothing exported yet.
              </td>
            </tr>
          )}
          {shown.map((r) => (
            <tr key={r.time + r.sha256}>
              <td>{new Date(r.time).toLocaleString()}</td>
              <td>{r.upload ? `upload (${r.upload.url})` : r.via}</td>
              <td>{r.source}</td>
              <td>
                {r.output} <span class="muted">({formatBytes(r.bytes)})</span>
              </td>
              <td>
                {r.secrets} value(s) in {r.entries} entries
                {r.kept.length ? `, ${r.kept.length} kept` : ''}
              </td>
              <td>{r.recipients.length ? `${r.recipients.length} recipient(s)` : 'not encrypted'}</td>
              <td>
                <code class="sha" title={r.sha256}>
                  {r.sha256}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
