import { describe, expect, it } from 'vitest';
import { CaptureStore } from '../../extension/background/capture-store';
import { MemoryArea } from './fakes';
import { makeEntry } from './entries';

describe('capture store', () => {
  it('stores entries once per (session, seq): replays after a reconnect are ignored', async () => {
    const store = new CaptureStore(new MemoryArea());
    expect(await store.append(1, 's1', 0, makeEntry('a'))).toBe(true);
    expect(await store.append(1, 's1', 1, makeEntry('b'))).toBe(true);
    expect(await store.append(1, 's1', 1, makeEntry('b'))).toBe(false);
    expect(await store.append(1, 's1', 0, makeEntry('a'))).toBe(false);
    expect(await store.append(1, 's2', 0, makeEntry('c'))).toBe(true);
    expect((await store.get(1)).entries.map((e) => e.request.url.split('/').pop())).toEqual(['a', 'b', 'c']);
  });

  it('survives a worker restart: a new store on the same session area has everything', async () => {
    const area = new MemoryArea();
    const before = new CaptureStore(area);
    for (let i = 0; i < 5; i++) await before.append(7, 's', i, makeEntry(i));
    const after = new CaptureStore(area);
    const tab = await after.get(7);
    expect(tab.entries).toHaveLength(5);
    expect(tab.entries[4].request.url).toContain('/4');
    // and still ignores replays of what it already holds
    expect(await after.append(7, 's', 4, makeEntry(4))).toBe(false);
    expect(await after.append(7, 's', 5, makeEntry(5))).toBe(true);
  });

  it('keeps tabs apart and writes only capture keys', async () => {
    const area = new MemoryArea();
    const store = new CaptureStore(area);
    await store.append(1, 's', 0, makeEntry('one'));
    await store.append(2, 's', 0, makeEntry('two'));
    expect((await store.get(1)).entries).toHaveLength(1);
    expect((await store.get(2)).entries[0].request.url).toContain('two');
    expect([...area.data.keys()].every((k) => /^cap:\d+:(meta|e:\d+)$/.test(k))).toBe(true);
  });

  it('clear empties the tab in memory and storage, bumps the generation, and still ignores old replays', async () => {
    const area = new MemoryArea();
    const store = new CaptureStore(area);
    await store.append(1, 's', 0, makeEntry('a'));
    await store.append(1, 's', 1, makeEntry('b'));
    const gen = (await store.get(1)).generation;
    await store.clear(1);
    const tab = await store.get(1);
    expect(tab.entries).toEqual([]);
    expect(tab.generation).toBe(gen + 1);
    expect([...area.data.keys()].filter((k) => k.includes(':e:'))).toEqual([]);
    expect(await store.append(1, 's', 1, makeEntry('b'))).toBe(false);
    expect(await store.append(1, 's', 2, makeEntry('c'))).toBe(true);
    expect((await new CaptureStore(area).get(1)).entries.map((e) => e.request.url.split('/').pop())).toEqual([
      'c',
    ]);
  });

  it('forget (tab closed) removes every key of that tab', async () => {
    const area = new MemoryArea();
    const store = new CaptureStore(area);
    await store.append(3, 's', 0, makeEntry('a'));
    await store.append(4, 's', 0, makeEntry('b'));
    await store.forget(3);
    expect([...area.data.keys()].some((k) => k.startsWith('cap:3:'))).toBe(false);
    expect([...area.data.keys()].some((k) => k.startsWith('cap:4:'))).toBe(true);
    expect((await store.get(3)).entries).toEqual([]);
  });

  it('when session storage is full, keeps the entry in memory and persists it without bodies', async () => {
    const area = new MemoryArea(3000);
    const store = new CaptureStore(area);
    const big = makeEntry('big');
    big.response.content.text = 'x'.repeat(5000);
    await store.append(1, 's', 0, makeEntry('small'));
    await store.append(1, 's', 1, big);
    const tab = await store.get(1);
    expect(tab.entries[1].response.content.text).toHaveLength(5000);
    expect(tab.notPersisted).toEqual([1]);
    const restored = await new CaptureStore(area).get(1);
    expect(restored.entries).toHaveLength(2);
    expect(restored.entries[1].response.content.text).toBeUndefined();
    expect((restored.entries[1] as { _bodyNotAvailable?: boolean })._bodyNotAvailable).toBe(true);
  });

  it('merges getHAR() entries it does not have, and exports everything in start-time order', async () => {
    const store = new CaptureStore(new MemoryArea());
    await store.append(1, 's', 0, makeEntry(20));
    await store.append(1, 's', 1, makeEntry(30));
    const added = await store.mergeOverlay(1, [makeEntry(10), makeEntry(20), makeEntry(40)], []);
    expect(added).toBe(2);
    const { entries } = await store.exportEntries(1);
    expect(entries.map((e) => e.request.url.split('/').pop())).toEqual(['10', '20', '30', '40']);
    // a later onRequestFinished for an overlay entry replaces it instead of duplicating it
    await store.append(1, 's', 2, makeEntry(40));
    expect((await store.exportEntries(1)).entries).toHaveLength(4);
  });

  it('entries arriving while a slow write is under way are all stored, in order, for the next worker', async () => {
    const area = new MemoryArea();
    const slow = {
      get: (keys: string | string[] | null) => area.get(keys),
      remove: (keys: string | string[]) => area.remove(keys),
      set: async (items: Record<string, unknown>) => {
        await new Promise((r) => setTimeout(r, 15));
        await area.set(items);
      },
    };
    const store = new CaptureStore(slow);
    const appended: Promise<boolean>[] = [];
    for (let i = 0; i < 12; i++) {
      appended.push(store.append(1, 's', i, makeEntry(`e${i}`)));
      await new Promise((r) => setTimeout(r, 4)); // a new batch starts before the last one is written
    }
    await Promise.all(appended);
    expect((await store.get(1)).notPersisted).toEqual([]);
    const next = await new CaptureStore(area).get(1);
    expect(next.entries.map((e) => e.request.url.split('/').pop())).toEqual(
      Array.from({ length: 12 }, (_, i) => `e${i}`),
    );
  });
});
