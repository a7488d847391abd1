/**
 * Everything the rules code needs from the browser, behind one small interface so the sync and
 * policy logic runs in Node tests against a fake storage/alarms object and a real HTTP server.
 */

export interface StorageChange {
  oldValue?: unknown;
  newValue?: unknown;
}

export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface ManagedAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
}

export interface AlarmsLike {
  create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number }): unknown;
  clear(name: string): unknown;
  get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined>;
  onAlarm: { addListener(cb: (alarm: { name: string }) => void): void };
}

export interface EventLike<A extends unknown[]> {
  addListener(cb: (...args: A) => void): void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface RulesHost {
  local: StorageAreaLike;
  /** Absent outside a browser with a policy store (e.g. some Firefox builds): no policy. */
  managed?: ManagedAreaLike;
  onStorageChanged?: EventLike<[Record<string, StorageChange>, string]>;
  alarms?: AlarmsLike;
  onInstalled?: EventLike<unknown[]>;
  onStartup?: EventLike<unknown[]>;
  /** A host permission granted later (options page) may be what the last sync lacked. */
  onPermissionsAdded?: EventLike<unknown[]>;
  fetch: FetchLike;
  now: () => Date;
  /** Whole-request timeout (fetch + body). */
  timeoutMs: number;
  /** Largest team pack accepted, in bytes. */
  maxBytes: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

interface ExtensionApi {
  storage: {
    local: StorageAreaLike;
    managed?: ManagedAreaLike;
    onChanged?: EventLike<[Record<string, StorageChange>, string]>;
  };
  alarms?: AlarmsLike;
  runtime?: { onInstalled?: EventLike<unknown[]>; onStartup?: EventLike<unknown[]> };
  permissions?: { onAdded?: EventLike<unknown[]> };
}

/**
 * The real browser. `browser` first: Firefox's promise-based namespace; Chrome MV3's `chrome.*`
 * returns promises too, so no polyfill is needed for these few calls.
 */
export function browserHost(): RulesHost {
  const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi };
  const api = g.browser ?? g.chrome;
  if (!api?.storage?.local) throw new Error('rules: no extension storage API in this context');
  return {
    local: api.storage.local,
    managed: api.storage.managed,
    onStorageChanged: api.storage.onChanged,
    alarms: api.alarms,
    onInstalled: api.runtime?.onInstalled,
    onStartup: api.runtime?.onStartup,
    onPermissionsAdded: api.permissions?.onAdded,
    fetch: (url, init) => fetch(url, init),
    now: () => new Date(),
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxBytes: DEFAULT_MAX_BYTES,
  };
}
