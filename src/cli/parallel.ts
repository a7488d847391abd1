import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Har } from 'har-format';
import { serializeHar, type RuleSet } from '../index';
import { entryRangeBytes, MAX_DEPTH, parseEntries, parseHarHead } from '../har/read';
import {
  entryLayout,
  entryLayoutUntil,
  guessCuts,
  guessCutsAt,
  tailIsPlain,
  type EntryLayout,
} from '../har/split';
import { redactSharded, type ShardRunner } from '../redact/parallel';
import type { SecretRecord, ValueForms } from '../redact/registry';
import type { OutputSink, RedactOutcome } from './pipeline';
import { quietV8Helpers } from './v8-tuning';
import {
  ENTRY_SEPARATOR,
  MISSED,
  publishCount,
  putEntries,
  SHARD_WORKER,
  Utf8Blocks,
  UNKNOWN,
  type FromShard,
  type ToShard,
} from './shard-worker';

/** Below this size threads cost more than they save. */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
const MAX_AUTO_THREADS = 4;
const PIECE = 4 * 1024 * 1024;
/**
 * The share of the entries (by bytes) this thread keeps, relative to a worker's. Equal: with the input
 * in shared memory a worker starts decoding its range about when this thread starts parsing its own,
 * and the passes meet at the merge (at 0.9, as when ranges were copied first, this thread waited
 * 0.1–0.3 s there for the worker on the bench, in 5 runs of 5).
 */
const OWN_SHARE = 1.0;

/** How many threads to use: `--threads N` when given, else one per core (up to 4) for big inputs. */
export function threadCount(requested: number | undefined, bytes: number): number {
  if (requested !== undefined) return requested;
  if (bytes < PARALLEL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(MAX_AUTO_THREADS, availableParallelism()));
}

/** Started before the input is read, so their start-up overlaps with reading it. */
export class ShardPool {
  readonly workers: Worker[];
  constructor(count: number) {
    // This thread and the workers fill every core: V8's helper threads would only slow them.
    if (count + 1 >= availableParallelism()) quietV8Helpers();
    this.workers = Array.from(
      { length: count },
      () => new Worker(new URL(import.meta.url), { workerData: { role: SHARD_WORKER } }),
    );
    // Idle workers must not keep the process alive, nor crash it before a job is sent.
    for (const w of this.workers) {
      w.unref();
      w.on('error', () => undefined);
    }
  }
  close(): void {
    for (const w of this.workers) void w.terminate();
  }
  /** Fresh workers in place of these (which had a job that is now moot). */
  restart(): void {
    this.close();
    this.workers.splice(0, this.workers.length, ...new ShardPool(this.workers.length).workers);
  }
}

class Unreadable extends Error {}
class Missed extends Error {}

type Job = Extract<ToShard, { type: 'job' }>;
/** Its output (serialized entries) goes to a Relay as it comes. */
type Runner = ShardRunner<undefined> & {
  /** What a worker with a guessed range (FindRange) found there. */
  layout(): Promise<{ count: number; close: number }>;
};

/** Where a worker's serialized entries go, block by block, then the end of them. */
interface RunnerOutput {
  block(b: Uint8Array): void;
  done(): void;
}

/**
 * Writes the workers' serialized entries as their blocks arrive, in order, once this thread's own
 * part is written: the writing overlaps the workers' serialization instead of following it, and the
 * background flushes of the output start sooner, so the closing fsync has less left to wait for.
 */
class Relay {
  private readonly queues: Uint8Array[][] = [];
  private readonly finished: boolean[] = [];
  private current = 0;
  private ownWritten = false;
  private open = true;
  constructor(private readonly emit: (chunk: string | Uint8Array) => void) {}

  /** The output of the k-th worker range (in the order of the entries). */
  runner(k: number): RunnerOutput {
    this.queues[k] = [];
    this.finished[k] = false;
    return {
      block: (b) => {
        if (!this.open) return;
        this.queues[k].push(b);
        this.pump();
      },
      done: () => {
        if (!this.open) return;
        this.finished[k] = true;
        this.pump();
      },
    };
  }

  /** This thread's part is written: the workers' parts may follow. */
  ownPartWritten(): void {
    this.ownWritten = true;
    this.pump();
  }

  /** Whether every worker's part was written whole. */
  get complete(): boolean {
    return this.ownWritten && this.current === this.queues.length;
  }

  /** Nothing more is written (the run ended, or failed: its output is dropped). */
  close(): void {
    this.open = false;
  }

