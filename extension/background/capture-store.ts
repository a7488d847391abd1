/**
 * Per-tab captures. Raw entries hold live secrets: they live in memory and are mirrored to
 * `storage.session` (memory-only, gone when the browser closes) so a worker restart loses nothing.
 * Never `storage.local`, IndexedDB or files. Bodies beyond the session quota are stored stripped; the
 * devtools page, which keeps every entry it sent while it is open, re-supplies them after a restart
 * (see `missingFor` / `resupply`), and an export waits briefly for that.
 */
import type { Entry, Page } from 'har-format';
import type { StorageAreaLike } from '../shared/storage';

export interface TabCapture {
  tabId: number;
  entries: Entry[];
  pages: Page[];
  /** Highest sequence number stored, per devtools capture session (replays are ignored). */
  sessions: Record<string, number>;
  /** Bumped on clear, so the UI knows its rows are stale. */
  generation: number;
  /** Indexes stored in session storage without their bodies (quota): full only in memory. */
  notPersisted: number[];
  /** Where each not-persisted entry came from (index → capture session and seq), to ask for it again. */
  origins: Record<number, [string, number]>;
  /** Indexes whose entry in memory lacks its bodies (hydrated stripped), until re-supplied. Memory only. */
  bodiesMissing: Set<number>;
  /** From getHAR() at export: traffic the devtools page never saw. Memory only, replaced each time. */
  overlay: Entry[];
}

interface Meta {
  count: number;
  pages: Page[];
  sessions: Record<string, number>;
  generation: number;
  notPersisted: number[];
  origins?: Record<number, [string, number]>;
}

/** After a worker start, an export waits this long for the devtools page to re-supply bodies. */
export const RESUPPLY_GRACE_MS = 3000;

const heldKey = (tabId: number, session: string, seq: number) => `${tabId} ${seq} ${session}`;
const metaKey = (tabId: number) => `cap:${tabId}:meta`;
const entryKey = (tabId: number, i: number) => `cap:${tabId}:e:${i}`;

/** Requests are the same when method, URL and start time agree (getHAR and onRequestFinished agree on those). */
export const entryIdentity = (e: Entry): string =>
  `${e.request?.method} ${e.request?.url} ${e.startedDateTime}`;

export const stripBodies = (e: Entry): Entry => {
  const request = { ...e.request };
  if (request.postData) request.postData = { mimeType: request.postData.mimeType, text: '' };
  return {
    ...e,
    request,
    response: { ...e.response, content: { ...e.response.content, text: undefined } },
    _bodyNotAvailable: true,
  } as Entry;
};

interface Pending {
  tabId: number;
  index: number;
  entry: Entry;
  origin: [string, number];
}

export class CaptureStore {
  private readonly tabs = new Map<number, Promise<TabCapture>>();
  /** Writes per tab run one after another so meta and entries never disagree. */
  private readonly queues = new Map<number, Promise<unknown>>();

  private readonly startedAt = Date.now();
  /** `heldKey`s of every not-persisted entry, for a quick answer per acknowledgement. */
  private readonly held = new Set<string>();
  /** Last time a devtools page was asked for bodies, per tab: an export waits for the answer. */
  private readonly asked = new Map<number, number>();

  constructor(
    private readonly area: StorageAreaLike,
    private readonly graceMs = RESUPPLY_GRACE_MS,
  ) {}

  get(tabId: number): Promise<TabCapture> {
    let tab = this.tabs.get(tabId);
    if (!tab) {
      tab = this.hydrate(tabId);
      this.tabs.set(tabId, tab);
    }
    return tab;
  }

  /**
   * Stores an entry from a capture session; false when it was already stored (a replay). Resolves
   * once the entry is in session storage (or kept in memory only, when storage is full), so the
   * caller acknowledges only what survives a worker restart.
   */
  async append(tabId: number, session: string, seq: number, entry: Entry): Promise<boolean> {
    const index = await this.serial(tabId, async () => {
      const tab = await this.get(tabId);
      if ((tab.sessions[session] ?? -1) >= seq) return -1;
      tab.entries.push(entry);
      tab.sessions[session] = seq;
      const id = entryIdentity(entry);
      if (tab.overlay.length) tab.overlay = tab.overlay.filter((e) => entryIdentity(e) !== id);
      return tab.entries.length - 1;
    });
    if (index < 0) return false;
    await this.persist(tabId, index, entry, session, seq);
    return true;
  }

