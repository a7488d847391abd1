/**
 * A stand-in for the few browser APIs the rules code uses: storage areas that fire onChanged like
 * Chrome's (with a structured clone, so shared references cannot hide bugs), alarms that tests fire
 * by hand, and the install/start-up events. The fetch is Node's real one, against a real server.
 */
import type { RulesHost, StorageChange } from '../../../extension/background/rules/host';

type Listener<A extends unknown[]> = (...args: A) => void;

class FakeEvent<A extends unknown[]> {
  listeners: Listener<A>[] = [];
  addListener(cb: Listener<A>) {
    this.listeners.push(cb);
  }
  fire(...args: A) {
    for (const cb of this.listeners) cb(...args);
  }
}

class FakeArea {
  data: Record<string, unknown> = {};
  constructor(
    private readonly area: string,
    private readonly changed: FakeEvent<[Record<string, StorageChange>, string]>,
  ) {}
  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? Object.keys(this.data) : typeof keys === 'string' ? [keys] : keys;
    const out: Record<string, unknown> = {};
    for (const k of wanted) if (k in this.data) out[k] = structuredClone(this.data[k]);
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const changes: Record<string, StorageChange> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data[k], newValue: structuredClone(v) };
      this.data[k] = structuredClone(v);
    }
    this.changed.fire(changes, this.area);
  }
  /** What an admin's policy edit looks like to the extension: the whole managed area replaced. */
  replace(items: Record<string, unknown>) {
    const changes: Record<string, StorageChange> = {};
    for (const k of new Set([...Object.keys(this.data), ...Object.keys(items)])) {
      if (JSON.stringify(this.data[k]) !== JSON.stringify(items[k]))
        changes[k] = { oldValue: this.data[k], newValue: items[k] };
    }
    this.data = structuredClone(items);
    if (Object.keys(changes).length) this.changed.fire(changes, this.area);
  }
}

interface FakeAlarm {
  name: string;
  periodInMinutes?: number;
  delayInMinutes?: number;
}

class FakeAlarms {
  alarms = new Map<string, FakeAlarm>();
  created = 0;
  onAlarm = new FakeEvent<[{ name: string }]>();
  create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number }) {
    this.created++;
    this.alarms.set(name, { name, ...info });
  }
  async clear(name: string) {
    return this.alarms.delete(name);
  }
  async get(name: string) {
    return this.alarms.get(name);
  }
  fire(name: string) {
    if (this.alarms.has(name)) this.onAlarm.fire({ name });
  }
}

export interface FakeBrowser {
  host: RulesHost;
  local: FakeArea;
  managed: FakeArea;
  alarms: FakeAlarms;
  onInstalled: FakeEvent<unknown[]>;
  onStartup: FakeEvent<unknown[]>;
  onPermissionsAdded: FakeEvent<unknown[]>;
  /** Moves the fake clock. */
  setNow(iso: string): void;
  /** URLs the rules code fetched, in order. */
  fetched: string[];
}

export function fakeBrowser(
  opts: { timeoutMs?: number; maxBytes?: number; managedThrows?: boolean } = {},
): FakeBrowser {
  const changed = new FakeEvent<[Record<string, StorageChange>, string]>();
  const local = new FakeArea('local', changed);
  const managed = new FakeArea('managed', changed);
  const alarms = new FakeAlarms();
  const onInstalled = new FakeEvent<unknown[]>();
  const onStartup = new FakeEvent<unknown[]>();
  const onPermissionsAdded = new FakeEvent<unknown[]>();
  let now = new Date('2026-01-05T10:00:00.000Z');
  const fetched: string[] = [];
  const host: RulesHost = {
    local,
    managed: opts.managedThrows
      ? {
          get: async () => {
            throw new Error('Managed storage manifest not found');
          },
        }
      : managed,
    onStorageChanged: changed,
    alarms,
    onInstalled,
    onStartup,
    onPermissionsAdded,
    fetch: (url, init) => {
      fetched.push(url);
      return fetch(url, init);
    },
    now: () => now,
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxBytes: opts.maxBytes ?? 1024 * 1024,
  };
  return {
    host,
    local,
    managed,
    alarms,
    onInstalled,
    onStartup,
    onPermissionsAdded,
    setNow: (iso) => {
      now = new Date(iso);
    },
    fetched,
  };
}
