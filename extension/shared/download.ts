/**
 * Page side of a download: run a job in the background, collect the redacted text in chunks,
 * then build the Blob here (the worker cannot) and save it. Nothing is saved unless every chunk
 * arrived and the job reported success.
 */
import { ChunkAssembler } from './chunks';
import type { JobClientMessage, JobServerMessage, JobSource } from './protocol';
import { JOB_PORT } from './protocol';
import type { RedactionReport } from '../../src/index';

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

export function runJob(
  source: JobSource,
  options: { keepTags?: string[]; onProgress?: (p: JobProgress) => void } = {},
): RunningJob {
  const port = chrome.runtime.connect({ name: JOB_PORT });
  let cancel = () => {};
  const result = new Promise<JobResult>((resolve, reject) => {
    let head: { filename: string; report: RedactionReport } | null = null;
    let chunks: ChunkAssembler | null = null;
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
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
          port.disconnect();
          resolve({ ...head, parts: chunks.ordered() });
          break;
        case 'error':
          fail(msg.message);
          break;
      }
    });
    port.postMessage({ type: 'start', source, keepTags: options.keepTags } satisfies JobClientMessage);
  });
  return { result, cancel: () => cancel() };
}

/** Saves text parts as a file: downloads API when the page has it, else an `<a download>`. */
export async function saveParts(parts: BlobPart[], filename: string): Promise<void> {
  const blob = new Blob(parts, { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  // The download reads the blob after this returns: revoke it only much later.
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
  if (typeof chrome !== 'undefined' && chrome.downloads?.download) {
    await chrome.downloads.download({ url, filename, saveAs: false, conflictAction: 'uniquify' });
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