  /** True when the entry of this session and seq lives whole in memory only (the page should keep it). */
  async isHeld(tabId: number, session: string, seq: number): Promise<boolean> {
    await this.get(tabId);
    return this.held.has(heldKey(tabId, session, seq));
  }

  /** Seqs of this capture session whose bodies this worker lost (stored stripped before a restart). */
  async missingFor(tabId: number, session: string): Promise<number[]> {
    const tab = await this.get(tabId);
    const seqs: number[] = [];
    for (const i of tab.bodiesMissing) {
      const origin = tab.origins[i];
      if (origin?.[0] === session) seqs.push(origin[1]);
    }
    if (seqs.length) this.asked.set(tabId, Date.now());
    return seqs.sort((a, b) => a - b);
  }

  /** The devtools page sent an entry back whole: put it in place of its stripped copy. */
  resupply(tabId: number, session: string, seq: number, entry: Entry): Promise<boolean> {
    return this.serial(tabId, async () => {
      const tab = await this.get(tabId);
      for (const i of tab.bodiesMissing) {
        const origin = tab.origins[i];
        if (origin?.[0] !== session || origin[1] !== seq) continue;
        tab.entries[i] = entry;
        tab.bodiesMissing.delete(i);
        return true;
      }
      return false;
    });
  }

