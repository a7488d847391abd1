import { parentPort } from 'node:worker_threads';
import type { Entry } from 'har-format';
import type { RuleSet } from '../index';
import { MAX_DEPTH, parseEntries } from '../har/read';
import { entriesIn } from '../har/split';
import { addForms, type SecretRecord, type ValueForms } from '../redact/registry';
import { ShardSequence } from '../redact/shard';

/** Marks the CLI's own worker threads (see main.ts). */
export const SHARD_WORKER = 'har-redact-shard';

/** The text around an entry when it is serialized where serializeHar puts it (log.entries[i]). */
const WRAP_HEAD = JSON.stringify({ log: { entries: [0] } }, null, 2).indexOf('0');
const WRAP_TAIL = JSON.stringify({ log: { entries: [0] } }, null, 2).length - WRAP_HEAD - 1;
export const ENTRY_SEPARATOR = JSON.stringify({ log: { entries: [0, 0] } }, null, 2).slice(
  WRAP_HEAD + 1,
  -WRAP_TAIL - 1,
);
const BLOCK = 8 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

export type ToShard =
  | {
      type: 'job';
      /**
       * The shared input, or a copy of the entries' range of its own: each entry is at
       * [starts[i], ends[i]) in it. With `find`, the input (shared), where the worker finds its
       * entries itself.
       */
      range: Uint8Array;
      starts: number[];
      ends: number[];
      offset: number;
      find?: FindRange;
      rules: RuleSet;
      key: Uint8Array;
      disabledRules: string[];
      /** false for `scan`: only the findings are wanted. */
      serialize: boolean;
    }
  | { type: 'merged'; records: SecretRecord[]; forms: Map<string, ValueForms> };

/**
 * A guessed range (see guessCuts): the worker lays out its entries itself and learns its offset from
 * the ranges before it, through `counts` (shared): slot k holds range k's entry count once known
 * ({@link UNKNOWN} until then, {@link MISSED} when the guess proved wrong). This thread's range is
 * slot 0.
 */
export interface FindRange {
  from: number;
  to: number;
  last: boolean;
  counts: Int32Array;
  slot: number;
  /**
   * The pool of ranges just before this one (see guessedSplit in parallel.ts): range j is
   * [cuts[j], cuts[j + 1]), its count in slot j + 1; a range is taken by setting its claim from 0 to
   * 2 (this thread's side takes 1).
   */
  pool?: { cuts: number[]; claims: Int32Array };
}
export const UNKNOWN = -1;
export const MISSED = -2;
/** How long a worker waits for the ranges before it to be laid out (they take well under a second). */
const COUNT_WAIT_MS = 60_000;

/** Publishes a range's entry count (or MISSED) to the workers that wait for it. */
export function publishCount(counts: Int32Array, slot: number, count: number): void {
  Atomics.store(counts, slot, count);
  Atomics.notify(counts, slot);
}

/** The index of the range's first entry in log.entries, or -1 when a range before it missed. */
function offsetOf(counts: Int32Array, slot: number): number {
  let offset = 0;
  for (let k = 0; k < slot; k++) {
    Atomics.wait(counts, k, UNKNOWN, COUNT_WAIT_MS);
    const n = Atomics.load(counts, k);
    if (n < 0) return -1;
    offset += n;
  }
  return offset;
}

export type FromShard =
  | { type: 'unreadable' }
  /** The guessed range was not one (see FindRange): the coordinator lays the input out instead. */
  | { type: 'missed' }
  | { type: 'layout'; count: number; close: number }
  | { type: 'pass1'; records: SecretRecord[]; warnings: string[]; forms: Map<string, ValueForms> }
  /** Part of the range's serialized entries, in order, sent as soon as it is full. */
  | { type: 'block'; block: Uint8Array }
  | { type: 'done'; records: SecretRecord[] }
  | { type: 'error'; message: string };

/** One entry as serializeHar writes it inside log.entries (indented three levels). */
function serializeEntry(entry: Entry): string {
  const s = JSON.stringify({ log: { entries: [entry] } }, null, 2);
  return s.slice(WRAP_HEAD, s.length - WRAP_TAIL);
}

/**
 * Writes strings as UTF-8 into blocks of `size` bytes (or one of its own for a longer string) and
 * hands each block to `flush` when the next string does not fit, and at `end()`. With `reuse`,
 * `flush` must be done with a block when it returns (it is written over next); else every block is
 * new (to be moved to another thread, say). No string of the whole output is ever built.
 */
