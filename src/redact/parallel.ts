import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import type { RedactionReport } from '../report/types';
import { EntrySplitter, NotPlain, parseEntry } from '../har/split';
import type { HarLayout } from '../har/write';
import { finishRedaction, randomKey } from './engine';
import { mergeByEntry, RecordMerger } from './merge';
import { findingsOfRecords, type Renamed, type SecretRecord } from './registry';
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
export type Layout = HarLayout;

/** Consecutive entries at log.entries[offset…], each at [ends[i-1] (or 0), ends[i]) of `bytes`. */
export interface Batch {
  offset: number;
  bytes: Uint8Array;
  ends: number[];
}

/** What a batch found in pass 1, with its output as a batch of its own (to keep aside). */
export type Found = BatchFindings<Batch>;

export interface Workers {
  /** How many batches may be in flight at once (bounds memory). */
  readonly slots: number;
  find(batch: Batch): Promise<Found>;
  adopt(merged: readonly SecretRecord[], renamed: readonly Renamed[]): Promise<void>;
  /** A batch's pass-1 output after pass 2: its entries as they are written (separated; ends of each). */
  rewrite(batch: Batch): Promise<Batch>;
  /** Pass 2 over the log outside its entries (in one of the workers). */
  rewriteLog(log: Har['log']): Promise<Har['log']>;
  /** After pass 2: what propagation replaced, from each worker (see BatchRedactor.replaced). */
  replaced(): Promise<SecretRecord[][]>;
  /** After replaced(), the last call: the workers may go (their memory is free for the report). */
  release?(): void;
}

/**
 * Where pass 1's output waits for pass 2, in the order written: a private temp file (CLI), memory
 * or Blob parts (browser, tests). Pass 1's output holds what pass 1 found redacted, the rest not yet.
 */
export interface Spill {
  write(bytes: Uint8Array): void | Promise<void>;
  read(start: number, length: number): Promise<Uint8Array>;
}

