import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { downloadFailure, runJob } from '../download';
import { saveExport } from '../sealed-save';
import type { JobProgress, RunningJob } from '../download';
import type { JobSource } from '../protocol';
import { Summary } from './Summary';
import type { RedactionReport } from '../../../src/index';
import { withDeadline } from '../deadline';

/** How long `beforeStart` may take before the download goes on without it. */
export const BEFORE_START_MS = 10_000;

/**
 * "Download sanitized HAR" for a capture: progress while the background works, Cancel, and a
 * clear message when it fails (then nothing was downloaded).
 */
export function DownloadButton({
  source,
  disabled,
  beforeStart,
  beforeStartSkipped,
  keepTags,
}: {
  source: JobSource;
  disabled?: boolean;
  beforeStart?: () => Promise<void>;
  /** Said after "Saved …" when `beforeStart` failed or ran out of time. */
  beforeStartSkipped?: string;
  keepTags?: string[];
}): JSX.Element {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  /** Where a download is: said to the user, and in data-phase for tests and bug reports. */
  const [phase, setPhase] = useState<'idle' | 'collect' | 'job' | 'save'>('idle');
  const busy = phase !== 'idle';
  const [message, setMessage] = useState<{ text: string; error: boolean; report?: RedactionReport } | null>(
    null,
  );
  const job = useRef<RunningJob | null>(null);

  const start = async () => {
    setMessage(null);
    setProgress(null);
    try {
      // What beforeStart adds is a bonus, not a requirement: a failure or a wait past the deadline
      // (DevTools' getHAR() can hang on a request it cannot finish) downloads the capture without it.
      setPhase('collect');
      const extra = beforeStart
        ? await withDeadline(
            beforeStart().then(() => true),
            BEFORE_START_MS,
          ).catch(() => false)
        : true;
      setPhase('job');
      job.current = runJob(source, { keepTags, onProgress: setProgress });
      const result = await job.current.result;
      setPhase('save');
      const saved = await saveExport(result);
      setMessage({
        text: `Saved ${saved.filename}.` + (extra ? '' : ` ${beforeStartSkipped ?? ''}`),
        error: false,
        report: result.report,
      });
    } catch (err) {
      setMessage({ text: downloadFailure(err), error: true });
    } finally {
      job.current = null;
      setProgress(null);
      setPhase('idle');
    }
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <span class="download" data-phase={phase}>
      <button type="button" class="primary" disabled={disabled || busy} onClick={() => void start()}>
        Download sanitized HAR
      </button>
      {busy && (
        <>
          {' '}
          <progress max={100} value={pct} aria-label="Redaction progress" style={{ width: '90px' }} />{' '}
          <span class="muted">
            {phase === 'collect'
              ? 'collecting the DevTools log'
              : phase === 'save'
                ? 'saving'
                : `${progress?.phase === 'send' ? 'preparing file' : 'redacting'} ${pct}%`}
          </span>{' '}
          <button type="button" onClick={() => job.current?.cancel()}>
            Cancel
          </button>
        </>
      )}
      {message && (
        <span
          role={message.error ? 'alert' : 'status'}
          class={message.error ? 'error' : 'muted'}
          data-testid="download-message"
        >
          {' '}
          {message.text}
          {message.report && <Summary findings={message.report.findings} verb="Removed" />}
        </span>
      )}
    </span>
  );
}