export class Utf8Blocks {
  private readonly encoder = new TextEncoder();
  private block: Uint8Array;
  private used = 0;
  /** Where the current block starts in `spare` (-1: it is a block of its own). */
  private at = -1;
  constructor(
    private readonly size: number,
    private readonly flush: (block: Uint8Array) => void,
    private readonly reuse: boolean,
    /** Memory to cut blocks from, in order, before new ones are made (see serializeEntries). */
    private readonly spare?: Uint8Array,
  ) {
    this.block = this.nextBlock(0, 0);
  }
  /** A block for at least `most` bytes: the rest of the spare memory from `from` on, else a new one. */
  private nextBlock(from: number, most: number): Uint8Array {
    const spare = this.spare;
    if (spare && spare.length - from >= Math.max(most, 1)) {
      this.at = from;
      return spare.subarray(from, from + Math.min(spare.length - from, Math.max(this.size, most)));
    }
    this.at = -1;
    return new Uint8Array(Math.max(this.size, most));
  }
  put(s: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    const most = s.length * 3;
    if (this.block.length - this.used < most) {
      if (this.used) this.flush(this.block.subarray(0, this.used));
      if (this.at >= 0) this.block = this.nextBlock(this.at + this.used, most);
      else if (!this.reuse || this.block.length < most)
        this.block = this.nextBlock(this.spare?.length ?? 0, most);
      this.used = 0;
    }
    this.used += this.encoder.encodeInto(s, this.block.subarray(this.used)).written;
  }
  /** Hands over the last block; nothing is put after it. */
  end(): void {
    if (this.used) this.flush(this.block.subarray(0, this.used));
    this.used = 0;
  }
}

/**
 * Entries as they appear inside serializeHar's output (separated by commas, without the brackets),
 * as UTF-8 in blocks of about 8 MB, each handed to `flush` as soon as it is full. They are cut from
 * `scratch`, the bytes the entries were parsed from, first: nothing reads them any more, and reusing
 * them spares as many new pages (their faults and zeroing: the worker's serialization took 240–350 ms
 * on half of the bench against 210–270 for this thread's, which reuses one buffer); then new blocks.
 */
function serializeEntries(
  entries: readonly Entry[],
  scratch: Uint8Array | undefined,
  flush: (block: Uint8Array) => void,
): void {
  const out = new Utf8Blocks(BLOCK, flush, false, scratch);
  putEntries(out, entries, false);
  out.end();
}

/**
 * Entries as serializeHar writes them inside log.entries, separated by commas; with `more` (other
 * entries follow them), a comma after the last one too.
 */
export function putEntries(out: Utf8Blocks, entries: readonly Entry[], more: boolean): void {
  entries.forEach((e, i) => {
    if (i) out.put(ENTRY_SEPARATOR);
    out.put(serializeEntry(e));
  });
  if (more && entries.length) out.put(ENTRY_SEPARATOR);
}

/** A job's entries, and the bytes they were parsed from (which the job lets go of). */
interface Taken {
  entries: Entry[];
  scratch: Uint8Array;
  /** The input, when the worker may take more ranges from it (a pool). */
  input?: Uint8Array;
}

/** Parses a job's entries. */
function takeEntries(job: Extract<ToShard, { type: 'job' }>): Taken {
  const range = job.range;
  job.range = EMPTY;
  const { starts, ends } = job;
  const entries = parseEntries(range, starts, ends, job.offset);
  return { entries, scratch: range.subarray(starts[0] ?? 0, ends[ends.length - 1] ?? 0) };
}

/**
 * A guessed range: its entries laid out (or 'missed'), reported, parsed; then its offset, once the
 * ranges before it are laid out. Null when the worker has nothing more to do (it posted why).
 */
function findEntries(
  job: Extract<ToShard, { type: 'job' }>,
  find: FindRange,
  post: (m: FromShard) => void,
): Taken | null {
  const input = job.range;
  job.range = EMPTY;
  const run = entriesIn(input, find.from, find.to, find.last, MAX_DEPTH);
  if (!run) {
    publishCount(find.counts, find.slot, MISSED);
    post({ type: 'missed' });
    return null;
  }
  const count = run.starts.length;
  publishCount(find.counts, find.slot, count);
  post({ type: 'layout', count, close: run.close });
  let entries: Entry[];
  try {
    entries = parseEntries(input, run.starts, run.ends, 0);
  } catch {
    post({ type: 'unreadable' });
    return null;
  }
  job.offset = offsetOf(find.counts, find.slot);
  if (job.offset < 0) {
    post({ type: 'missed' });
    return null;
  }
  return { entries, scratch: input.subarray(find.from, find.to), ...(find.pool ? { input } : {}) };
}

