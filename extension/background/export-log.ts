/**
 * The export log: one record per export (what left, when, under which rules; never a value) in
 * storage.local, the last LOG_MAX kept, and each record POSTed to the policy's `auditLogUrl` from a
 * bounded queue with retries. Sending never blocks, delays or fails an export.
 */
import { buildExportRecord, loggableUrl, type ExportRecord } from '../../src/export/record';
import type { PackInfo } from '../../src/index';
import type { StorageAreaLike } from '../shared/storage';
import type { AuditQueueStatus, ExportNotice } from '../shared/export-types';

export const EXPORT_LOG_KEY = 'export.log';
export const LOG_MAX = 1000;

export class ExportLog {
  /** Appends run one after another: two exports at once must not drop each other's record. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly local: StorageAreaLike) {}

  async read(): Promise<ExportRecord[]> {
    const v = (await this.local.get(EXPORT_LOG_KEY))[EXPORT_LOG_KEY];
    return Array.isArray(v) ? (v as ExportRecord[]) : [];
  }

  append(record: ExportRecord): Promise<void> {
    const next = this.chain.then(async () => {
      const list = await this.read();
      list.push(record);
      await this.local.set({ [EXPORT_LOG_KEY]: list.slice(-LOG_MAX) });
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

export function recordFromNotice(
  n: ExportNotice,
  packs: PackInfo[],
  tool: { name: string; version: string },
  now = new Date(),
): ExportRecord {
  return buildExportRecord({
    time: now,
    via: n.via,
    source: n.source,
    output: n.output,
    digest: n.digest,
    report: n.report,
    packs,
    recipients: n.recipients,
    tool,
    ...(n.upload ? { upload: n.upload } : {}),
  });
}

export type FetchLike = (url: string, init: RequestInit) => Promise<{ ok: boolean; status: number }>;

export interface AuditSenderOptions {
  fetch?: FetchLike;
  /** Records waiting at most; the oldest is dropped (and counted) when a new one comes. */
  max?: number;
  attempts?: number;
  /** First retry after this; doubles each time. */
  baseDelayMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * POSTs records as JSON, in order, one at a time; a failure is retried with backoff (1 s, 2 s, 4 s, …)
 * up to `attempts` times, then given up and reported in the status. No cookie or credential is sent.
 */
export class AuditSender {
  private queue: { url: string; record: ExportRecord; tries: number }[] = [];
  private running = false;
  private readonly st: AuditQueueStatus = { pending: 0, sent: 0, dropped: 0 };
  private readonly o: Required<AuditSenderOptions>;

  constructor(opts: AuditSenderOptions = {}) {
    this.o = {
      fetch: opts.fetch ?? ((url, init) => fetch(url, init)),
      max: opts.max ?? 200,
      attempts: opts.attempts ?? 6,
      baseDelayMs: opts.baseDelayMs ?? 1000,
      timeoutMs: opts.timeoutMs ?? 15_000,
      sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    };
  }

  status(): AuditQueueStatus {
    return { ...this.st, pending: this.queue.length + (this.running ? 1 : 0) };
  }

  enqueue(url: string, record: ExportRecord): void {
    this.st.url = loggableUrl(url);
    if (this.queue.length >= this.o.max) {
      this.queue.shift();
      this.st.dropped++;
    }
    this.queue.push({ url, record, tries: 0 });
    void this.drain();
  }

  /** Resolves when the queue is empty (for tests and for a worker about to sleep). */
  async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // The record in flight is out of the queue, so a full queue drops a waiting one, never it.
      let item = this.queue.shift();
      while (item) {
        if (await this.post(item.url, item.record)) {
          this.st.sent++;
        } else if (++item.tries >= this.o.attempts) {
          this.st.dropped++;
        } else {
          await this.o.sleep(this.o.baseDelayMs * 2 ** (item.tries - 1));
          // Retried before newer records: the endpoint receives them in order.
          this.queue.unshift(item);
          if (this.queue.length > this.o.max) {
            this.queue.splice(1, 1);
            this.st.dropped++;
          }
        }
        item = this.queue.shift();
      }
    } finally {
      this.running = false;
    }
  }

  private async post(url: string, record: ExportRecord): Promise<boolean> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.o.timeoutMs);
    try {
      const res = await this.o.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(record),
        credentials: 'omit',
        redirect: 'error',
        cache: 'no-store',
        signal: ctl.signal,
      });
      if (res.ok) {
        delete this.st.lastError;
        return true;
      }
      this.st.lastError = `HTTP ${res.status}`;
    } catch (err) {
      this.st.lastError = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timer);
    }
    return false;
  }
}
