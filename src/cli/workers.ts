import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Har } from 'har-format';
import type { RuleSet } from '../index';
import { NotPlain } from '../har/split';
import { BatchWorker, localWorkers, type Batch, type Layout, type Workers } from '../redact/parallel';
import type { SecretRecord } from '../redact/registry';

/** Marks the CLI's own worker threads (see main.ts). */
export const BATCH_WORKER = 'har-redact-batch';

interface Setup {
  role: typeof BATCH_WORKER;
  rules: RuleSet;
  key: Uint8Array;
  layout: Layout | null;
}
type Op = 'find' | 'adopt' | 'rewrite' | 'rewriteLog' | 'replaced';
type Reply = { id: number; value?: unknown; error?: string; notPlain?: boolean };

/** Each thread may hold this many batches (one running, one waiting): none idles between two. */
const QUEUE = 2;

/**
 * `count` worker threads that redact batches, each taking the next batch when it has the fewest
 * waiting. The work leaves this thread free: a signal (Ctrl-C, `timeout`) is handled at once.
 * Under a test runner that loads the TypeScript sources (no bundle to start threads from), the
 * batches run in this thread instead, in the same order, with the same result.
 */
export function startWorkers(
  count: number,
  rules: RuleSet,
  key: Uint8Array,
  layout: Layout | null,
): Workers & { close(): void } {
  const url = new URL(import.meta.url);
  if (url.pathname.endsWith('.ts')) return { ...localWorkers(rules, key, layout), close: () => undefined };
  const setup: Setup = { role: BATCH_WORKER, rules, key, layout };
  const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const threads = Array.from({ length: count }, () => {
    const worker = new Worker(url, { workerData: setup });
    const t = { worker, load: 0, ids: new Set<number>() };
    const failAll = (e: Error) => {
      for (const id of t.ids) calls.get(id)?.reject(e);
      t.ids.clear();
    };
    worker.on('message', (m: Reply) => {
      const call = calls.get(m.id);
      calls.delete(m.id);
      t.ids.delete(m.id);
      t.load--;
      if (m.error === undefined) call?.resolve(m.value);
      else call?.reject(m.notPlain ? new NotPlain(m.error) : new Error(m.error));
    });
    worker.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => failAll(new Error(`a worker thread stopped (exit ${code})`)));
    return t;
  });
  let next = 0;
  const call = <T>(t: (typeof threads)[number], op: Op, arg: unknown, transfer: ArrayBuffer[] = []) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      t.ids.add(id);
      t.load++;
      t.worker.postMessage({ id, op, arg }, transfer);
    });
  const leastLoaded = () => threads.reduce((a, b) => (b.load < a.load ? b : a));
  const batch =
    <T>(op: Op) =>
    (b: Batch) =>
      call<T>(leastLoaded(), op, b, [b.bytes.buffer as ArrayBuffer]);
  return {
    slots: count * QUEUE,
    find: batch('find'),
    rewrite: batch('rewrite'),
    adopt: async (merged, renamed) =>
      void (await Promise.all(threads.map((t) => call(t, 'adopt', [merged, renamed])))),
    rewriteLog: (log) => call<Har['log']>(threads[0], 'rewriteLog', log),
    replaced: () => Promise.all(threads.map((t) => call<SecretRecord[]>(t, 'replaced', null))),
    close: () => {
      for (const t of threads) void t.worker.terminate();
    },
  };
}

/** The worker thread's side: a BatchWorker answering calls in order. */
export function runBatchWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runBatchWorker: not in a worker thread');
  const { rules, key, layout } = workerData as Setup;
  const w = new BatchWorker(rules, key, layout);
  port.on('message', ({ id, op, arg }: { id: number; op: Op; arg: never }) => {
    try {
      // Test hook: a worker that fails at a given step.
      if (process.env.HAR_REDACT_TEST_FAIL_WORKER === op) throw new Error('test: worker failure');
      const args = op === 'adopt' ? (arg as unknown[]) : [arg];
      const value = (w[op] as (...a: unknown[]) => unknown).apply(w, args);
      // Bytes move back, not copied: the rewritten batch, or the kept output of a found one.
      const bytes = value instanceof Uint8Array ? value : (value as { out?: Batch } | undefined)?.out?.bytes;
      const moved = bytes ? [bytes.buffer as ArrayBuffer] : [];
      port.postMessage({ id, value } satisfies Reply, moved);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      port.postMessage({ id, error, notPlain: err instanceof NotPlain } satisfies Reply);
    }
  });
}