  /**
   * Waits until the lost bodies are back, while a devtools page may still re-supply them: shortly
   * after the worker started, or after a page was asked. Without DevTools open they stay lost.
   */
  private async bodiesBack(tab: TabCapture): Promise<void> {
    const deadline = () => Math.max(this.startedAt, this.asked.get(tab.tabId) ?? 0) + this.graceMs;
    while (tab.bodiesMissing.size > 0 && Date.now() < deadline()) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  // Entries finishing together are written together: one storage write per batch, not per entry.
  private batch = new Map<string, Pending>();
  private batchDone: Promise<void> | null = null;

  private persist(tabId: number, index: number, entry: Entry, session: string, seq: number): Promise<void> {
    this.batch.set(entryKey(tabId, index), { tabId, index, entry, origin: [session, seq] });
    this.batchDone ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        const items = this.batch;
        this.batch = new Map();
        this.batchDone = null;
        void this.flush(items).then(resolve, () => resolve());
      }, 0),
    );
    return this.batchDone;
  }

  private async flush(items: Map<string, Pending>): Promise<void> {
    const tabIds = new Set([...items.values()].map((i) => i.tabId));
    const metas = async () => {
      const out: Record<string, Meta> = {};
      for (const tabId of tabIds) {
        const tab = this.tabs.get(tabId);
        if (tab) out[metaKey(tabId)] = this.meta(await tab);
      }
      return out;
    };
    const all: Record<string, unknown> = {};
    for (const [key, { entry }] of items) all[key] = entry;
    try {
      await this.area.set({ ...all, ...(await metas()) });
      return;
    } catch {
      // Over quota: store what fits; the rest without bodies, kept whole in memory only.
    }
    for (const [key, { tabId, index, entry, origin }] of items) {
      try {
        await this.area.set({ [key]: entry });
      } catch {
        const tab = this.tabs.get(tabId);
        if (tab) {
          (await tab).notPersisted.push(index);
          (await tab).origins[index] = origin;
          this.held.add(heldKey(tabId, ...origin));
        }
        await this.area.set({ [key]: stripBodies(entry) }).catch(() => undefined);
      }
    }
    await this.area.set(await metas()).catch(() => undefined);
  }

  /** Waits for pending writes (before a clear or forget removes keys). */
  private async settled(): Promise<void> {
    while (this.batchDone) await this.batchDone;
  }

  /** Keeps getHAR() entries the capture does not have yet; returns how many. */
  mergeOverlay(tabId: number, entries: Entry[], pages: Page[]): Promise<number> {
    return this.serial(tabId, async () => {
      const tab = await this.get(tabId);
      const known = new Set(tab.entries.map(entryIdentity));
      tab.overlay = entries.filter((e) => !known.has(entryIdentity(e)));
      const pageIds = new Set(tab.pages.map((p) => p.id));
      const newPages = pages.filter((p) => !pageIds.has(p.id));
      if (newPages.length) {
        tab.pages.push(...newPages);
        await this.writeMeta(tab);
      }
      return tab.overlay.length;
    });
  }

  /** Entries for an export: captured plus overlay, in start-time order (HAR wants that order). */
  async exportEntries(tabId: number): Promise<{ entries: Entry[]; pages: Page[] }> {
    const tab = await this.get(tabId);
    await this.bodiesBack(tab);
    const all = [...tab.entries, ...tab.overlay];
    const keyed = all.map((e, i) => ({ e, i, t: Date.parse(e.startedDateTime) }));
    keyed.sort((a, b) => (a.t === b.t || isNaN(a.t) || isNaN(b.t) ? a.i - b.i : a.t - b.t));
    return { entries: keyed.map((k) => k.e), pages: tab.pages };
  }

  clear(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      await this.settled();
      const tab = await this.get(tabId);
      const keys = tab.entries.map((_, i) => entryKey(tabId, i));
      tab.entries = [];
      tab.pages = [];
      tab.overlay = [];
      this.unhold(tab);
      tab.notPersisted = [];
      tab.origins = {};
      tab.bodiesMissing = new Set();
      tab.generation += 1;
      // Session sequence numbers survive a clear: a replay of an old entry must stay ignored.
      await this.area.remove(keys);
      await this.writeMeta(tab);
    });
  }

  /** The tab is gone: drop everything, memory and session storage. */
  forget(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      await this.settled();
      const tab = await this.get(tabId);
      const keys = [metaKey(tabId), ...tab.entries.map((_, i) => entryKey(tabId, i))];
      this.unhold(tab);
      this.tabs.delete(tabId);
      await this.area.remove(keys);
    });
  }

  private async hydrate(tabId: number): Promise<TabCapture> {
    const got = await this.area.get(metaKey(tabId));
    const meta = got[metaKey(tabId)] as Meta | undefined;
    const tab: TabCapture = {
      tabId,
      entries: [],
      pages: meta?.pages ?? [],
      sessions: meta?.sessions ?? {},
      generation: meta?.generation ?? 0,
      notPersisted: meta?.notPersisted ?? [],
      origins: meta?.origins ?? {},
      // Stored stripped: whole only in the worker that stopped, and in the devtools page.
      bodiesMissing: new Set(meta?.notPersisted ?? []),
      overlay: [],
    };
    for (const [session, seq] of Object.values(tab.origins)) this.held.add(heldKey(tabId, session, seq));
    if (meta && meta.count > 0) {
      const keys = Array.from({ length: meta.count }, (_, i) => entryKey(tabId, i));
      const stored = await this.area.get(keys);
      for (const key of keys) {
        const entry = stored[key] as Entry | undefined;
        if (entry) tab.entries.push(entry);
      }
    }
    return tab;
  }

  private unhold(tab: TabCapture): void {
    for (const [session, seq] of Object.values(tab.origins))
      this.held.delete(heldKey(tab.tabId, session, seq));
  }

  private meta(tab: TabCapture): Meta {
    return {
      count: tab.entries.length,
      pages: tab.pages,
      sessions: tab.sessions,
      generation: tab.generation,
      notPersisted: tab.notPersisted,
      origins: tab.origins,
    };
  }

  private writeMeta(tab: TabCapture): Promise<void> {
    return this.area.set({ [metaKey(tab.tabId)]: this.meta(tab) });
  }

  private serial<T>(tabId: number, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(tabId) ?? Promise.resolve();
    const next = prev.then(work, work);
    this.queues.set(
      tabId,
      next.catch(() => undefined),
    );
    return next;
  }
}