/** A spill in memory (tests, small inputs). */
export function memorySpill(): Spill {
  const parts: Uint8Array[] = [];
  let all: Uint8Array | null = null;
  return {
    write: (b) => void parts.push(b.slice()),
    read: async (start, length) => {
      all ??= batchOf(parts, 0).bytes;
      return all.slice(start, start + length);
    },
  };
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
const SEPARATOR_BYTES: Record<Layout, Uint8Array> = {
  pretty: encoder.encode(SEPARATOR.pretty),
  compact: encoder.encode(SEPARATOR.compact),
};
const NO_OUTPUT = (offset: number): Batch => ({ offset, bytes: new Uint8Array(0), ends: [] });

/** The bytes of a batch's `i`th entry. */
const entryBytes = (b: Batch, i: number) => b.bytes.subarray(i ? b.ends[i - 1] : 0, b.ends[i]);

/** The user's choices a run follows: rules switched off, values kept (see redactStream). */
export type Choices = Pick<RedactOptions, 'disabledRules' | 'keepTags'>;

const redactorOf = (rules: RuleSet, key: Uint8Array, choices: Choices = {}) =>
  new BatchRedactor(rules, key, new Set(choices.disabledRules ?? []), new Set(choices.keepTags ?? []));

/** The redaction of batches in one thread, bytes in and out (a worker thread runs one of these). */
export class BatchWorker {
  private readonly redactor: BatchRedactor;
  constructor(
    rules: RuleSet,
    key: Uint8Array,
    private readonly layout: Layout | null,
    choices?: Choices,
  ) {
    this.redactor = redactorOf(rules, key, choices);
  }

  /** The batch's entries, parsed one at a time as they are asked for. */
  private *entries(b: Batch, parse = parseEntry): Iterable<Entry> {
    for (let i = 0; i < b.ends.length; i++) {
      let e: Entry;
      try {
        e = parse(entryBytes(b, i), b.offset + i);
      } catch (err) {
        throw new NotPlain(`an entry near log.entries[${b.offset}] is not valid: ${String(err)}`);
      }
      yield e;
    }
  }

  find(b: Batch): Found {
    // Kept aside as the output writes it: pass 2 leaves most entries as they are, and then writes
    // these very bytes instead of serializing the entry again. Entry by entry, so that what one
    // entry allocates dies young.
    const layout = this.layout ?? 'compact';
    const parts: string[] = [];
    const found = this.redactor.find(this.entries(b), b.offset, (e) => parts.push(serializeEntry(e, layout)));
    return { ...found, out: batchOf(parts, b.offset) };
  }

  adopt(merged: readonly SecretRecord[], renamed: readonly Renamed[]): void {
    this.redactor.adopt(merged, renamed);
  }

  rewrite(b: Batch): Batch {
    const { layout } = this;
    // As pass 1 kept them: an entry propagation leaves alone (the same object back), and every entry
    // when nothing was found anywhere (then nothing is parsed either).
    const parts: (Uint8Array | string)[] = b.ends.map((_, i) => entryBytes(b, i));
    if (!this.redactor.nothingToPropagate) {
      let i = 0;
      for (const before of this.entries(b, parseJson)) {
        const after = this.redactor.rewrite(before, b.offset + i);
        if (after !== before && layout) parts[i] = serializeEntry(after, layout);
        i++;
      }
    }
    return layout ? batchOf(parts, b.offset, SEPARATOR_BYTES[layout]) : NO_OUTPUT(b.offset);
  }

  rewriteLog(log: Har['log']): Har['log'] {
    return this.redactor.rewriteLog(log);
  }

  replaced(): SecretRecord[] {
    return this.redactor.replaced();
  }
}

const decoder = new TextDecoder();
const parseJson = (bytes: Uint8Array) => JSON.parse(decoder.decode(bytes)) as Entry;

/** Workers in this thread, one batch at a time (hosts without threads, and tests). */
export function localWorkers(
  rules: RuleSet,
  key: Uint8Array,
  layout: Layout | null,
  pause?: () => Promise<void>,
  /** The same choices as redactStream's options. */
  choices?: Choices,
): Workers {
  const w = new BatchWorker(rules, key, layout, choices);
  const run = async <T>(f: () => T): Promise<T> => {
    await pause?.();
    return f();
  };
  return {
    slots: 1,
    find: (b) => run(() => w.find(b)),
    adopt: (merged, renamed) => run(() => w.adopt(merged, renamed)),
    rewrite: (b) => run(() => w.rewrite(b)),
    rewriteLog: (log) => run(() => w.rewriteLog(log)),
    replaced: () => run(() => [w.replaced()]),
  };
}

/** Where batchOf writes before it copies the batch out: one per thread, kept between batches. */
let scratch = new Uint8Array(1 << 20);
const SCRATCH_MAX = 8 << 20;

/**
 * The parts one after another (with `sep` between two), and where each ends; a string part is
 * written as UTF-8. One allocation per batch, whatever its entries.
 */
function batchOf(parts: readonly (Uint8Array | string)[], offset: number, sep?: Uint8Array): Batch {
  let room = sep && parts.length ? sep.length * (parts.length - 1) : 0;
  for (const p of parts) room += typeof p === 'string' ? p.length * 3 : p.length;
  const into = room <= scratch.length ? scratch : new Uint8Array(room);
  if (into !== scratch && room <= SCRATCH_MAX) scratch = into;
  const ends: number[] = [];
  let at = 0;
  parts.forEach((p, i) => {
    if (sep && i) {
      into.set(sep, at);
      at += sep.length;
    }
    if (typeof p === 'string') at += encoder.encodeInto(p, into.subarray(at)).written;
    else {
      into.set(p, at);
      at += p.length;
    }
    ends.push(at);
  });
  return { offset, bytes: into.slice(0, at), ends };
}

/** Runs `jobs`, at most `slots` at once, and hands their results to `consume` in order. */
async function inOrder<J, R>(
  jobs: AsyncIterable<J>,
  slots: number,
  run: (job: J) => Promise<R>,
  consume: (r: R) => void | Promise<void>,
): Promise<void> {
  const inFlight: Promise<R>[] = [];
  for await (const job of jobs) {
    const p = run(job);
    // Awaited in order below; a failure must not go unhandled meanwhile.
    p.catch(() => undefined);
    inFlight.push(p);
    while (inFlight.length >= slots) await consume(await (inFlight.shift() as Promise<R>));
  }
  while (inFlight.length) await consume(await (inFlight.shift() as Promise<R>));
}

/**
 * Cuts the HAR in `chunks` into batches of entries of about `batchBytes`; then `end` has the rest.
 * Each entry is copied into its batch as it comes: a chunk is free again once the splitter had it.
 */
async function* batches(
  chunks: AsyncIterable<Uint8Array>,
  batchBytes: number,
  end: (har: Har, count: number) => void,
  onEntryRange?: StreamOptions['onEntryRange'],
): AsyncIterable<Batch> {
  let bytes = new Uint8Array(batchBytes * 2);
  let ends: number[] = [];
  let offset = 0;
  const ready: Batch[] = [];
  const cut = () => {
    if (!ends.length) return;
    const size = ends[ends.length - 1];
    ready.push({ offset, bytes: bytes.slice(0, size), ends });
    offset += ends.length;
    ends = [];
    // A huge entry grew the buffer: not kept that big for the rest of the run.
    if (bytes.length > batchBytes * 2) bytes = new Uint8Array(batchBytes * 2);
  };
  const splitter = new EntrySplitter((entry, index, start) => {
    onEntryRange?.(index, start, start + entry.length);
    const at = ends.length ? ends[ends.length - 1] : 0;
    if (at + entry.length > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + entry.length));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    bytes.set(entry, at);
    ends.push(at + entry.length);
    if (at + entry.length >= batchBytes) cut();
  });
  for await (const chunk of chunks) {
    splitter.push(chunk);
    yield* ready.splice(0);
  }
  const har = splitter.end();
  cut();
  yield* ready.splice(0);
  end(har, splitter.count);
}

