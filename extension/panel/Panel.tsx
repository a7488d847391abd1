import type { Entry } from 'har-format';
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PackInfo } from '../../src/index';
import { useCapture } from './use-capture';
import { RequestList } from './RequestList';
import { EntryDiff } from './EntryDiff';
import { chipOf, filterRows, plainWords, sortRows, TYPE_CHIPS } from './filter';
import type { Sort, TypeChip } from './filter';
import { send } from '../shared/messaging';
import { DownloadButton } from '../shared/ui/DownloadButton';
import { SendToSupport } from '../shared/ui/SendToSupport';
import { runJob } from '../shared/download';
import { CopyReportButton, Summary } from '../shared/ui/Summary';
import { chromeNetworkAdapter } from '../devtools/network-adapter';

interface Detail {
  index: number;
  before: Entry | null;
  after: Entry | null;
  bodyNotAvailable: boolean;
}

export function Panel({ tabId }: { tabId: number }): JSX.Element {
  const { summary, rows, error, loading } = useCapture(tabId);
  const [query, setQuery] = useState('');
  const [chip, setChip] = useState<TypeChip>('all');
  const [sort, setSort] = useState<Sort>({ key: 'index', dir: 1 });
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [changedOnly, setChangedOnly] = useState(false);
  const [preserveLog, setPreserveLog] = useState(true);
  const [packs, setPacks] = useState<PackInfo[]>([]);
  const detailRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void send('settings:get', {}).then((s) => setPreserveLog(s.preferences.preserveLog));
    void send('rules:state', {}).then((s) => setPacks(s.ruleSet.packs));
  }, []);

  // Plain words are also searched in headers and bodies, in the background (indexes come back).
  const [found, setFound] = useState<Map<string, Set<number>>>(new Map());
  const words = plainWords(query);
  useEffect(() => {
    if (words.length === 0) return;
    const t = setTimeout(() => {
      void Promise.all(
        words.map((w) => send('capture:search', { tabId, text: w }).then((r) => [w, r] as const)),
      ).then((results) => setFound(new Map(results.map(([w, r]) => [w, new Set(r.indexes)]))));
    }, 250);
    return () => clearTimeout(t);
  }, [words.join('\u0000'), tabId, rows.length]);

  const shown = useMemo(() => {
    const byChip = chip === 'all' ? rows : rows.filter((r) => chipOf(r.type) === chip);
    return sortRows(
      filterRows(byChip, query, (w) => found.get(w) ?? null),
      sort,
    );
  }, [rows, query, chip, sort, found]);

  // A new selection: the old request goes at once (never a stale view) and the pane starts at its top.
  useEffect(() => {
    setDetail(null);
    if (detailRef.current) detailRef.current.scrollTop = 0;
  }, [selected]);

  // Fetch the selected entry, and again when its analysis arrives (until then it shows masked,
  // pending). An answer is taken if its request is still the selected one; a newer update never
  // cancels a fetch in flight (under load updates come faster than answers).
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const fetchDetail = (index: number) =>
    void send('capture:entry', { tabId, index }).then((d) => {
      if (selectedRef.current !== index) return;
      setDetail((prev) => (prev && prev.index === index && prev.after && !d.after ? prev : { index, ...d }));
    });
  useEffect(() => {
    if (selected !== null) fetchDetail(selected);
  }, [selected, tabId, summary?.generation]);
  const pending = selected !== null && detail?.index === selected && detail.after === null;
  useEffect(() => {
    if (pending && selected !== null) fetchDetail(selected);
  }, [pending ? summary?.analysedCount : -1]);

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
  const filtered = query !== '' || chip !== 'all';
  const empty =
    loading && count > 0
      ? `Loading ${count.toLocaleString('en-US')} requests…`
      : count === 0
        ? 'No requests yet. Reload the page to capture it from the start.'
        : 'No matching requests.';

  return (
    <div class="panel">
      <div class="toolbar" role="toolbar" aria-label="Capture">
        <input
          type="search"
          placeholder="Filter: text, method:POST, status-code:404, domain:, mime-type:, larger-than:10k, has:findings, -negate"
          aria-label="Filter requests"
          title="DevTools filter syntax: method:, status-code:, domain: (with *), mime-type:, larger-than: (10k, 1M), has:findings; - negates a term; plain words search URL, method, status and type."
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
        <button type="button" onClick={() => void clear()} aria-label="Clear the capture">
          Clear
        </button>
        <span class="count" aria-live="polite" data-testid="request-count">
          {count} {count === 1 ? 'request' : 'requests'}
          {filtered && ` (${shown.length} shown)`}
        </span>
        <span class="spacer" />
        <CopyReportButton
          report={async () => (await send('capture:report', { tabId })).report}
          disabled={!report}
          packs={packs}
          fileName={null}
        />
        <DownloadButton
          source={{ kind: 'capture', tabId }}
          disabled={count === 0}
          beforeStart={beforeDownload}
          beforeStartSkipped="DevTools did not hand over its own log in time: the file has every request this panel captured, but not requests made before the extension loaded or sockets still open."
        />
        <SendToSupport produce={() => runJob({ kind: 'capture', tabId }).result} disabled={count === 0} />
      </div>
      <div class="chips" role="group" aria-label="Request types">
        {TYPE_CHIPS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            class={`chip${chip === id ? ' on' : ''}`}
            aria-pressed={chip === id}
            aria-label={id === 'all' ? 'All request types' : `Only ${label} requests`}
            onClick={() => setChip(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="summary" data-testid="summary">
        {error && <span class="error">{error} </span>}
        {summary?.analysisError ? (
          <span class="error">Analysis failed: {summary.analysisError}</span>
        ) : report && report.entries > 0 ? (
          <Summary findings={report.findings} overview={summary?.overview ?? undefined} />
        ) : count > 0 ? (
          <span class="muted">Analysing {count.toLocaleString('en-US')} requests…</span>
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
        <RequestList
          rows={shown}
          selected={selected}
          onSelect={setSelected}
          sort={sort}
          onSort={setSort}
          empty={empty}
        />
        <div class="detail" ref={detailRef} role="region" aria-label="Before and after" data-testid="detail">
          {selected !== null && (
            <label class="changed-only">
              <input
                type="checkbox"
                checked={changedOnly}
                onChange={(e) => setChangedOnly((e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              Changed only
            </label>
          )}
          {selected === null ? (
            <p class="muted">Select a request to see it before and after redaction.</p>
          ) : detail?.before && detail.index === selected ? (
            <EntryDiff
              key={detail.index}
              before={detail.before}
              after={detail.after}
              bodyNotAvailable={detail.bodyNotAvailable}
              changedOnly={changedOnly}
            />
          ) : (
            <p class="muted" role="status" data-testid="detail-loading">
              Loading request #{selected}…
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
