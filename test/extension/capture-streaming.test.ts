/**
 * The devtools page's streamer against the background's capture port handler, over fake ports:
 * entries survive the port dropping (a worker restart) with nothing lost and nothing doubled.
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from 'har-format';
import { CaptureStreamer } from '../../extension/devtools/capture-streamer';
import type { StreamPort } from '../../extension/devtools/capture-streamer';
import { withBody } from '../../extension/devtools/network-adapter';
import { handleCapturePort } from '../../extension/background/capture-port';
import type { CapturePort } from '../../extension/background/capture-port';
import { CaptureStore } from '../../extension/background/capture-store';
import type { CaptureClientMessage, CaptureServerMessage } from '../../extension/shared/protocol';
import { MemoryArea, portPair, until } from './fakes';
import { makeEntry } from './entries';

function backgroundWorld(area: MemoryArea, preserveLog = true, graceMs?: number) {
  // Each "worker start" gets a fresh store on the same session area, like a restarted worker.
  let store = new CaptureStore(area, graceMs);
  let cut: (() => void) | null = null;
  const connect = (): StreamPort => {
    const pair = portPair<CaptureClientMessage, CaptureServerMessage>();
    handleCapturePort(5, pair.b as unknown as CapturePort, {
      store,
      preserveLog: async () => preserveLog,
      changed: () => {},
    });
    cut = pair.cut;
    return pair.a as unknown as StreamPort;
  };
  return {
    connect,
    restartWorker() {
      cut?.();
      store = new CaptureStore(area, graceMs);
    },
    store: () => store,
  };
}

/** A big body, different per entry, that secret detection would redact as a whole token. */
const bigBody = (i: number, size: number) =>
  JSON.stringify({ id: i, blob: `${i}:`.padEnd(size, String.fromCharCode(97 + (i % 26))) });

const names = (entries: Entry[]) => entries.map((e) => e.request.url.split('/').pop());

