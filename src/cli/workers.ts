import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Har } from 'har-format';
import type { RuleSet } from '../index';
import { NotPlain } from '../har/split';
import {
  BatchWorker,
  localWorkers,
  type Batch,
  type Found,
  type Layout,
  type Workers,
} from '../redact/parallel';
import { recordsFromWire, recordsToWire, type RecordsWire, type SecretRecord } from '../redact/registry';

/** Marks the CLI's own worker threads (see main.ts). */
export const BATCH_WORKER = 'har-redact-batch';

interface Setup {
  role: typeof BATCH_WORKER;
  rules: RuleSet;
  key: Uint8Array;
  layout: Layout | null;
  /** Values the user keeps (--keep). */
  keepTags: string[];
}
type Op = 'find' | 'adopt' | 'rewrite' | 'rewriteLog' | 'replaced';

/** Each worker may hold this many batches (one running, one waiting): none idles between two. */
const QUEUE = 2;

interface Slot {
  load: number;
  call(op: Op, arg: unknown, transfer?: ArrayBuffer[]): Promise<unknown>;
  close(): void;
}

/**
 * A result travels as JSON text, its bytes (a batch's) moved beside it: V8's structured clone of
 * many small records (a batch's findings) cost the worker more than JSON.stringify does.
 */
type Reply = { id: number; json?: string; bytes?: Uint8Array; error?: string; notPlain?: boolean };

/** Records cross between threads as RecordsWire (see recordsToWire): a found batch's, and those replaced. */
const toWire = (op: Op, value: unknown): unknown =>
  op === 'find'
    ? { ...(value as Found), records: recordsToWire((value as Found).records) }
    : op === 'replaced'
      ? recordsToWire(value as SecretRecord[])
      : value;
const fromWire = (op: Op, value: unknown): unknown =>
  op === 'find'
    ? { ...(value as Found), records: recordsFromWire((value as { records: RecordsWire }).records) }
    : op === 'replaced'
      ? recordsFromWire(value as RecordsWire)
      : value;

/** The part of a result that holds bytes: a rewritten batch, or the kept output of a found one. */
const bytesHolder = (op: Op, value: unknown): Partial<Batch> | undefined =>
  op === 'find' ? (value as Found).out : op === 'rewrite' ? (value as Batch) : undefined;

/**
 * A worker's old generation is capped at 1 GiB: below the default, V8 lets a heap grow less past
 * what it keeps alive (about 2.5x rather than 4x), 30-50 MB less at the peak of a 1 GiB run at the
 * same speed (docs/perf.md). A run that needs more (one huge entry, hundreds of thousands of found
 * values) is done again in the CLI's own thread, which has no such cap (see redactInput).
 */
const OLD_GENERATION_MB = Number(process.env.HAR_REDACT_TEST_WORKER_HEAP_MB) || 1024;

/** Whether a worker thread stopped for want of memory (under its cap). */
export const outOfMemory = (err: unknown): boolean =>
  (err as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';

function thread(setup: Setup): Slot {
  // A young generation of 16 MB (V8 grows it to 32 MB per isolate under this load). Against 8 MB,
  // on a quiet machine: spa and bodiless 9 % faster, chrome the same, 12 MB more at the peak; 32 MB
  // gained a few per cent more and cost 50-70 MB, which a 1 GiB run cannot spare (docs/perf.md).
  const worker = new Worker(new URL(import.meta.url), {
    workerData: setup,
    resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: OLD_GENERATION_MB },
  });
  const calls = new Map<number, { op: Op; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const c of calls.values()) c.reject(e);
    calls.clear();
  };
  let next = 0;
  const slot: Slot = {
    load: 0,
    call: (op, arg, transfer = []) =>
      new Promise((resolve, reject) => {
        const id = next++;
        calls.set(id, { op, resolve, reject });
        slot.load++;
        worker.postMessage({ id, op, arg }, transfer);
      }),
    close: () => void worker.terminate(),
  };
  worker.on('message', (m: Reply) => {
    const call = calls.get(m.id);
    calls.delete(m.id);
    slot.load--;
    if (m.error === undefined) {
      const value: unknown =
        m.json === undefined || !call ? undefined : fromWire(call.op, JSON.parse(m.json));
      const holder = call && bytesHolder(call.op, value);
      if (holder && m.bytes) holder.bytes = m.bytes;
      call?.resolve(value);
    } else call?.reject(m.notPlain ? new NotPlain(m.error) : new Error(m.error));
  });
  worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => failAll(new Error(`a worker thread stopped (exit ${code})`)));
  return slot;
}

