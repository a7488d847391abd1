import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import type { RedactionReport } from '../report/types';
import { EntrySplitter, NotPlain, parseEntry } from '../har/split';
import { finishRedaction, randomKey } from './engine';
import { mergeByEntry, RecordMerger } from './merge';
import { findingsOfRecords, type SecretRecord } from './registry';
import { BatchRedactor, type BatchFindings } from './shard';
import type { RedactOptions } from './types';
import { toHex } from '../util/sha256';

/**
 * The streaming pipeline, for any host: a reader yields the input's bytes (twice: one pass finds,
 * the next rewrites), an {@link EntrySplitter} cuts them into entries, batches of entries go to
 * workers (threads, or this thread: {@link localWorkers}) and come back in order. Memory follows the
 * largest batch times the batches in flight, plus the values found; never the file.
 */

/** How the output is written: as serializeHar writes it (indented by 2), or on one line. */
export type Layout = 'pretty' | 'compact';

/** Consecutive entries at log.entries[offset…], each at [ends[i-1] (or 0), ends[i]) of `bytes`. */
export interface Batch {
  offset: number;
  bytes: Uint8Array;
  ends: number[];
}

export interface Workers {
  /** How many batches may be in flight at once (bounds memory). */
  readonly slots: number;
  find(batch: Batch): Promise<BatchFindings>;
  adopt(merged: readonly SecretRecord[]): Promise<void>;
  /** A batch after pass 2: its entries as they are written (separated, without brackets). */
  rewrite(batch: Batch): Promise<Uint8Array>;
  /** Pass 2 over the log outside its entries (in one of the workers). */
  rewriteLog(log: Har['log']): Promise<Har['log']>;
  /** After pass 2: what propagation replaced, from each worker (see BatchRedactor.replaced). */
  replaced(): Promise<SecretRecord[][]>;
}

/** The text serializeHar puts around an entry of log.entries, and between two of them. */
const PRETTY = JSON.stringify({ log: { entries: [0, 0] } }, null, 2);
const WRAP_HEAD = PRETTY.indexOf('0');
const WRAP_TAIL = PRETTY.length - PRETTY.lastIndexOf('0') - 1;
const SEPARATOR: Record<Layout, string> = {
  pretty: PRETTY.slice(WRAP_HEAD + 1, PRETTY.lastIndexOf('0')),
  compact: ',',
};

function serializeEntry(e: Entry, layout: Layout): string {
  if (layout === 'compact') return JSON.stringify(e);
  const s = JSON.stringify({ log: { entries: [e] } }, null, 2);
  return s.slice(WRAP_HEAD, s.length - WRAP_TAIL);
}

function serializeDoc(har: Har, layout: Layout): string {
  return layout === 'pretty' ? JSON.stringify(har, null, 2) + '\n' : JSON.stringify(har);
}

const encoder = new TextEncoder();

/** The redaction of batches in one thread, bytes in and out (a worker thread runs one of these). */
export class BatchWorker {
  private readonly redactor: BatchRedactor;
  constructor(
    rules: RuleSet,
    key: Uint8Array,
    private readonly layout: Layout | null,
  ) {
    this.redactor = new BatchRedactor(rules, key);
  }

  private entries(b: Batch): Entry[] {
    try {
      return b.ends.map((end, i) => parseEntry(b.bytes.subarray(i ? b.ends[i - 1] : 0, end), b.offset + i));
    } catch (err) {
      throw new NotPlain(`an entry near log.entries[${b.offset}] is not valid: ${String(err)}`);
    }
  }

  find(b: Batch): BatchFindings {
    return this.redactor.find(this.entries(b), b.offset);
  }

  adopt(merged: readonly SecretRecord[]): void {
    this.redactor.adopt(merged);
  }

  rewrite(b: Batch): Uint8Array {
    const entries = this.redactor.rewrite(this.entries(b), b.offset);
    const layout = this.layout;
    if (!layout) return new Uint8Array(0);
    return encoder.encode(entries.map((e) => serializeEntry(e, layout)).join(SEPARATOR[layout]));
  }

  rewriteLog(log: Har['log']): Har['log'] {
    return this.redactor.rewriteLog(log);
  }

  replaced(): SecretRecord[] {
    return this.redactor.replaced();
  }
}

/** Workers in this thread, one batch at a time (hosts without threads, and tests). */
export function localWorkers(
  rules: RuleSet,
  key: Uint8Array,
  layout: Layout | null,
  pause?: () => Promise<void>,
): Workers {
  const w = new BatchWorker(rules, key, layout);
  const run = async <T>(f: () => T): Promise<T> => {
    await pause?.();
    return f();
  };
  return {
    slots: 1,
    find: (b) => run(() => w.find(b)),
    adopt: (merged) => run(() => w.adopt(merged)),
    rewrite: (b) => run(() => w.rewrite(b)),
    rewriteLog: (log) => run(() => w.rewriteLog(log)),
    replaced: () => run(() => [w.replaced()]),
  };
}

function batchOf(parts: Uint8Array[], offset: number): Batch {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    ends.push((at += p.length));
  }
  return { offset, bytes, ends };
}

/**
 * One pass: splits `chunks` into batches of about `batchBytes`, runs each, and hands the results to
 * `consume` in entry order, with at most `slots` batches in flight. Resolves with the HAR around the
 * entries and how many there were.
 */
