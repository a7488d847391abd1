import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RedactionReport } from '../../src/index';
import type { RulesStateDto } from '../shared/protocol';
import { send } from '../shared/messaging';
import { downloadFailure } from '../shared/download';
import { saveExport } from '../shared/sealed-save';
import { SendToSupport } from '../shared/ui/SendToSupport';
import { formatBytes } from '../shared/ui/format';
import { CopyReportButton, Summary } from '../shared/ui/Summary';
import { describeName, explainFinding } from '../shared/ui/categories';
import { useReviewWorker } from './use-review-worker';
import type { ReviewWorkerResponse } from './worker-protocol';
import { FindingsView } from './FindingsView';
import type { ShownEntry } from './FindingsView';
import { ruleFromFinding } from './rule-from-finding';
import type { Finding } from '../../src/index';

type Phase = 'idle' | 'reading' | 'redacting' | 'ready' | 'error';

interface Result {
  /** The sanitized HAR, made of parts in the worker (never one string on this page). */
  blob: Blob;
  report: RedactionReport;
  filename: string;
}

export function Review(): JSX.Element {
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [entries, setEntries] = useState(0);
  const [result, setResult] = useState<Result | null>(null);
  const [keep, setKeep] = useState<Set<string>>(new Set());
  /** Earlier keep sets, for Undo. */
  const [history, setHistory] = useState<Set<string>[]>([]);
  const [dragging, setDragging] = useState(false);
  /** Said once by the live region when a review is ready (screen readers). */
  const [announce, setAnnounce] = useState('');
  const [revealed, setRevealed] = useState<Map<string, string | null>>(new Map());
  const [rules, setRules] = useState<RulesStateDto | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownEntry | null>(null);
  const shownTag = useRef('');
  // One key per review session: tags stay the same across re-computation.
  const key = useRef<Uint8Array>(new Uint8Array(32));
  const jobId = useRef(0);
  const startedAt = useRef(0);

  const worker = useReviewWorker((msg: ReviewWorkerResponse) => {
    if ('id' in msg && msg.id !== undefined && msg.id !== jobId.current) return; // a superseded run
    switch (msg.type) {
      case 'loaded':
        void redact(new Set());
        break;
      case 'progress':
        setProgress({ done: msg.done, total: msg.total });
        break;
      case 'redacted':
        setEntries(msg.entries);
        setResult({ blob: msg.blob, report: msg.report, filename: msg.filename });
        setPhase('ready');
        setAnnounce(
          `Review ready: ${msg.report.secrets} secret value(s) will be removed` +
            (msg.report.kept ? `, ${msg.report.kept} kept in clear.` : '.'),
        );
        break;
      case 'entry':
        setShown({ index: msg.index, tag: shownTag.current, before: msg.before, after: msg.after });
        break;
      case 'revealed':
        setRevealed((m) => new Map(m).set(msg.tag, msg.value));
        break;
      case 'error':
        setError(
          `${msg.message} Nothing from this file is shown. Choose another file, or export the HAR again (DevTools → Network → Export HAR).`,
        );
        setResult(null);
        setShown(null);
        setEntries(0);
        setPhase('error');
        break;
    }
  });

  const loadRules = async () => {
    const state = await send('rules:state', {});
    setRules(state);
    return state;
  };

  useEffect(() => {
    void loadRules().catch((e: Error) => setError(e.message));
  }, []);

  const redact = async (keepTags: Set<string>, state?: RulesStateDto) => {
    const r = state ?? rules ?? (await loadRules());
    const id = ++jobId.current;
    setPhase('redacting');
    setProgress({ done: 0, total: 1000 });
    worker.post({
      type: 'redact',
      id,
      ruleSet: r.ruleSet,
      disabledRules: r.disabledRules,
      keepTags: [...keepTags],
      key: key.current,
      now: new Date().toISOString(),
    });
  };

  const open = async (f: File | undefined) => {
    if (!f) return;
    worker.terminate();
    jobId.current++;
    crypto.getRandomValues(key.current);
    setFile(f);
    setError(null);
    setResult(null);
    setSaved(null);
    setKeep(new Set());
    setHistory([]);
    setAnnounce('');
    setEntries(0);
    setRevealed(new Map());
    setShown(null);
    setPhase('reading');
    setProgress({ done: 0, total: 0 });
    startedAt.current = performance.now();
    // The worker streams the File itself: this page never holds its bytes.
    worker.post({ type: 'load', file: f });
  };

  const cancel = () => {
    worker.terminate();
    jobId.current++;
    setResult(null);
    setPhase('error');
    setError('Cancelled. Open the file again to start over.');
  };

  const setKept = (next: Set<string>) => {
    setKeep(next);
    void redact(next);
  };

  const keepMany = (fs: Finding[], on: boolean) => {
    const next = new Set(keep);
    for (const f of fs) {
      if (f.locked) continue;
      if (on) next.add(f.tag);
      else next.delete(f.tag);
    }
    setHistory((h) => [...h, keep]);
    setKept(next);
  };

  const undo = () => {
    const prev = history[history.length - 1];
    if (!prev) return;
    setHistory((h) => h.slice(0, -1));
    setKept(prev);
  };

  const addRule = async (f: Finding) => {
    const rule = ruleFromFinding(f);
    if (!rule) return;
    const settings = await send('settings:get', {});
    if (!settings.userRules.some((r) => r.id === rule.id)) {
      await send('settings:update', { userRules: [...settings.userRules, rule] });
    }
    const state = await loadRules();
    void redact(keep, state);
  };

  const download = async () => {
    if (!result || phase !== 'ready') return;
    try {
      setError(null);
      const saved = await saveExport({
        parts: [result.blob],
        filename: outName,
        ...(file ? { source: file.name } : {}),
        report: result.report,
      });
      setSaved(`Saved ${saved.filename}.`);
    } catch (err) {
      setError(downloadFailure(err));
    }
  };

  // Named after the input: support sees which file it came from.
  const outName = file ? `${file.name.replace(/\.(har|json)$/i, '')}.redacted.har` : (result?.filename ?? '');
  const keptFindings = result ? result.report.findings.filter((f) => keep.has(f.tag) && !f.locked) : [];

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void open(e.dataTransfer?.files?.[0]);
  };

  const busy = phase === 'reading' || phase === 'redacting';
  const pct = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  // The file is read once to find (the first half), then what was found is removed (the second).
  const phaseText: Record<Phase, string> = {
    idle: '',
    reading: `Opening the file (${formatBytes(file?.size ?? 0)})…`,
    redacting:
      pct < 50
        ? `Reading ${formatBytes(file?.size ?? 0)} and finding secrets… ${pct}%`
        : `Redacting… ${pct}%`,
    ready: '',
    error: '',
  };

  return (
    <main
      class={`review${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div class="sr-only" role="status" aria-live="polite" data-testid="review-announce">
        {announce}
      </div>
      <h1>Review a HAR file</h1>
      <p class="muted">
        The file stays on this computer: it is read and redacted inside this page. Only the sanitized copy is
        saved, and only when you press the button.
      </p>
      <p>
        <label for="har-file">HAR file (or drop it on this page): </label>
        <input
          id="har-file"
          type="file"
          accept=".har,.json,application/json"
          onChange={(e) => void open((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </p>
      {busy && (
        <div class="progress" role="status" aria-live="polite" data-testid="review-progress">
          <progress max={100} value={phase === 'reading' ? undefined : pct} aria-label="Progress" />
          <span>{phaseText[phase]}</span>{' '}
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {file && (
        <p class="muted">
          {file.name} — {formatBytes(file.size)}
          {entries > 0 && `, ${entries} entries`}
        </p>
      )}
      {keptFindings.length > 0 && phase === 'ready' && (
        <div class="kept-warning" role="note" data-testid="kept-warning">
          <strong>
            {keptFindings.length} value{keptFindings.length === 1 ? '' : 's'} will stay in clear in the
            download:
          </strong>
          <ul>
            {keptFindings.slice(0, 20).map((f) => {
              const e = explainFinding(f);
              return (
                <li key={f.tag}>
                  {describeName(e.reason, e.name)} #{f.tag} ({f.count} place
                  {f.count === 1 ? '' : 's'})
                </li>
              );
            })}
            {keptFindings.length > 20 && <li>{keptFindings.length - 20} more…</li>}
          </ul>
        </div>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={phase !== 'ready'} onClick={() => void download()}>
          Download sanitized HAR
        </button>{' '}
        <CopyReportButton
          report={phase === 'ready' && result ? result.report : null}
          packs={rules?.ruleSet.packs ?? []}
          fileName={outName || null}
        />{' '}
        <button
          type="button"
          disabled={history.length === 0 || busy}
          onClick={undo}
          aria-label={`Undo the last keep or redact decision${history.length ? ` (${history.length})` : ''}`}
        >
          Undo
        </button>
        <SendToSupport
          disabled={phase !== 'ready' || !result}
          produce={async () => {
            if (!result) throw new Error('Nothing is ready to send yet.');
            return {
              parts: [result.blob],
              filename: outName,
              report: result.report,
              ...(file ? { source: file.name } : {}),
            };
          }}
        />
        {saved && (
          <span role="status" class="muted">
            {' '}
            {saved}
          </span>
        )}
        {result && phase === 'ready' && (
          <div data-testid="review-summary">
            <Summary findings={result.report.findings} verb="Removes" />
          </div>
        )}
      </div>
      {result && result.report.warnings.length > 0 && (
        <details>
          <summary>{result.report.warnings.length} warning(s)</summary>
          <ul>
            {result.report.warnings.slice(0, 200).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      {result && (
        <FindingsView
          findings={result.report.findings}
          keep={keep}
          revealed={revealed}
          canAddRules={rules?.userRulesAllowed ?? true}
          onReveal={(tag) => worker.post({ type: 'reveal', tag })}
          onHide={(tag) =>
            setRevealed((m) => {
              const n = new Map(m);
              n.delete(tag);
              return n;
            })
          }
          shown={shown}
          onKeep={keepMany}
          onAddRule={(f) => void addRule(f)}
          onShowEntry={(index, tag) => {
            shownTag.current = tag;
            worker.post({ type: 'entry', index });
          }}
          onCloseEntry={() => setShown(null)}
          busy={busy}
        />
      )}
    </main>
  );
}