/**
 * `keepTags`, `disabledRules`: as redactHar's; the workers get the same ({@link localWorkers}). A
 * value kept in one batch that a locked rule finds in another is kept or not by the order redactHar
 * meets them: the run then throws {@link NotPlain} (read the input whole).
 */
export interface StreamOptions extends Pick<RedactOptions, 'tool' | 'now' | 'keepTags' | 'disabledRules'> {
  key: Uint8Array;
  /** Where the output goes, in order; null layout: no output (only the report). */
  layout: Layout | null;
  write?: (chunk: Uint8Array) => void | Promise<void>;
  /** Where pass 1's output waits for pass 2 (default: memory). */
  spill?: Spill;
  /** Bytes of entries per batch. */
  batchBytes?: number;
  /** After each batch: 0 to 1 over both passes, given the input's size. */
  onProgress?: (fraction: number) => void;
  size?: number;
  /** Each entry of log.entries as read: its bytes are [start, end) of the input (pass 1, in order). */
  onEntryRange?: (index: number, start: number, end: number) => void;
  /** Each entry of log.entries as written: its bytes are [start, end) of the output (pass 2, in order). */
  onEntryOutput?: (index: number, start: number, end: number) => void;
}

/**
 * What pass 2 searches for: values that go everywhere or within their entries, and those whose
 * placeholders a merge renamed, without where each was seen (with a value per entry, every thread
 * held every location of every value). A list for the workers' adopt only: not kept through pass 2.
 */
function searchedIn(merged: readonly SecretRecord[], renamed: readonly Renamed[]): SecretRecord[] {
  const renamedValues = new Set(renamed.map(([value]) => value));
  return merged
    .filter((r) => r.propagate || r.local || renamedValues.has(r.value))
    .map((r) => ({ ...r, locations: [] }));
}

/** The output's text before and after the entries (the log without its input's manifest). */
function frame(har: Har, layout: Layout): [string, string] {
  const mark = `\u0000har-redact-entries-${toHex(randomKey()).slice(0, 16)}`;
  const text = serializeDoc({ ...har, log: { ...har.log, entries: [mark as unknown as Entry] } }, layout);
  const at = text.indexOf(JSON.stringify(mark));
  return [text.slice(0, at), text.slice(at + JSON.stringify(mark).length)];
}

/**
 * Redacts the HAR that `chunks` yields with `workers` in two passes, as redactHar does: pass 1
 * finds, batch by batch, and keeps each batch's output aside (`options.spill`); its records are
 * merged in entry order; pass 2 removes every found value from the kept output and writes it
 * through `options.write` in order. The output is byte for byte what serializeHar(redactHar(…))
 * writes for the same key (pretty layout), whatever the workers, batches and chunks. Throws
 * {@link NotPlain} when the input is not a plainly written UTF-8 HAR (the caller reads it whole
 * instead; nothing was written then), and on any failure.
 */
