/**
 * The page side of a download never waits forever: a background that goes silent, a port that
 * drops, or a DevTools call that never answers each end in a clear outcome.
 */
import { describe, expect, it } from 'vitest';
import { runJob } from '../../extension/shared/download';
import type { JobClientPort } from '../../extension/shared/download';
import { withDeadline } from '../../extension/shared/deadline';
import { handleJobPort } from '../../extension/background/jobs';
import type { JobPort } from '../../extension/background/jobs';
import { CaptureStore } from '../../extension/background/capture-store';
import type { JobClientMessage, JobServerMessage } from '../../extension/shared/protocol';
import { builtinPack, mergeRules } from '../../src/index';
import type { RedactionReport } from '../../src/index';
import { MemoryArea, portPair } from './fakes';
import { makeEntry } from './entries';

const pairForJob = () => portPair<JobClientMessage, JobServerMessage>();
const emptyReport = (): RedactionReport => ({
  findings: [],
  secrets: 0,
  replacements: 0,
  entries: 0,
  byLabel: {},
  byRule: {},
  warnings: [],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runJob', () => {
  it('gives up with a clear message when the background never answers', async () => {
    const pair = pairForJob();
    const started = Date.now();
    const job = runJob(
      { kind: 'capture', tabId: 1 },
      { stallMs: 80, connect: () => pair.a as JobClientPort },
    );
    await expect(job.result).rejects.toThrow(/stopped answering.*Nothing was downloaded/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(pair.a.sent).toEqual([{ type: 'start', source: { kind: 'capture', tabId: 1 } }]);
  });

  it('a slow background that keeps reporting progress is not cut off', async () => {
    const pair = pairForJob();
    pair.b.onMessage.addListener((m) => {
      if (m.type !== 'start') return;
      void (async () => {
        for (let i = 0; i < 8; i++) {
          await sleep(25); // 200 ms in all, each gap well inside the 80 ms limit
          pair.b.postMessage({ type: 'progress', phase: 'redact', done: i, total: 8 });
        }
        pair.b.postMessage({
          type: 'result',
          filename: 'x.har',
          report: emptyReport(),
          chunks: 1,
          length: 2,
        });
        pair.b.postMessage({ type: 'chunk', index: 0, data: '{}' });
        pair.b.postMessage({ type: 'done' });
      })();
    });
    const job = runJob(
      { kind: 'capture', tabId: 1 },
      { stallMs: 80, connect: () => pair.a as JobClientPort },
    );
    await expect(job.result).resolves.toMatchObject({ filename: 'x.har', parts: ['{}'] });
  });

  it('a worker that goes away mid-job is reported, not waited on', async () => {
    const pair = pairForJob();
    const job = runJob({ kind: 'capture', tabId: 1 }, { connect: () => pair.a as JobClientPort });
    pair.b.postMessage({ type: 'progress', phase: 'redact', done: 0, total: 3 });
    await sleep(5);
    pair.cut();
    await expect(job.result).rejects.toThrow(/stopped before the file was ready/);
  });

  it('runs a real job end to end through the background handler', async () => {
    const store = new CaptureStore(new MemoryArea());
    for (let i = 0; i < 5; i++) await store.append(3, 's', i, makeEntry(i));
    const pair = pairForJob();
    handleJobPort(pair.b as unknown as JobPort, {
      store,
      rules: async () => ({
        ruleSet: mergeRules([{ pack: builtinPack, origin: 'builtin' }]),
        disabledRules: [],
      }),
      chunkChars: 500,
    });
    const phases: string[] = [];
    const job = runJob(
      { kind: 'capture', tabId: 3 },
      { stallMs: 5_000, connect: () => pair.a as JobClientPort, onProgress: (p) => phases.push(p.phase) },
    );
    const result = await job.result;
    expect(JSON.parse(result.parts.join('')).log.entries).toHaveLength(5);
    expect(phases[0]).toBe('redact');
    expect(phases).toContain('send');
  });
});

describe('withDeadline', () => {
  it('passes the value through when the work finishes in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 50)).resolves.toBe(42);
  });
  it('resolves null when the work never settles', async () => {
    await expect(withDeadline(new Promise<number>(() => {}), 30)).resolves.toBeNull();
  });
  it('passes a failure through', async () => {
    await expect(withDeadline(Promise.reject(new Error('no')), 50)).rejects.toThrow('no');
  });
});