/**
 * `count` worker threads, each batch going to the one with the fewest waiting. The work leaves this
 * thread free: it reads, merges and writes, and takes a signal (Ctrl-C, `timeout`) at once. (This
 * thread taking batches too saved an isolate's memory but cost 1.3-1.7x the time: while it ran one,
 * no thread got its next.) With `count` 0, and under a test runner that loads the TypeScript
 * sources (no bundle to start threads from), every batch runs here, in the same order, with the
 * same result.
 */
export function startWorkers(
  /** Threads to start; 0: every batch in this thread. */
  count: number,
  rules: RuleSet,
  key: Uint8Array,
  layout: Layout | null,
  keepTags: string[] = [],
): Workers & { close(): void } {
  if (count === 0 || new URL(import.meta.url).pathname.endsWith('.ts'))
    return { ...localWorkers(rules, key, layout, undefined, { keepTags }), close: () => undefined };
  const setup: Setup = { role: BATCH_WORKER, rules, key, layout, keepTags };
  const slots = Array.from({ length: count }, () => thread(setup));
  const leastLoaded = () => slots.reduce((a, b) => (b.load < a.load ? b : a));
  const batch =
    <T>(op: Op) =>
    (b: Batch) =>
      leastLoaded().call(op, b, [b.bytes.buffer as ArrayBuffer]) as Promise<T>;
  const all = <T>(op: Op, arg: unknown) => Promise.all(slots.map((s) => s.call(op, arg) as Promise<T>));
  const closeAll = () => slots.forEach((s) => s.close());
  return {
    slots: slots.length * QUEUE,
    find: batch('find'),
    rewrite: batch('rewrite'),
    // Written once as JSON for every thread (a structured clone per thread cost more).
    adopt: async (merged, renamed) =>
      void (await all('adopt', JSON.stringify([recordsToWire(merged), renamed]))),
    rewriteLog: (log) => slots[0].call('rewriteLog', log) as Promise<Har['log']>,
    replaced: () => all<SecretRecord[]>('replaced', null),
    release: closeAll,
    close: closeAll,
  };
}

/** The worker thread's side: a BatchWorker answering calls in order. */
export function runBatchWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runBatchWorker: not in a worker thread');
  const { rules, key, layout, keepTags } = workerData as Setup;
  const w = new BatchWorker(rules, key, layout, { keepTags });
  port.on('message', ({ id, op, arg }: { id: number; op: Op; arg: unknown }) => {
    try {
      // Test hook: a worker that fails at a given step.
      if (process.env.HAR_REDACT_TEST_FAIL_WORKER === op) throw new Error('test: worker failure');
      let args = [arg];
      if (op === 'adopt') {
        const [records, renamed] = JSON.parse(arg as string) as [RecordsWire, unknown];
        args = [recordsFromWire(records), renamed];
      }
      const value = (w[op] as (...a: unknown[]) => unknown).apply(w, args);
      // Bytes move back, not copied: the rewritten batch, or the kept output of a found one.
      const holder = bytesHolder(op, value);
      const bytes = holder?.bytes;
      if (holder) delete holder.bytes;
      const json = value === undefined ? undefined : JSON.stringify(toWire(op, value));
      port.postMessage({ id, json, bytes } satisfies Reply, bytes ? [bytes.buffer as ArrayBuffer] : []);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      port.postMessage({ id, error, notPlain: err instanceof NotPlain } satisfies Reply);
    }
  });
}