export async function redactStream(
  chunks: AsyncIterable<Uint8Array>,
  workers: Workers,
  rules: RuleSet,
  options: StreamOptions,
): Promise<RedactionReport> {
  const batchBytes = options.batchBytes ?? 512 * 1024;
  const write = options.write ?? (() => undefined);
  const spill = options.spill ?? memorySpill();
  const { layout, size } = options;
  // Pass 1 reads `size` bytes, pass 2 what pass 1 kept: half the progress each.
  let done = 0;
  const progress = (b: number, of: number) => of && options.onProgress?.(Math.min(1, (done += b / of / 2)));

  // Pass 1: what every batch registers, merged in entry order; the log's own fields come last.
  const found = new RecordMerger();
  const warnings: string[] = [];
  const kept: { offset: number; start: number; length: number; ends: number[] }[] = [];
  let spilled = 0;
  let doc: { har: Har; count: number } | undefined;
  const input = batches(chunks, batchBytes, (har, count) => (doc = { har, count }), options.onEntryRange);
  const keep = new Set(options.keepTags ?? []);
  /** Tags a batch kept in clear (not locked there). */
  const keptSomewhere = new Set<string>();
  const noteKept = (records: readonly SecretRecord[]) => {
    for (const r of records) if (!r.locked && keep.has(r.tag)) keptSomewhere.add(r.tag);
  };
  const find = (b: Batch) => {
    const n = b.bytes.length;
    return workers.find(b).then((f) => (progress(n, size ?? 0), f));
  };
  await inOrder(input, workers.slots, find, async (f) => {
    noteKept(f.records);
    found.add(f.records);
    warnings.push(...f.warnings);
    const { offset, bytes, ends } = f.out;
    kept.push({ offset, start: spilled, length: bytes.length, ends });
    spilled += bytes.length;
    await spill.write(bytes);
  });
  if (!doc) throw new Error('the input ended early');
  const { _redaction: _old, ...log } = doc.har.log as Har['log'] & { _redaction?: unknown };
  const har = { ...doc.har, log: log as Har['log'] };
  const here = redactorOf(rules, options.key, options);
  const ofLog = here.findLog(har.log);
  noteKept(ofLog.records);
  found.add(ofLog.records);
  const merged = found.records();
  if (merged.some((r) => r.locked && keptSomewhere.has(r.tag)))
    throw new NotPlain('a value to keep is also found by a locked rule');
  await workers.adopt(searchedIn(merged, found.renamed), found.renamed);

  // Pass 2: the log first (its text comes before the entries'), then the entries, written in order.
  const rewritten = await workers.rewriteLog(ofLog.out);
  const total = doc.count;
  const finish = (findings: SecretRecord[]) =>
    finishRedaction(
      har,
      rewritten,
      findingsOfRecords(findings, keep),
      total,
      [...here.ruleWarnings(), ...warnings, ...ofLog.warnings],
      rules,
      options,
    );
  const [head] = layout ? frame(finish([]).har, layout) : [''];
  /** Bytes of output so far. */
  let at = 0;
  const emit = async (bytes: Uint8Array) => {
    at += bytes.length;
    await write(bytes);
  };
  if (layout && total) await emit(encoder.encode(head));
  let written = 0;
  async function* again(): AsyncIterable<Batch> {
    for (const k of kept)
      yield { offset: k.offset, bytes: await spill.read(k.start, k.length), ends: k.ends };
  }
  await inOrder(
    again(),
    workers.slots,
    (b) => {
      const n = b.bytes.length;
      return workers.rewrite(b).then((out) => (progress(n, spilled), out));
    },
    async ({ offset, bytes, ends }) => {
      if (!layout || !bytes.length) return;
      if (written++) await emit(SEPARATOR_BYTES[layout]);
      const sep = SEPARATOR_BYTES[layout].length;
      ends.forEach((end, k) =>
        options.onEntryOutput?.(offset + k, at + (k ? ends[k - 1] + sep : 0), at + end),
      );
      await emit(bytes);
    },
  );
  // Counts: pass 1 everywhere, then pass 2 by entry (the log's last), as one walk counts them.
  const counted = new RecordMerger();
  counted.add(merged);
  counted.add(mergeByEntry(await workers.replaced()));
  workers.release?.();
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