async function eachBatch<R>(
  chunks: AsyncIterable<Uint8Array>,
  slots: number,
  batchBytes: number,
  run: (b: Batch) => Promise<R>,
  consume: (r: R) => void | Promise<void>,
): Promise<{ har: Har; count: number }> {
  const inFlight: Promise<R>[] = [];
  const ready: Batch[] = [];
  let parts: Uint8Array[] = [];
  let size = 0;
  let offset = 0;
  const cut = () => {
    if (!parts.length) return;
    ready.push(batchOf(parts, offset));
    offset += parts.length;
    parts = [];
    size = 0;
  };
  const splitter = new EntrySplitter((bytes) => {
    parts.push(bytes);
    if ((size += bytes.length) >= batchBytes) cut();
  });
  const send = async (most: number) => {
    for (const b of ready.splice(0)) {
      const p = run(b);
      // Awaited in order below; a failure must not go unhandled meanwhile.
      p.catch(() => undefined);
      inFlight.push(p);
      while (inFlight.length > most) await consume(await (inFlight.shift() as Promise<R>));
    }
  };
  for await (const chunk of chunks) {
    splitter.push(chunk);
    await send(slots);
  }
  const har = splitter.end();
  cut();
  await send(slots);
  while (inFlight.length) await consume(await (inFlight.shift() as Promise<R>));
  return { har, count: splitter.count };
}

export interface StreamOptions extends Pick<RedactOptions, 'tool' | 'now'> {
  key: Uint8Array;
  /** Where the output goes, in order; null layout: no output (only the report). */
  layout: Layout | null;
  write?: (chunk: Uint8Array) => void | Promise<void>;
  /** Bytes of entries per batch. */
  batchBytes?: number;
  /** After each batch: 0 to 1 over both passes, given the input's size. */
  onProgress?: (fraction: number) => void;
  size?: number;
}

/** The output's text before and after the entries (the log without its input's manifest). */
function frame(har: Har, layout: Layout): [string, string] {
  const mark = `\u0000har-redact-entries-${toHex(randomKey()).slice(0, 16)}`;
  const text = serializeDoc({ ...har, log: { ...har.log, entries: [mark as unknown as Entry] } }, layout);
  const at = text.indexOf(JSON.stringify(mark));
  return [text.slice(0, at), text.slice(at + JSON.stringify(mark).length)];
}

/**
 * Redacts the HAR that `read()` yields (called once per pass: the same bytes each time) with
 * `workers`, writing the output through `options.write` as it is produced. The output is byte for
 * byte the same whatever the workers, batches and chunks, and is what serializeHar(redactHar(…))
 * writes for the same key (pretty layout). Throws {@link NotPlain} when the input is not a plainly
 * written UTF-8 HAR (the caller reads it whole instead), and on any failure: nothing is committed.
 */
export async function redactStream(
  read: () => AsyncIterable<Uint8Array>,
  workers: Workers,
  rules: RuleSet,
  options: StreamOptions,
): Promise<RedactionReport> {
  const batchBytes = options.batchBytes ?? 2 * 1024 * 1024;
  const write = options.write ?? (() => undefined);
  const layout = options.layout;
  let done = 0;
  const progress = (pass: number, b: number) => {
    done += b;
    if (options.size) options.onProgress?.(Math.min(1, (pass * options.size + done) / (2 * options.size)));
  };
  const track =
    <T>(pass: number, run: (b: Batch) => Promise<T>) =>
    (b: Batch) =>
      run(b).then((r) => (progress(pass, b.bytes.length), r));

  // Pass 1: what every batch registers, merged in entry order; the log's own fields come last.
  const found = new RecordMerger();
  const warnings: string[] = [];
  const here = new BatchRedactor(rules, options.key);
  const first = await eachBatch(
    read(),
    workers.slots,
    batchBytes,
    track(0, (b) => workers.find(b)),
    (f) => {
      found.add(f.records);
      warnings.push(...f.warnings);
    },
  );
  const { _redaction: _old, ...log } = first.har.log as Har['log'] & { _redaction?: unknown };
  const har = { ...first.har, log: log as Har['log'] };
  const ofLog = here.findLog(har.log);
  found.add(ofLog.records);
  const merged = found.records();
  await workers.adopt(merged);

  // Pass 2: the log first (its text comes before the entries'), then the entries, written in order.
  const rewritten = await workers.rewriteLog(har.log);
  const total = first.count;
  const finish = (findings: SecretRecord[]) =>
    finishRedaction(
      har,
      rewritten,
      findingsOfRecords(findings),
      total,
      [...here.ruleWarnings(), ...warnings, ...ofLog.warnings],
      rules,
      options,
    );
  const [head] = layout ? frame(finish([]).har, layout) : [''];
  if (layout && total) await write(encoder.encode(head));
  let written = 0;
  done = 0;
  const second = await eachBatch(
    read(),
    workers.slots,
    batchBytes,
    track(1, (b) => workers.rewrite(b)),
    async (bytes) => {
      if (!layout || !bytes.length) return;
      if (written++) await write(encoder.encode(SEPARATOR[layout]));
      await write(bytes);
    },
  );
  if (second.count !== total) throw new Error('the input changed while it was read');
  // Counts: pass 1 everywhere, then pass 2 by entry (the log's last), as one walk counts them.
  const counted = new RecordMerger();
  counted.add(merged);
  counted.add(mergeByEntry(await workers.replaced()));
  const result = finish(counted.records());
  if (layout) {
    if (!total) await write(encoder.encode(serializeDoc(result.har, layout)));
    else {
      const [head2, tail] = frame(result.har, layout);
      if (head2 !== head) throw new Error('the output head changed between the passes');
      await write(encoder.encode(tail));
    }
  }
  return result.report;
}
