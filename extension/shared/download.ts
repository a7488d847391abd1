/**
 * Page side of a download: run a job in the background, collect the redacted text in chunks,
 * then build the Blob here (the worker cannot) and save it. Nothing is saved unless every chunk
 * arrived and the job reported success.
 */
import { ChunkAssembler } from './chunks';
import type { JobClientMessage, JobServerMessage, JobSource } from './protocol';
import { JOB_PORT } from './protocol';
import type { RedactionReport } from '../../src/index';
import { withDeadline } from './deadline';

export interface JobProgress {
  phase: 'redact' | 'send';
  done: number;
  total: number;
}

export interface JobResult {
  filename: string;
  report: RedactionReport;
  parts: string[];
}

export interface RunningJob {
  result: Promise<JobResult>;
  cancel(): void;
}

/** The part of `chrome.runtime.Port` a job uses (tests pass a fake). */
export interface JobClientPort {
  postMessage(msg: JobClientMessage): void;
  disconnect(): void;
  onMessage: { addListener(cb: (msg: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

/**
 * The background says something at least this often while a job runs (progress at most every
 * 100 ms while redacting, a chunk per tick while sending). Silence this long means the worker
 * is gone without closing the port: the user is told, instead of a button that spins forever.
 */
export const JOB_STALL_MS = 30_000;

export interface JobOptions {
  keepTags?: string[];
  onProgress?: (p: JobProgress) => void;
  stallMs?: number;
  connect?: () => JobClientPort;
}

const connectJobPort = (): JobClientPort =>
  chrome.runtime.connect({ name: JOB_PORT }) as unknown as JobClientPort;

export function runJob(source: JobSource, options: JobOptions = {}): RunningJob {
  const port = (options.connect ?? connectJobPort)();
  const stallMs = options.stallMs ?? JOB_STALL_MS;
  let cancel = () => {};
  const result = new Promise<JobResult>((resolve, reject) => {
    let head: { filename: string; report: RedactionReport } | null = null;
    let chunks: ChunkAssembler | null = null;
    let settled = false;
    let watchdog: ReturnType<typeof setTimeout> | null = null;
    /** (Re)starts the silence timer; once settled, only stops it. */
    const armWatchdog = () => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = settled
        ? null
        : setTimeout(
            () =>
              fail(
                `The background worker stopped answering for ${Math.round(stallMs / 1000)} s. Nothing was downloaded; try again.`,
              ),
            stallMs,
          );
    };
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      armWatchdog();
      port.disconnect();
      reject(new Error(message));
    };
    cancel = () => {
      try {
        port.postMessage({ type: 'cancel' } satisfies JobClientMessage);
      } catch {
        // already gone
      }
      fail('Cancelled.');
    };
    port.onDisconnect.addListener(() =>
      fail('The background worker stopped before the file was ready. Nothing was downloaded.'),
    );
    port.onMessage.addListener((raw: unknown) => {
      const msg = raw as JobServerMessage;
      armWatchdog();
      switch (msg.type) {
        case 'progress':
          options.onProgress?.(msg);
          break;
        case 'result':
          head = { filename: msg.filename, report: msg.report };
          chunks = new ChunkAssembler(msg.chunks);
          break;
        case 'chunk':
          if (!chunks) return fail('The background sent data before the result header.');
          chunks.add(msg.index, msg.data);
          break;
        case 'done':
          if (!head || !chunks?.complete)
            return fail('The redacted file arrived incomplete. Nothing was downloaded.');
          settled = true;
          armWatchdog();
          port.disconnect();
          resolve({ ...head, parts: chunks.ordered() });
          break;
        case 'error':
          fail(msg.message);
          break;
      }
    });
    port.postMessage({ type: 'start', source, keepTags: options.keepTags } satisfies JobClientMessage);
    armWatchdog();
  });
  return { result, cancel: () => cancel() };
}

/** How long Chrome may take to accept a finished file before the user is told to check. */
const SAVE_MS = 30_000;

/** Chrome did not confirm a save in time: the file may or may not be in the user's downloads. */
export class SaveUnconfirmed extends Error {}

/** What the user reads when a download fails (an unconfirmed save says so itself). */
export function downloadFailure(err: unknown): string {
  const why = err instanceof Error ? err.message : String(err);
  return err instanceof SaveUnconfirmed ? why : `Not downloaded: ${why}`;
}

/**
 * Saves text parts as a file: downloads API when the page has it, else an `<a download>`. Throws
 * SaveUnconfirmed when Chrome has not accepted the file within SAVE_MS.
 */
export async function saveParts(parts: BlobPart[], filename: string): Promise<void> {
  const blob = new Blob(parts, { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  // The download reads the blob after this returns: revoke it only much later.
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
  if (typeof chrome !== 'undefined' && chrome.downloads?.download) {
    const started = chrome.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
    if (
      (await withDeadline(
        started.then(() => true),
        SAVE_MS,
      )) === null
    ) {
      throw new SaveUnconfirmed(
        `Chrome has not confirmed saving ${filename} after ${SAVE_MS / 1000} s: look in your downloads, and if it is not there, try again.`,
      );
    }
    return;
  }
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}
