import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules } from '../../src/index';
import { ANALYSIS_BATCH, CaptureAnalyzer } from '../../extension/background/analysis';
import type { RulesInForce } from '../../extension/background/analysis';
import { CaptureStore } from '../../extension/background/capture-store';
import { searchEntries } from '../../extension/background/search';
import { MemoryArea } from './fakes';
import { makeEntry } from './entries';
import { fake, seeded } from '../support/fake-secrets';

const rules: RulesInForce = {
  ruleSet: mergeRules([{ pack: builtinPack, origin: 'builtin' }]),
  disabledRules: [],
};

function withToken(id: number, token: string) {
  const e = makeEntry(`t${id}`);
  e.request.url += `?access_token=${token}`;
  e.request.queryString = [{ name: 'access_token', value: token }];
  e.request.headers = [{ name: 'Authorization', value: `Bearer ${token}` }];
  return e;
}

describe('incremental capture analysis', () => {
  it('analyses only new entries on arrival, and the whole tab again only when rules change', async () => {
    const store = new CaptureStore(new MemoryArea());
    let ruleCalls = 0;
    const analyzer = new CaptureAnalyzer(
      store,
      async () => {
        ruleCalls++;
        return rules;
      },
      () => {},
    );
    const tok = fake.opaque(seeded(11), 40);
    for (let i = 0; i < 3; i++)
      await store.append(1, 's', i, i === 1 ? withToken(i, tok) : makeEntry(`a${i}`));
    await analyzer.run(1);
    expect(ruleCalls).toBe(1);
    let s = await analyzer.summary(1);
    expect(s.analysedCount).toBe(3);
    expect(analyzer.findingsFor(1, 1)).toBeGreaterThan(0);
    expect(analyzer.findingsFor(1, 0)).toBe(0);

    // New entries: one more batch, earlier results untouched, indexes are the capture's.
    const tok2 = fake.opaque(seeded(12), 40);
    await store.append(1, 's', 3, withToken(3, tok2));
    await analyzer.run(1);
    expect(ruleCalls).toBe(2);
    s = await analyzer.summary(1);
    expect(s.analysedCount).toBe(4);
    const f2 = analyzer.fullReport(1)!.findings.filter((f) => f.locations.some((l) => l.entry === 3));
    expect(f2.length).toBeGreaterThan(0);
    expect(analyzer.findingsFor(1, 3)).toBeGreaterThan(0);
    const after3 = await analyzer.entry(1, 3);
    expect(JSON.stringify(after3)).not.toContain(tok2);
    expect(analyzer.shownUrl(1, 3, withToken(3, tok2).request.url)).not.toContain(tok2);

    // Same value in a later batch: one finding (same key, same tag), counts add up.
    const before = analyzer.fullReport(1)!.findings.find((f) => f.locations.some((l) => l.entry === 1))!;
    await store.append(1, 's', 4, withToken(4, tok));
    await analyzer.run(1);
    s = await analyzer.summary(1);
    const merged = analyzer.fullReport(1)!.findings.find((f) => f.tag === before.tag)!;
    expect(merged.count).toBeGreaterThan(before.count);
    expect(merged.locations.some((l) => l.entry === 4)).toBe(true);
    // What the panel gets with each update: counts and the overview, not the findings (sent often).
    expect(s.report!.findings).toEqual([]);
    expect(s.report!.secrets).toBe(analyzer.fullReport(1)!.secrets);
    expect(s.overview!.values).toBe(analyzer.fullReport(1)!.secrets);

    // Rules changed: everything again.
    analyzer.invalidateAll();
    await analyzer.run(1);
    expect(ruleCalls).toBe(4); // one batch for the first five entries (+ the run above)
    s = await analyzer.summary(1);
    expect(s.analysedCount).toBe(5);
  });

  it('big arrivals go in batches; an entry not analysed yet answers null at once, never the raw entry', async () => {
    const store = new CaptureStore(new MemoryArea());
    const analyzer = new CaptureAnalyzer(
      store,
      async () => rules,
      () => {},
    );
    const tok = fake.opaque(seeded(13), 40);
    const n = ANALYSIS_BATCH * 2 + 5;
    for (let i = 0; i < n; i++) await store.append(2, 's', i, withToken(i, tok));
    expect(await analyzer.entry(2, n - 1)).toBeNull();
    expect(analyzer.shownUrl(2, n - 1, withToken(0, tok).request.url)).not.toContain(tok);
    await analyzer.run(2);
    expect((await analyzer.summary(2)).analysedCount).toBe(n);
    const after = await analyzer.entry(2, n - 1);
    expect(after).not.toBeNull();
    expect(JSON.stringify(after)).not.toContain(tok);
  });

  it('a clear starts over', async () => {
    const store = new CaptureStore(new MemoryArea());
    const analyzer = new CaptureAnalyzer(
      store,
      async () => rules,
      () => {},
    );
    await store.append(3, 's', 0, withToken(0, fake.opaque(seeded(14), 40)));
    await analyzer.run(3);
    expect((await analyzer.summary(3)).report!.secrets).toBeGreaterThan(0);
    await store.clear(3);
    await store.append(3, 's', 1, makeEntry('clean'));
    await analyzer.run(3);
    const s = await analyzer.summary(3);
    expect(s.analysedCount).toBe(1);
    expect(s.report!.secrets).toBe(0);
  });
});

describe('search in headers and bodies', () => {
  it('finds entries by header, cookie, query and bodies, case-insensitively; indexes only', () => {
    const a = makeEntry('a');
    a.request.headers = [{ name: 'X-Tenant', value: 'Acme-Prod' }];
    const b = makeEntry('b');
    b.response.content.text = '{"error":"quota exceeded"}';
    const c = makeEntry('c');
    c.request.postData = { mimeType: 'application/json', text: '{"q":"ACME"}' };
    const d = makeEntry('d');
    expect(searchEntries([a, b, c, d], 'acme')).toEqual([0, 2]);
    expect(searchEntries([a, b, c, d], 'QUOTA')).toEqual([1]);
    expect(searchEntries([a, b, c, d], 'x-tenant')).toEqual([0]);
    expect(searchEntries([a, b, c, d], 'nowhere')).toEqual([]);
  });
});