describe('capture streaming', () => {
  it('acknowledged entries are stored once, in order', async () => {
    const area = new MemoryArea();
    const world = backgroundWorld(area);
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    for (let i = 0; i < 10; i++) streamer.push(makeEntry(`e${i}`));
    await until(() => streamer.unacknowledged === 0);
    expect(names((await world.store().get(5)).entries)).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${i}`),
    );
  });

  it('a worker restart mid-stream loses nothing and duplicates nothing', async () => {
    const area = new MemoryArea();
    const world = backgroundWorld(area);
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    for (let i = 0; i < 5; i++) streamer.push(makeEntry(`e${i}`));
    world.restartWorker(); // some of the five may not be acknowledged yet
    for (let i = 5; i < 10; i++) streamer.push(makeEntry(`e${i}`)); // sent while disconnected
    await until(() => streamer.unacknowledged === 0);
    world.restartWorker();
    for (let i = 10; i < 12; i++) streamer.push(makeEntry(`e${i}`));
    await until(() => streamer.unacknowledged === 0);
    const stored = names((await world.store().get(5)).entries);
    expect(new Set(stored).size).toBe(stored.length);
    expect([...stored].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `e${i}`).sort());
  });

  it('a navigation clears the capture unless "Preserve log" is on', async () => {
    for (const preserve of [true, false]) {
      const world = backgroundWorld(new MemoryArea(), preserve);
      const streamer = new CaptureStreamer(world.connect, 's', 5);
      streamer.push(makeEntry('before'));
      await until(() => streamer.unacknowledged === 0);
      streamer.navigated('https://app.example.test/next');
      await new Promise((r) => setTimeout(r, 20));
      expect((await world.store().get(5)).entries.length).toBe(preserve ? 1 : 0);
    }
  });
});

describe('network adapter: bodies', () => {
  const req = (entry: Entry, content: string | null, encoding: string | null = null) => ({
    entry,
    getContent: async () => ({ content, encoding }),
  });

  it('fills in the body and its encoding', async () => {
    const e = await withBody(req(makeEntry('b'), 'aGk=', 'base64'));
    expect(e.response.content).toMatchObject({ text: 'aGk=', encoding: 'base64' });
  });

  it.each([
    ['a 200 with a body DevTools did not give', 200, 120, true],
    ['a 204', 204, 0, false],
    ['a redirect', 302, 0, false],
    ['an empty 200', 200, 0, false],
  ])('marks %s as "body not available": %s', async (_n, status, size, marked) => {
    const entry = makeEntry('x');
    entry.response.status = status;
    entry.response.content = { size, mimeType: 'text/html' };
    entry.response.bodySize = size;
    const e = await withBody(req(entry, null));
    expect((e as { _bodyNotAvailable?: boolean })._bodyNotAvailable === true).toBe(marked);
  });
});

describe('capture bodies beyond session storage, across a worker restart', () => {
  const QUOTA = 40_000;
  const push = (streamer: CaptureStreamer, count: number, size: number, from = 0) => {
    for (let i = from; i < from + count; i++) {
      const e = makeEntry(`big${i}`);
      e.response.content = { size, mimeType: 'application/json', text: bigBody(i, size) };
      streamer.push(e);
    }
  };
  const texts = (entries: Entry[]) => entries.map((e) => e.response.content.text);
  const expected = (count: number, size: number) => Array.from({ length: count }, (_, i) => bigBody(i, size));

  it('the devtools page re-supplies every body the restarted worker lost', async () => {
    const area = new MemoryArea(QUOTA);
    const world = backgroundWorld(area);
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    push(streamer, 12, 10_000); // ~120 kB of bodies against a 40 kB quota
    await until(() => streamer.unacknowledged === 0);
    // Most entries did not fit: the page keeps those (and only those), the worker has them in memory.
    const notPersisted = (await world.store().get(5)).notPersisted.length;
    expect(notPersisted).toBeGreaterThanOrEqual(8);
    expect(streamer.holding).toBe(notPersisted);

    world.restartWorker();
    // Session storage alone has them without bodies; the reconnecting page sends them back.
    const { entries } = await world.store().exportEntries(5);
    expect(texts(entries)).toEqual(expected(12, 10_000));
    expect(entries.some((e) => (e as { _bodyNotAvailable?: boolean })._bodyNotAvailable)).toBe(false);
    // Nothing of the re-supplied bodies went to storage: they stay memory-only, and a second restart works too.
    expect(JSON.stringify([...area.data.values()]).length).toBeLessThanOrEqual(QUOTA);
    world.restartWorker();
    expect(texts((await world.store().exportEntries(5)).entries)).toEqual(expected(12, 10_000));
  });

  it('however many entries: even when stripped copies no longer fit, nothing is lost', async () => {
    const area = new MemoryArea(QUOTA);
    const world = backgroundWorld(area);
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    push(streamer, 300, 1_000); // whole copies fill the quota, then stripped copies do too
    await until(() => streamer.unacknowledged === 0, 10_000);
    world.restartWorker();
    push(streamer, 1, 1_000, 300); // pushed during the restart: its seq is above every held one
    const { entries } = await world.store().exportEntries(5);
    expect(texts(entries)).toEqual(expected(301, 1_000));
    world.restartWorker();
    expect(texts((await world.store().exportEntries(5)).entries)).toHaveLength(301);
  });

  it('entries captured after the restart, and replays, still land once each', async () => {
    const world = backgroundWorld(new MemoryArea(QUOTA));
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    push(streamer, 6, 10_000);
    world.restartWorker(); // mid-stream: some entries are neither acknowledged nor stored
    await until(() => streamer.unacknowledged === 0);
    world.restartWorker();
    const { entries } = await world.store().exportEntries(5);
    expect(texts(entries)).toEqual(expected(6, 10_000));
  });

  it('without DevTools open the lost bodies stay marked as not available, after a short wait', async () => {
    const area = new MemoryArea(QUOTA);
    const world = backgroundWorld(area);
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    push(streamer, 6, 10_000);
    await until(() => streamer.unacknowledged === 0);
    // DevTools closed, then the worker restarted: a new worker on the same session storage, no page.
    const started = Date.now();
    const { entries } = await new CaptureStore(area, 200).exportEntries(5);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(entries).toHaveLength(6);
    const lost = entries.filter((e) => (e as { _bodyNotAvailable?: boolean })._bodyNotAvailable);
    expect(lost.length).toBeGreaterThan(0);
    for (const e of lost) expect(e.response.content.text).toBeUndefined();
  });

  it('a cleared capture releases what the page holds', async () => {
    const world = backgroundWorld(new MemoryArea(QUOTA), false);
    const streamer = new CaptureStreamer(world.connect, 'session-1', 5);
    push(streamer, 6, 10_000);
    await until(() => streamer.unacknowledged === 0);
    expect(streamer.holding).toBeGreaterThan(0);
    streamer.navigated('https://app.example.test/next');
    await until(() => streamer.holding === 0);
    expect((await world.store().get(5)).entries).toHaveLength(0);
  });
});