  private pump(): void {
    if (!this.ownWritten) return;
    while (this.current < this.queues.length) {
      for (const b of this.queues[this.current].splice(0)) this.emit(b);
      if (!this.finished[this.current]) return;
      this.current++;
      if (this.current < this.queues.length) this.emit(ENTRY_SEPARATOR);
    }
  }
}

/** A worker as a ShardRunner; its serialized entries go to `out` as they come. */
function workerRunner(worker: Worker, job: Job, out: RunnerOutput | undefined): Runner {
  const messages: FromShard[] = [];
  const waiting: { resolve: (m: FromShard) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.ref();
  worker.on('message', (m: FromShard) => {
    if (m.type === 'block') {
      out?.block(m.block);
      return;
    }
    const w = waiting.shift();
    if (w) w.resolve(m);
    else messages.push(m);
  });
  worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
  let finished = false;
  worker.on('exit', (code) => {
    if (!finished) fail(new Error(`a worker thread stopped (exit ${code})`));
  });
  const next = (): Promise<FromShard> => {
    const m = messages.shift();
    if (m) return Promise.resolve(m);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const expect = async <T extends FromShard['type']>(type: T) => {
    const m = await next();
    if (m.type === 'unreadable') throw new Unreadable();
    if (m.type === 'missed') throw new Missed();
    if (m.type === 'error') throw new Error(m.message);
    if (m.type !== type) throw new Error(`worker: expected ${type}, got ${m.type}`);
    return m as Extract<FromShard, { type: T }>;
  };
  // A range of a shared buffer is read where it lies; a copy of its own is moved, not copied again.
  const shared = job.range.buffer instanceof SharedArrayBuffer;
  worker.postMessage(job, shared ? [] : [job.range.buffer as ArrayBuffer]);
  return {
    async layout() {
      const m = await expect('layout');
      return { count: m.count, close: m.close };
    },
    async structural() {
      const m = await expect('pass1');
      return { records: m.records, warnings: m.warnings, forms: m.forms };
    },
    async propagate(merged: SecretRecord[], forms: Map<string, ValueForms>) {
      worker.postMessage({ type: 'merged', records: merged, forms } satisfies ToShard);
      const m = await expect('done');
      // Its heap (the parsed entries) goes now.
      finished = true;
      void worker.terminate();
      out?.done();
      return { output: undefined, records: m.records };
    },
  };
}

/** Entry indexes where each range starts: this thread's share first, then equal shares by bytes. */
function cutPoints(layout: EntryLayout, shards: number): number[] {
  const { starts, ends } = layout;
  const n = starts.length;
  const total = ends[n - 1] - starts[0];
  const unit = total / (OWN_SHARE + shards - 1);
  const cuts: number[] = [];
  let i = 0;
  for (let k = 1; k < shards; k++) {
    const target = starts[0] + unit * (OWN_SHARE + k - 1);
    while (i < n && ends[i] <= target) i++;
    const min = (cuts[cuts.length - 1] ?? 0) + 1; // every range holds at least one entry
    const max = n - (shards - k);
    cuts.push(Math.min(max, Math.max(min, i)));
  }
  return cuts;
}

/** The input split between this thread (`head`, with its entries) and the workers (`runners`). */
interface Split {
  head: Har;
  runners: Runner[];
  /** Entries in all. */
  total: number;
  /** The next range of the pool for this thread, parsed (see guessedSplit), or null. */
  more?: () => { entries: Har['log']['entries']; offset: number } | null;
}

/**
 * With one worker, the middle of the entries is a pool of small ranges that each thread takes from
 * its own side once its range is done, so neither waits long for the other at the merge: on this
 * 2-core machine one thread's first pass often ended 0.2–0.5 s before the other's, whichever was
 * slowed by the host.
 */
const POOL_SHARE = 0.2;
const POOL_RANGES = 6;
/** The cuts around and inside the pool, as fractions of the entries' bytes. */
const POOL_AT = Array.from(
  { length: POOL_RANGES + 1 },
  (_, j) => 0.5 - POOL_SHARE / 2 + (POOL_SHARE * j) / POOL_RANGES,
);
/**
 * Test hook: the pool goes to one side only (HAR_REDACT_TEST_POOL=main or worker, or `race`), and a
 * run that cannot use a pool fails (the CLI then warns and redacts in one thread).
 */
const poolOnlyFor = (): string | undefined => process.env.HAR_REDACT_TEST_POOL;

/** What a split job has whatever its range (FindRange or the range's bytes). */
type JobBase = Omit<Job, 'range' | 'starts' | 'ends' | 'offset' | 'find'>;

/**
 * The input laid out first (entryLayout), then cut into ranges of about equal size. Null when the
 * input is not plainly shaped or this thread's part cannot be read.
 */
function laidOutSplit(bytes: Uint8Array, pool: ShardPool, job: JobBase, relay?: Relay): Split | null {
  const layout = entryLayout(bytes, MAX_DEPTH);
  const total = layout?.starts.length ?? 0;
  if (!layout || total < 2) return null;
  const shards = Math.min(pool.workers.length + 1, total);
  const cuts = cutPoints(layout, shards);
  const bounds = [0, ...cuts, total];
  // Each worker gets its range's bytes and decodes them itself: where they lie when the input is in
  // shared memory (readFileShared), else a copy of their own, moved.
  const shared = bytes.buffer instanceof SharedArrayBuffer;
  const rangeOf = (from: number, to: number) =>
    shared
      ? { range: bytes, starts: layout.starts.slice(from, to), ends: layout.ends.slice(from, to) }
      : entryRangeBytes(bytes, layout, from, to);
  const runners = pool.workers
    .slice(0, shards - 1)
    .map((w, k) =>
      workerRunner(
        w,
        { ...job, ...rangeOf(bounds[k + 1], bounds[k + 2]), offset: bounds[k + 1] },
        relay?.runner(k),
      ),
    );
  try {
    return { head: parseHarHead(bytes, layout, bounds[1]), runners, total };
  } catch {
    return null;
  }
}

/**
 * The input cut where entries very likely start (guessCuts), so the workers start at once and lay
 * out their own ranges while this thread lays out its own. Undefined when the input is not written
 * so or a guess proves wrong (the workers are then replaced: the caller lays the input out instead);
 * null when the input cannot be read (see laidOutSplit).
 */
async function guessedSplit(
  bytes: Uint8Array,
  pool: ShardPool,
  job: JobBase,
  relay?: Relay,
): Promise<Split | null | undefined> {
  if (!(bytes.buffer instanceof SharedArrayBuffer)) return undefined;
  const first = entryLayoutUntil(bytes, MAX_DEPTH, 0);
  if (!first) return undefined;
  const poolCuts = pool.workers.length === 1 ? guessCutsAt(bytes, first.next, first.end, POOL_AT) : null;
  // (The test hook also checks that a pool is used: nothing would show it otherwise.)
  if (poolOnlyFor() && !poolCuts) throw new Error('test: no pool');
  const cuts = poolCuts
    ? [poolCuts[POOL_RANGES]]
    : guessCuts(bytes, first.next, first.end, pool.workers.length + 1, OWN_SHARE);
  if (!cuts) return undefined;
  // Entry counts by range, in order: this thread's, the pool's (if any), the workers'.
  const ownSlots = poolCuts ? 1 + POOL_RANGES : 1;
  const counts = new Int32Array(new SharedArrayBuffer(4 * (ownSlots + cuts.length))).fill(UNKNOWN);
  // Pool range j: 0 while free, then 1 (this thread) or 2 (the worker).
  const claims = new Int32Array(new SharedArrayBuffer(4 * POOL_RANGES));
  const runners = cuts.map((from, k) => {
    const last = k === cuts.length - 1;
    const find = {
      from,
      to: last ? first.end : cuts[k + 1],
      last,
      counts,
      slot: ownSlots + k,
      ...(poolCuts ? { pool: { cuts: poolCuts, claims } } : {}),
    };
    const shardJob = { ...job, range: bytes, starts: [], ends: [], offset: 0, find };
    return workerRunner(pool.workers[k], shardJob, relay?.runner(k));
  });
  const missed = () => {
    for (let slot = 0; slot < ownSlots; slot++) publishCount(counts, slot, MISSED);
    if (poolOnlyFor()) throw new Error('test: a guessed cut missed');
    pool.restart();
    return undefined;
  };
  const own = entryLayoutUntil(bytes, MAX_DEPTH, cuts[0]);
  if (!own || own.next !== cuts[0] || own.starts.length === 0) return missed();
  const count = own.starts.length;
  // Where this thread's range and the pool's ranges start, as entry indexes: each cut is an entry.
  const bounds = [0];
  if (poolCuts) {
    for (const cut of poolCuts.slice(0, POOL_RANGES)) {
      const i = indexOfSorted(own.starts, cut, bounds[bounds.length - 1] + 1);
      if (i < 0) return missed();
      bounds.push(i);
    }
  }
  bounds.push(count);
  for (let slot = 0; slot < ownSlots; slot++) publishCount(counts, slot, bounds[slot + 1] - bounds[slot]);
  const parse = (from: number, to: number) => {
    try {
      return parseEntries(bytes, own.starts.slice(from, to), own.ends.slice(from, to), from);
    } catch {
      throw new Unreadable();
    }
  };
  let entries;
  try {
    entries = parse(0, bounds[1]);
  } catch {
    return null;
  }
  let found;
  try {
    found = await Promise.all(runners.map((r) => r.layout()));
  } catch (err) {
    if (err instanceof Missed) return missed();
    if (err instanceof Unreadable) return null;
    throw err;
  }
  const close = found[found.length - 1].close;
  if (!tailIsPlain(bytes, close, own.end, MAX_DEPTH)) return null;
  let head;
  try {
    head = parseHarHead(bytes, { ...own, close, starts: [], ends: [] }, 0);
  } catch {
    return null;
  }
  head.log.entries = entries;
  // The pool, from this side: range j while the worker has not taken it (it takes from the other end).
  let next = poolCuts && poolOnlyFor() !== 'worker' ? 0 : POOL_RANGES;
  const more = () => {
    if (next >= POOL_RANGES || Atomics.compareExchange(claims, next, 0, 1) !== 0) {
      next = POOL_RANGES;
      return null;
    }
    const j = next++;
    return { entries: parse(bounds[j + 1], bounds[j + 2]), offset: bounds[j + 1] };
  };
  return { head, runners, total: found.reduce((n, f) => n + f.count, count), more };
}

/** The index of `value` in `sorted` at or after `from` (by bisection), or -1. */
function indexOfSorted(sorted: readonly number[], value: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value ? lo : -1;
}

/**
 * Redacts in `pool.workers.length + 1` threads, each a contiguous range of entries. Resolves null when
 * the input is not plainly shaped or a range cannot be read: the caller then reads the file the
 * ordinary way (one thread), which also words any error. Rejects on any failure of any thread, so
 * nothing partial is ever written.
 */
export async function redactParallel(
  /** The input's UTF-8 (isPlainUtf8Har), dropped once parsed when the caller can read it again. */
  source: { bytes?: Uint8Array },
  /** Where the output goes, piece by piece, as soon as each piece is final (else: in the result). */
  sink: Pick<OutputSink, 'write'> | undefined,
  rereadable: boolean,
  pool: ShardPool,
  rules: RuleSet,
  options: { key: Uint8Array; tool: { name: string; version: string }; now: string; serialize: boolean },
): Promise<RedactOutcome | null> {
  const bytes = source.bytes;
  if (bytes === undefined) return null;
  const job = {
    type: 'job' as const,
    rules,
    key: options.key,
    disabledRules: [],
    serialize: options.serialize,
  };
  const emit = (chunk: string | Uint8Array) => (sink ? sink.write(chunk) : chunks.push(chunk));
  const chunks: (string | Uint8Array)[] = [];
  const relay = options.serialize ? new Relay(emit) : undefined;
  try {
    let split = await guessedSplit(bytes, pool, job, relay);
    if (split === undefined) split = laidOutSplit(bytes, pool, job, relay);
    if (split === null) return null;
    const { head, runners, total, more } = split;
    if (rereadable) source.bytes = undefined;
    // This thread's part (everything before the other ranges' entries) is written as soon as it is
    // final, while the workers still propagate and serialize theirs; their parts follow as they come.
    const nonce = randomBytes(8).toString('hex');
    const mark = JSON.stringify(`\u0000har-redact-range-${nonce}`);
    const withMark = (har: Har, entries: Har['log']['entries']) =>
      serializeHar({ ...har, log: { ...har.log, entries: [...entries, JSON.parse(mark)] } });
    let result;
    try {
      result = await redactSharded(
        head,
        runners,
        total,
        rules,
        { key: options.key, tool: options.tool, now: options.now },
        {
          ...(more ? { more } : {}),
          ownPartDone: (har) => {
            if (!relay) return;
            // Entry by entry, in pieces of a few megabytes (one buffer, when the sink writes them
            // before it returns).
            const out = new Utf8Blocks(PIECE, emit, sink !== undefined);
            const head = withMark(har, []);
            out.put(head.slice(0, head.indexOf(mark)));
            putEntries(out, har.log.entries, true);
            out.end();
            relay.ownPartWritten();
          },
        },
      );
    } catch (err) {
      if (err instanceof Unreadable) return null;
      throw err;
    }
    if (!relay) return { report: result.report, chunks: [] };
    // Every worker sent its last block before saying it was done.
    if (!relay.complete) throw new Error('a worker range was not written whole');
    const tail = withMark(result.har, []);
    emit(tail.slice(tail.indexOf(mark) + mark.length));
    return { report: result.report, chunks };
  } finally {
    relay?.close();
  }
}
