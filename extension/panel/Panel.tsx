import type { Entry } from 'har-format';
import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useCapture } from './use-capture';
import { RequestList } from './RequestList';
import { EntryDiff } from './EntryDiff';
import { filterRows } from './filter';
import { send } from '../shared/messaging';
import { DownloadButton } from '../shared/ui/DownloadButton';
import { SendToSupport } from '../shared/ui/SendToSupport';
import { runJob } from '../shared/download';
import { describeLabels } from '../shared/ui/format';
import { chromeNetworkAdapter } from '../devtools/network-adapter';

interface Detail {
  index: number;
  before: Entry | null;
  after: Entry | null;
  bodyNotAvailable: boolean;
}

export function Panel({ tabId }: { tabId: number }): JSX.Element {
  const { summary, rows, error } = useCapture(tabId);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [preserveLog, setPreserveLog] = useState(true);

  useEffect(() => {
    void send('settings:get', {}).then((s) => setPreserveLog(s.preferences.preserveLog));
  }, []);

  const shown = useMemo(() => filterRows(rows, query), [rows, query]);

  useEffect(() => {
    if (selected === null) return setDetail(null);
    let live = true;
    void send('capture:entry', { tabId, index: selected }).then(
      (d) => live && setDetail({ index: selected, ...d }),
    );
    return () => {
      live = false;
    };
  }, [selected, tabId, summary?.analysedCount, summary?.generation]);

  const togglePreserve = async (on: boolean) => {
    setPreserveLog(on);
    await send('settings:update', { preferences: { preserveLog: on } });
  };

  const clear = async () => {
    setSelected(null);
    await send('capture:clear', { tabId });
  };

  // getHAR() adds what DevTools saw before this extension loaded, and WebSockets still open.
  const beforeDownload = async () => {
    if (!chrome.devtools?.network) return;
    const { entries, pages } = await chromeNetworkAdapter().getHAR();
    await send('capture:merge', { tabId, entries, pages });
  };

  const report = summary?.report ?? null;
  const count = summary?.count ?? rows.length;

  return (
    <div class="panel">
      <div class="toolbar" role="toolbar" aria-label="Capture">
        <input
          type="search"
          placeholder="Filter (url, method, status, type, has:findings)"
          aria-label="Filter requests"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <label>
          <input
            type="checkbox"
            checked={preserveLog}
            onChange={(e) => void togglePreserve((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Preserve log
        </label>
        <button type="button" onClick={() => void clear()}>
          Clear
        </button>
        <span class="count" aria-live="polite" data-testid="request-count">
          {count} {count === 1 ? 'request' : 'requests'}
          {shown.length !== rows.length && ` (${shown.length} shown)`}
        </span>
        <span class="spacer" />
        <DownloadButton
          source={{ kind: 'capture', tabId }}
          disabled={count === 0}
          beforeStart={beforeDownload}
          beforeStartSkipped="DevTools did not hand over its own log in time: the file has every request this panel captured, but not requests made before the extension loaded or sockets still open."
        />
        <SendToSupport produce={() => runJob({ kind: 'capture', tabId }).result} disabled={count === 0} />
      </div>
      <div class="summary" aria-live="polite" data-testid="summary">
        {error && <span class="error">{error} </span>}
        {summary?.analysisError ? (
          <span class="error">Analysis failed: {summary.analysisError}</span>
        ) : report ? (
          <span>
            Will remove <strong>{report.secrets}</strong> secret value(s) in {report.replacements} place(s):{' '}
            {describeLabels(report.byLabel)}.
          </span>
        ) : count > 0 ? (
          <span class="muted">Analysing…</span>
        ) : (
          <span class="muted">
            Waiting for network requests. Reload the page to capture it from the start.
          </span>
        )}
        {summary && summary.bodiesNotAvailable > 0 && (
          <span class="muted">
            {' '}
            {summary.bodiesNotAvailable} response body(ies) were not available from DevTools (⌀).
          </span>
        )}
        {summary && summary.notPersisted > 0 && (
          <span class="error">
            {' '}
            {summary.notPersisted} body(ies) kept in memory only (session storage full).
          </span>
        )}
      </div>
      <div class="split">
        <RequestList rows={shown} selected={selected} onSelect={setSelected} />
        <div class="detail" aria-label="Before and after">
          {detail?.before ? (
            <EntryDiff
              before={detail.before}
              after={detail.after}
              bodyNotAvailable={detail.bodyNotAvailable}
            />
          ) : (
            <p class="muted">Select a request to see it before and after redaction.</p>
          )}
        </div>
      </div>
    </div>
  );
}
