import { describe, expect, it } from 'vitest';
import { handleJobPort } from '../../extension/background/jobs';
import type { JobPort } from '../../extension/background/jobs';
import { CaptureStore } from '../../extension/background/capture-store';
import { ChunkAssembler } from '../../extension/shared/chunks';
import type { JobClientMessage, JobServerMessage } from '../../extension/shared/protocol';
import { builtinPack, mergeRules } from '../../src/index';
import { MemoryArea, portPair, until } from './fakes';
import { makeEntry } from './entries';

const rules = async () => ({
  ruleSet: mergeRules([{ pack: builtinPack, origin: 'builtin' }]),
  disabledRules: [],
});
const secret = () => `sk_test_${crypto.getRandomValues(new Uint32Array(4)).join('')}`;

async function setup(entries = 30) {
  const store = new CaptureStore(new MemoryArea());
  const token = secret();
  for (let i = 0; i < entries; i++) {
    const e = makeEntry(i);
    e.request.headers.push({ name: 'Authorization', value: `Bearer ${token}` });
    await store.append(9, 's', i, e);
  }
  const pair = portPair<JobClientMessage, JobServerMessage>();
  const received: JobServerMessage[] = [];
  pair.a.onMessage.addListener((m) => received.push(m));
  handleJobPort(pair.b as unknown as JobPort, {
    store,
    rules,
    chunkChars: 1000,
    now: () => new Date('2025-03-14T10:00:00Z'),
  });
  return { pair, received, token };
}

describe('redaction jobs', () => {
  it('streams the redacted HAR in chunks, with progress, named for the host and day', async () => {
    const { pair, received, token } = await setup();
    pair.a.postMessage({ type: 'start', source: { kind: 'capture', tabId: 9 } });
    await until(() => received.some((m) => m.type === 'done' || m.type === 'error'), 10_000);
    const result = received.find((m) => m.type === 'result');
    expect(result).toMatchObject({ type: 'result', filename: 'app.example.test-2025-03-14.redacted.har' });
    if (result?.type !== 'result') throw new Error('no result');
    expect(result.chunks).toBeGreaterThan(1);
    const asm = new ChunkAssembler(result.chunks);
    for (const m of received) if (m.type === 'chunk') asm.add(m.index, m.data);
    const text = asm.ordered().join('');
    expect(text.length).toBe(result.length);
    expect(text).not.toContain(token);
    expect(JSON.parse(text).log.entries).toHaveLength(30);
    expect(received.some((m) => m.type === 'progress' && m.phase === 'redact')).toBe(true);
  });

  it('fails with a message and sends no data when there is nothing to export', async () => {
    const store = new CaptureStore(new MemoryArea());
    const pair = portPair<JobClientMessage, JobServerMessage>();
    const received: JobServerMessage[] = [];
    pair.a.onMessage.addListener((m) => received.push(m));
    handleJobPort(pair.b as unknown as JobPort, { store, rules });
    pair.a.postMessage({ type: 'start', source: { kind: 'capture', tabId: 1 } });
    await until(() => received.length > 0);
    expect(received).toEqual([{ type: 'error', message: 'Nothing captured in this tab yet.' }]);
  });

  it('fails without data when the rules cannot be loaded', async () => {
    const store = new CaptureStore(new MemoryArea());
    await store.append(1, 's', 0, makeEntry('a'));
    const pair = portPair<JobClientMessage, JobServerMessage>();
    const received: JobServerMessage[] = [];
    pair.a.onMessage.addListener((m) => received.push(m));
    handleJobPort(pair.b as unknown as JobPort, {
      store,
      rules: async () => {
        throw new Error('rules unavailable');
      },
    });
    pair.a.postMessage({ type: 'start', source: { kind: 'capture', tabId: 1 } });
    await until(() => received.length > 0);
    expect(received).toEqual([{ type: 'error', message: 'rules unavailable' }]);
  });

  it('cancel stops the stream: no more chunks and no "done"', async () => {
    const { pair, received } = await setup(60);
    pair.a.onMessage.addListener((m) => {
      if (m.type === 'chunk' && m.index === 0) pair.a.postMessage({ type: 'cancel' });
    });
    pair.a.postMessage({ type: 'start', source: { kind: 'capture', tabId: 9 } });
    await until(() => received.some((m) => m.type === 'chunk'), 10_000);
    await new Promise((r) => setTimeout(r, 50));
    const result = received.find((m) => m.type === 'result');
    expect(result?.type === 'result' && result.chunks).toBeGreaterThan(2);
    expect(received.filter((m) => m.type === 'chunk').length).toBeLessThan(3);
    expect(received.some((m) => m.type === 'done')).toBe(false);
  });
});