/** A range that does not parse: the coordinator reads the whole input again for the message. */
class Unreadable extends Error {}

/**
 * After its own range: the pool's ranges from the end next to it, each while this thread's
 * coordinator has not taken it, parsed and redacted as ranges of their own. Returns where the
 * first one taken starts in the input (the bytes from there on are this worker's), or -1.
 */
function takeFromPool(
  shard: ShardSequence,
  input: Uint8Array,
  counts: Int32Array,
  { cuts, claims }: NonNullable<FindRange['pool']>,
): number {
  if (process.env.HAR_REDACT_TEST_POOL === 'main') return -1;
  let start = -1;
  for (let j = cuts.length - 2; j >= 0; j--) {
    if (Atomics.compareExchange(claims, j, 0, 2) !== 0) break;
    // The coordinator laid these out (and published their counts) before this worker began.
    const run = entriesIn(input, cuts[j], cuts[j + 1], false, MAX_DEPTH);
    const offset = offsetOf(counts, j + 1);
    if (!run || offset < 0) throw new Error('a pool range could not be laid out again');
    let entries: Entry[];
    try {
      entries = parseEntries(input, run.starts, run.ends, offset);
    } catch {
      throw new Unreadable();
    }
    shard.add(entries, offset);
    start = cuts[j];
  }
  return start;
}

/** The worker's side: one job (a range of entries), pass 1, wait for the merge, pass 2, serialize. */
export function runShardWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runShardWorker: not in a worker thread');
  const post = (m: FromShard) => port.postMessage(m);
  let shard: ShardSequence | null = null;
  const cache = new Map<string, ValueForms>();
  let serialize = true;
  let scratch: Uint8Array | undefined;
  port.on('message', (m: ToShard) => {
    try {
      // Test hook: how the CLI copes with a worker that fails at a given step (it redacts in one
      // thread instead, dropping what it had written).
      if (process.env.HAR_REDACT_TEST_FAIL_WORKER === m.type) throw new Error('test: worker failure');
      if (m.type === 'job') {
        let taken: Taken;
        if (m.find) {
          const found = findEntries(m, m.find, post);
          if (!found) return;
          taken = found;
        } else {
          try {
            taken = takeEntries(m);
          } catch {
            // The coordinator reads the whole file again to say what is wrong, and where.
            post({ type: 'unreadable' });
            return;
          }
        }
        const entries = taken.entries;
        scratch = taken.scratch;
        serialize = m.serialize;
        shard = new ShardSequence(m.rules, m.key, m.disabledRules, cache);
        shard.add(entries, m.offset);
        if (m.find?.pool && taken.input) {
          let start: number;
          try {
            start = takeFromPool(shard, taken.input, m.find.counts, m.find.pool);
          } catch (err) {
            if (err instanceof Unreadable) {
              post({ type: 'unreadable' });
              return;
            }
            throw err;
          }
          // The output may use the pool's bytes too: they come just before this range's.
          if (start >= 0) scratch = taken.input.subarray(start, m.find.to);
        }
        // The forms of what this range found go with it: the coordinator needs them to propagate,
        // and sends its own with the merge.
        shard.prepareForms();
        post({ type: 'pass1', records: shard.records(), warnings: shard.warnings(false), forms: cache });
      } else {
        if (!shard) throw new Error('merge before job');
        addForms(cache, m.forms);
        shard.adopt(m.records);
        const out = shard.propagate();
        // Each block goes as soon as it is full, so the coordinator writes while this serializes on
        // (blocks in the shared input are shared, others moved: moving the first block cut from a
        // range copied for this worker moves the whole copy, and Utf8Blocks then makes new blocks).
        if (serialize) {
          serializeEntries(out, scratch, (block) => {
            const moved = block.buffer instanceof SharedArrayBuffer ? [] : [block.buffer as ArrayBuffer];
            port.postMessage({ type: 'block', block } satisfies FromShard, moved);
          });
        }
        scratch = undefined;
        const records = shard.records();
        shard = null;
        post({ type: 'done', records });
      }
    } catch (err) {
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  });
}
