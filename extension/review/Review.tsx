import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RedactionReport } from '../../src/index';
import type { RulesStateDto } from '../shared/protocol';
import { send } from '../shared/messaging';
import { downloadFailure } from '../shared/download';
import { saveExport } from '../shared/sealed-save';
import { SendToSupport } from '../shared/ui/SendToSupport';
import { describeLabels, formatBytes } from '../shared/ui/format';
import { readFileWithProgress } from './read-file';
import { useReviewWorker } from './use-review-worker';
import type { ReviewWorkerResponse } from './worker-protocol';
import { FindingsView } from './FindingsView';
import { ruleFromFinding } from './rule-from-finding';
import type { Finding } from '../../src/index';
import type { Entry } from 'har-format';
import { EntryDiff } from '../panel/EntryDiff';

type Phase = 'idle' | 'reading' | 'parsing' | 'redacting' | 'ready' | 'error';

interface Result {
  bytes: Uint8Array;
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
  const [revealed, setRevealed] = useState<Map<string, string | null>>(new Map());
  const [rules, setRules] = useState<RulesStateDto | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [shown, setShown] = useState<{ index: number; before: Entry | null; after: Entry | null } | null>(
    null,
  );
  // One key per review session: tags stay the same across re-computation.
  const key = useRef<Uint8Array>(new Uint8Array(32));
  const jobId = useRef(0);
  const startedAt = useRef(0);

  const worker = useReviewWorker((msg: ReviewWorkerResponse) => {
    if ('id' in msg && msg.id !== undefined && msg.id !== jobId.current) return; // a superseded run
    switch (msg.type) {
      case 'loaded':
        setEntries(msg.entries);
        void redact(new Set());
        break;
      case 'progress':
        setProgress({ done: msg.done, total: msg.total });
        break;
      case 'redacted':
        setResult({ bytes: msg.bytes, report: msg.report, filename: msg.filename });
        setPhase('ready');
        break;
      case 'entry':
        setShown({ index: msg.index, before: msg.before, after: msg.after });
        break;
      case 'revealed':
        setRevealed((m) => new Map(m).set(msg.tag, msg.value));
        break;
      case 'error':
        setError(msg.message);
        setResult(null);
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
    setProgress({ done: 0, total: entries || 1 });
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
    setRevealed(new Map());
    setShown(null);
    setPhase('reading');
    startedAt.current = performance.now();
    try {
      const bytes = await readFileWithProgress(f, (done, total) => setProgress({ done, total }));
      setPhase('parsing');
      worker.post({ type: 'load', bytes }, [bytes]);
    } catch (err) {
      setError(`Could not read the file: ${(err as Error).message}`);
      setPhase('error');
    }
  };

  const cancel = () => {
    worker.terminate();
    jobId.current++;
    setResult(null);
    setPhase('error');
    setError('Cancelled. Open the file again to start over.');
  };

  const toggleKeep = (f: Finding, on: boolean) => {
    if (f.locked) return;
    const next = new Set(keep);
    if (on) next.add(f.tag);
    else next.delete(f.tag);
    setKeep(next);
    void redact(next);
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
        parts: [result.bytes],
        filename: result.filename,
        report: result.report,
      });
      setSaved(`Saved ${saved.filename}.`);
    } catch (err) {
      setError(downloadFailure(err));
    }
  };

  const busy = phase === 'reading' || phase === 'parsing' || phase === 'redacting';
  const pct = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const phaseText: Record<Phase, string> = {
    idle: '',
    reading: `Reading the file… ${pct}% of ${formatBytes(file?.size ?? 0)}`,
    parsing: 'Parsing the HAR…',
    redacting: `Redacting… ${pct}%`,
    ready: '',
    error: '',
  };

  return (
    <main class="review">
      <h1>Review a HAR file</h1>
      <p class="muted">
        The file stays on this computer: it is read and redacted inside this page. Only the sanitized copy is
        saved, and only when you press the button.
      </p>
      <p>
        <label for="har-file">HAR file: </label>
        <input
          id="har-file"
          type="file"
          accept=".har,.json,application/json"
          onChange={(e) => void open((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </p>
      {busy && (
        <div class="progress" role="status" aria-live="polite" data-testid="review-progress">
          <progress max={100} value={phase === 'parsing' ? undefined : pct} aria-label="Progress" />
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
      <div class="actions">
        <button type="button" class="primary" disabled={phase !== 'ready'} onClick={() => void download()}>
          Download sanitized HAR
        </button>
        <SendToSupport
          disabled={phase !== 'ready' || !result}
          produce={async () => {
            if (!result) throw new Error('Nothing is ready to send yet.');
            return { parts: [result.bytes], filename: result.filename, report: result.report };
          }}
        />
        {result && phase === 'ready' && (
          <span data-testid="review-summary">
            {' '}
            Removes {result.report.secrets} secret value(s) in {result.report.replacements} place(s):{' '}
            {describeLabels(result.report.byLabel)}.
          </span>
        )}
        {saved && (
          <span role="status" class="muted">
            {' '}
            {saved}
          </span>
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
      {shown?.before && (
        <section aria-label={`Entry ${shown.index} before and after`} class="entry-view">
          <h2>
            Entry #{shown.index}: {shown.before.request.method}{' '}
            {(shown.after ?? shown.before).request.url.slice(0, 160)}{' '}
            <button type="button" onClick={() => setShown(null)}>
              Close
            </button>
          </h2>
          <EntryDiff before={shown.before} after={shown.after} bodyNotAvailable={false} />
        </section>
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
          onKeep={toggleKeep}
          onAddRule={(f) => void addRule(f)}
          onShowEntry={(index) => worker.post({ type: 'entry', index })}
          busy={busy}
        />
      )}
    </main>
  );
}
