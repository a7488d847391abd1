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
  /** Indexes not in session storage whole (quota): whole only in memory, and in the devtools page. */
  notPersisted: number[];
  /** Indexes whose entry in memory lacks its bodies (hydrated stripped), until re-supplied. Memory only. */
  bodiesMissing: Set<number>;
  /** From getHAR() at export: traffic the devtools page never saw. Memory only, replaced each time. */
  overlay: Entry[];
  /** What session storage holds: the first `stored.count` entries (whole, or stripped). */
  stored: Stored;
  /** Session storage is full even for stripped copies: later entries stay in memory only. */
  frozen: boolean;
  /** High-water marks as hydrated: what a devtools page must re-send after a restart is above them. */
  restored: Record<string, number>;
}

/** The stored prefix: entries `[0, count)`, and what it covers. */
interface Stored {
  count: number;
  sessions: Record<string, number>;
  /** Indexes stored stripped. */
  notPersisted: number[];
  /** Where each stripped entry came from (index → capture session and seq), to ask for it again. */
  origins: Record<number, [string, number]>;
}

interface Meta extends Stored {
  pages: Page[];
  generation: number;
}

/** After a worker start (or a page's hello), an export waits this long for re-supplied entries. */
export const RESUPPLY_GRACE_MS = 3000;

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

/** The stored prefix after `items` are stored too (`stripped`: without their bodies). */
function advance(prev: Stored, items: Pending[], stripped: boolean): Stored {
  const next: Stored = {
    count: prev.count + items.length,
    sessions: { ...prev.sessions },
    notPersisted: stripped ? [...prev.notPersisted] : prev.notPersisted,
    origins: stripped ? { ...prev.origins } : prev.origins,
  };
  for (const { index, origin } of items) {
    next.sessions[origin[0]] = Math.max(next.sessions[origin[0]] ?? -1, origin[1]);
    if (stripped) {
      next.notPersisted.push(index);
      next.origins[index] = origin;
    }
  }
  return next;
}

export class CaptureStore {
  private readonly tabs = new Map<number, Promise<TabCapture>>();
  /** Writes per tab run one after another so meta and entries never disagree. */
  private readonly queues = new Map<number, Promise<unknown>>();

  private readonly startedAt = Date.now();
  /** Per tab, `session seq` of every entry not stored whole: the page keeps those. */
  private readonly held = new Map<number, Set<string>>();
  /** Per tab, when a devtools page said hello, and whether it has re-sent what it holds since. */
  private readonly greeted = new Map<number, { at: number; done: boolean }>();

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

  /** True when the entry of this session and seq is not in session storage whole (the page keeps it). */
  async isHeld(tabId: number, session: string, seq: number): Promise<boolean> {
    await this.get(tabId);
    return this.held.get(tabId)?.has(`${session} ${seq}`) ?? false;
  }

  /**
   * A devtools page (re)connected. What it must send again: `seqs`, entries this worker has stored
   * stripped, and every entry it holds above `after` (what session storage had when this worker
   * started; replays of entries this worker has are ignored).
   */
  async missingFor(tabId: number, session: string): Promise<{ seqs: number[]; after: number }> {
    this.greeted.set(tabId, { at: Date.now(), done: false });
    const tab = await this.get(tabId);
    const seqs: number[] = [];
    for (const i of tab.bodiesMissing) {
      const origin = tab.stored.origins[i];
      if (origin?.[0] === session) seqs.push(origin[1]);
    }
    return { seqs: seqs.sort((a, b) => a - b), after: tab.restored[session] ?? -1 };
  }

