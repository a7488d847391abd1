import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { originPatternFor } from '../../background/rules/team-settings';
import { send } from '../messaging';
import type { ExportConfig } from '../export-types';
import {
  checkUploadUrl,
  prepareExport,
  putWithProgress,
  recordExport,
  type ExportInput,
} from '../sealed-save';
import { formatBytes } from './format';

type Phase = 'idle' | 'prepare' | 'upload';

/**
 * "Send to support…": uploads the sanitized (and, when recipients exist, encrypted) file to a one-time
 * link the support team gave, or to the endpoint policy sets, with progress; then records it in the
 * export log. Only that link's origin is asked for, at that moment; no cookie or credential is sent.
 */
export function SendToSupport({
  produce,
  disabled,
}: {
  /** Runs the redaction and hands over the file (the same bytes a download would save). */
  produce: () => Promise<ExportInput>;
  disabled?: boolean;
}): JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null);
  const [config, setConfig] = useState<ExportConfig | null>(null);
  const [url, setUrl] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState({ loaded: 0, total: 0 });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const upload = useRef<{ abort(): void } | null>(null);

  const open = async () => {
    setMessage(null);
    dialog.current?.showModal();
    try {
      const cfg = await send('export:config', {});
      setConfig(cfg);
      if (cfg.uploadUrl) setUrl(cfg.uploadUrl);
    } catch (err) {
      setMessage({ text: (err as Error).message, error: true });
    }
  };

  const start = async () => {
    setMessage(null);
    const checked = checkUploadUrl(url);
    if (!checked.ok) return setMessage({ text: checked.reason, error: true });
    // Asked before any await, while the click still counts as a user gesture; a link set by policy
    // needs no prompt (its server answers CORS, as for the team rules URL).
    const pattern = config?.uploadUrl ? undefined : originPatternFor(checked.url.href);
    const permission = pattern
      ? chrome.permissions.request({ origins: [pattern] }).catch(() => false)
      : Promise.resolve(true);
    try {
      setPhase('prepare');
      await permission;
      const input = await produce();
      const prepared = await prepareExport(input, config ?? undefined);
      setPhase('upload');
      setProgress({ loaded: 0, total: prepared.digest.bytes });
      const put = putWithProgress(checked.url.href, prepared, (loaded, total) =>
        setProgress({ loaded, total }),
      );
      upload.current = put;
      const status = await put.done;
      await recordExport(input, prepared, { url: checked.url.href, status });
      setMessage({
        text: `Sent ${prepared.filename} (${formatBytes(prepared.digest.bytes)}${
          prepared.recipients.length ? ', encrypted' : ''
        }) to ${checked.url.host}. SHA-256 ${prepared.digest.sha256}.`,
        error: false,
      });
    } catch (err) {
      setMessage({ text: `Not sent: ${(err as Error).message}`, error: true });
    } finally {
      upload.current = null;
      setPhase('idle');
    }
  };

  const busy = phase !== 'idle';
  const pct = progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  const n = config?.recipients.length ?? 0;
  return (
    <span class="send-to-support">
      <button type="button" disabled={disabled} onClick={() => void open()}>
        Send to support…
      </button>
      <dialog ref={dialog} aria-labelledby="sts-title" data-testid="send-to-support" class="send-dialog">
        <h2 id="sts-title">Send to support</h2>
        <p class="muted">
          Uploads the sanitized HAR
          {n ? ` encrypted to ${n} recipient${n === 1 ? '' : 's'}` : ' (not encrypted)'} to a link your
          support team gave you. No cookie or sign-in of yours is sent with it.
        </p>
        <p>
          <label for="sts-url">Upload link</label>
          <br />
          <input
            id="sts-url"
            type="url"
            size={60}
            placeholder="https://…"
            value={url}
            readOnly={Boolean(config?.uploadUrl) || busy}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
          />
          {config?.uploadUrl && <span class="muted"> (set by your organisation)</span>}
        </p>
        {busy && (
          <p>
            <progress max={100} value={phase === 'upload' ? pct : undefined} aria-label="Upload progress" />{' '}
            <span class="muted">{phase === 'prepare' ? 'preparing the file' : `uploading ${pct}%`}</span>
          </p>
        )}
        {message && (
          <p
            role={message.error ? 'alert' : 'status'}
            class={message.error ? 'error' : 'muted'}
            data-testid="send-message"
          >
            {message.text}
          </p>
        )}
        <p>
          <button type="button" class="primary" disabled={busy || !url.trim()} onClick={() => void start()}>
            Send
          </button>{' '}
          {busy ? (
            <button type="button" disabled={phase !== 'upload'} onClick={() => upload.current?.abort()}>
              Cancel upload
            </button>
          ) : (
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          )}
        </p>
      </dialog>
    </span>
  );
}
