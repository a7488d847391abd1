/**
 * A small fake browser for the extension's unit tests: an in-memory storage area (with an optional
 * quota, like storage.session) and connected port pairs (with disconnect, like a worker restart).
 */
import type { StorageAreaLike } from '../../extension/shared/storage';

export class MemoryArea implements StorageAreaLike {
  readonly data = new Map<string, unknown>();
  writes = 0;
  constructor(private readonly quotaBytes = Infinity) {}

  private size(): number {
    let n = 0;
    for (const [k, v] of this.data) n += k.length + JSON.stringify(v).length;
    return n;
  }

  async get(keys: string | string[] | null): Promise<Record<string, unknown>> {
    const list = keys === null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of list) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    const before = new Map(this.data);
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
    if (this.size() > this.quotaBytes) {
      this.data.clear();
      for (const [k, v] of before) this.data.set(k, v);
      throw new Error('QUOTA_BYTES quota exceeded');
    }
    this.writes++;
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }
}

type Listener<T> = (msg: T) => void;

export interface FakePort<In, Out> {
  postMessage(msg: Out): void;
  onMessage: { addListener(cb: Listener<In>): void };
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
  sent: Out[];
}

/**
 * Two connected ends. Messages are delivered asynchronously (as in Chrome) and JSON-cloned
 * (functions and undefined vanish, as with extension messaging).
 */
export function portPair<A2B, B2A>(): { a: FakePort<B2A, A2B>; b: FakePort<A2B, B2A>; cut(): void } {
  const make = <In, Out>() => {
    const listeners: Listener<In>[] = [];
    const onDisc: (() => void)[] = [];
    return {
      listeners,
      onDisc,
      port: {
        sent: [] as Out[],
        postMessage(_msg: Out) {},
        onMessage: { addListener: (cb: Listener<In>) => listeners.push(cb) },
        onDisconnect: { addListener: (cb: () => void) => onDisc.push(cb) },
        disconnect() {},
      } as FakePort<In, Out>,
    };
  };
  const A = make<B2A, A2B>();
  const B = make<A2B, B2A>();
  let open = true;
  const deliver = <T>(to: Listener<T>[], msg: T) => {
    const copy = JSON.parse(JSON.stringify(msg)) as T;
    queueMicrotask(() => {
      if (open) for (const l of to) l(copy);
    });
  };
  const cut = () => {
    if (!open) return;
    open = false;
    queueMicrotask(() => {
      for (const l of A.onDisc) l();
      for (const l of B.onDisc) l();
    });
  };
  A.port.postMessage = (msg) => {
    if (!open) throw new Error('Attempting to use a disconnected port object');
    A.port.sent.push(msg);
    deliver(B.listeners, msg);
  };
  B.port.postMessage = (msg) => {
    if (!open) throw new Error('Attempting to use a disconnected port object');
    B.port.sent.push(msg);
    deliver(A.listeners, msg);
  };
  A.port.disconnect = cut;
  B.port.disconnect = cut;
  return { a: A.port, b: B.port, cut };
}

export const flush = () => new Promise<void>((r) => setTimeout(r, 0));

export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