  /** The page has re-sent what it holds (after everything it sent before is appended). */
  resent(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      const greeting = this.greeted.get(tabId);
      if (greeting) greeting.done = true;
    });
  }

  /** The devtools page sent an entry back whole: put it in place of its stripped copy. */
  resupply(tabId: number, session: string, seq: number, entry: Entry): Promise<boolean> {
    return this.serial(tabId, async () => {
      const tab = await this.get(tabId);
      for (const i of tab.bodiesMissing) {
        const origin = tab.stored.origins[i];
        if (origin?.[0] !== session || origin[1] !== seq) continue;
        tab.entries[i] = entry;
        tab.bodiesMissing.delete(i);
        return true;
      }
      return false;
    });
  }

  /**
   * Waits, shortly after the worker started or a page said hello, until a devtools page has
   * re-sent what this worker lost. Without DevTools open the lost bodies stay lost (and marked).
   */
  private async bodiesBack(tab: TabCapture): Promise<void> {
    const settled = () => {
      if (tab.bodiesMissing.size > 0) return false;
      const greeting = this.greeted.get(tab.tabId);
      return greeting ? greeting.done : Object.keys(tab.restored).length === 0;
    };
    const deadline = () => Math.max(this.startedAt, this.greeted.get(tab.tabId)?.at ?? 0) + this.graceMs;
    while (!settled() && Date.now() < deadline()) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  // Entries finishing together are written together: one storage write per batch, not per entry.
  private batch = new Map<string, Pending>();
  private batchDone: Promise<void> | null = null;
  private flushing: Promise<void> = Promise.resolve();

  private persist(tabId: number, index: number, entry: Entry, session: string, seq: number): Promise<void> {
    this.batch.set(entryKey(tabId, index), { tabId, index, entry, origin: [session, seq] });
    this.batchDone ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        const items = this.batch;
        this.batch = new Map();
        this.batchDone = null;
        // One flush at a time: each one extends the stored prefix the previous one left.
        this.flushing = this.flushing.then(() => this.flush(items)).then(resolve, () => resolve());
      }, 0),
    );
    return this.batchDone;
  }

  private async flush(items: Map<string, Pending>): Promise<void> {
    const byTab = new Map<number, Pending[]>();
    for (const item of items.values()) byTab.set(item.tabId, [...(byTab.get(item.tabId) ?? []), item]);
    for (const [tabId, list] of byTab) {
      const tab = this.tabs.get(tabId);
      if (tab)
        await this.store(
          await tab,
          list.sort((a, b) => a.index - b.index),
        );
    }
  }

  /**
   * Session storage holds a prefix of the entries, each with the meta that covers it (one write, so
   * they never disagree): whole while they fit, then stripped, then (full even for that) nothing.
   */
  private async store(tab: TabCapture, list: Pending[]): Promise<void> {
    const write = async (items: Pending[], stripped: boolean) => {
      const next = advance(tab.stored, items, stripped);
      const values: Record<string, unknown> = { [metaKey(tab.tabId)]: this.meta(tab, next) };
      for (const p of items) values[entryKey(tab.tabId, p.index)] = stripped ? stripBodies(p.entry) : p.entry;
      await this.area.set(values);
      tab.stored = next;
    };
    let rest = list;
    if (!tab.frozen && list[0]?.index === tab.stored.count) {
      const whole = await write(list, false).then(
        () => true,
        () => false,
      );
      if (whole) return;
      // Over quota: store what fits; the rest without bodies; then nothing.
      for (; rest.length; rest = rest.slice(1)) {
        if (
          await write([rest[0]], false).then(
            () => true,
            () => false,
          )
        )
          continue;
        if (
          !(await write([rest[0]], true).then(
            () => true,
            () => false,
          ))
        )
          break;
        this.hold(tab, rest[0]);
      }
    }
    if (!rest.length) return;
    tab.frozen = true; // the stored prefix stays contiguous: nothing after a gap is stored
    for (const p of rest) this.hold(tab, p);
  }

  private hold(tab: TabCapture, p: Pending): void {
    tab.notPersisted.push(p.index);
    const set = this.held.get(tab.tabId) ?? new Set();
    set.add(`${p.origin[0]} ${p.origin[1]}`);
    this.held.set(tab.tabId, set);
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
      tab.notPersisted = [];
      tab.bodiesMissing = new Set();
      tab.frozen = false;
      // Session sequence numbers survive a clear: a replay of an old entry must stay ignored.
      tab.stored = { count: 0, sessions: { ...tab.sessions }, notPersisted: [], origins: {} };
      this.held.delete(tabId);
      tab.generation += 1;
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
      this.tabs.delete(tabId);
      this.held.delete(tabId);
      this.greeted.delete(tabId);
      await this.area.remove(keys);
    });
  }

  private async hydrate(tabId: number): Promise<TabCapture> {
    const got = await this.area.get(metaKey(tabId));
    const meta = got[metaKey(tabId)] as Partial<Meta> | undefined;
    const stored: Stored = {
      count: 0,
      sessions: meta?.sessions ?? {},
      notPersisted: meta?.notPersisted ?? [],
      origins: meta?.origins ?? {},
    };
    const tab: TabCapture = {
      tabId,
      entries: [],
      pages: meta?.pages ?? [],
      sessions: { ...stored.sessions },
      generation: meta?.generation ?? 0,
      notPersisted: [...stored.notPersisted],
      // Stored stripped: whole only in the worker that stopped, and in the devtools page.
      bodiesMissing: new Set(stored.notPersisted),
      overlay: [],
      stored,
      frozen: false,
      restored: { ...stored.sessions },
    };
    const held = new Set(Object.values(stored.origins).map(([session, seq]) => `${session} ${seq}`));
    if (held.size) this.held.set(tabId, held);
    if (meta?.count) {
      const keys = Array.from({ length: meta.count }, (_, i) => entryKey(tabId, i));
      const got = await this.area.get(keys);
      for (const key of keys) {
        const entry = got[key] as Entry | undefined;
        if (!entry) break; // the prefix is written with its meta: never a gap, but never trust one
        tab.entries.push(entry);
      }
    }
    stored.count = tab.entries.length;
    return tab;
  }

  private meta(tab: TabCapture, stored: Stored = tab.stored): Meta {
    return { ...stored, pages: tab.pages, generation: tab.generation };
  }

  private writeMeta(tab: TabCapture): Promise<void> {
    return this.area.set({ [metaKey(tab.tabId)]: this.meta(tab) }).catch(() => undefined);
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
