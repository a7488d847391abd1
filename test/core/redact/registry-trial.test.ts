import { describe, expect, it } from 'vitest';
import { RecordMerger } from '../../../src/redact/merge';
import {
  recordsFromWire,
  recordsToWire,
  SecretRegistry,
  type RuleRef,
  type SecretRecord,
} from '../../../src/redact/registry';

const rule: RuleRef = { id: 'test.rule', origin: 'builtin', locked: false };
const newRegistry = () => new SecretRegistry(new Uint8Array(32).fill(3), new Set());
const counts = (reg: SecretRegistry) =>
  Object.fromEntries(reg.records().map((r) => [r.value, [r.count, r.locations.map((l) => l.path)]]));

describe('SecretRegistry trials', () => {
  it('takes back the hits of a failed trial, nested ones included, and keeps those of a kept one', () => {
    const reg = newRegistry();
    const a = reg.register('Zq8vLm2pXwQr', 'field:password', rule, true);
    reg.hit(a, { entry: 0, path: 'before' });

    const outer = reg.trial();
    reg.hit(a, { entry: 0, path: 'outer' });
    const b = reg.register('Qw7rTy3uIoPa', 'field:token', rule, true);
    reg.hit(b, { entry: 0, path: 'outer' });
    const inner = reg.trial();
    reg.hit(a, { entry: 0, path: 'inner' });
    reg.settle(inner, true); // kept, but inside the outer trial
    const failed = reg.trial();
    reg.hit(b, { entry: 0, path: 'failed' });
    reg.settle(failed, false);
    expect(counts(reg)).toEqual({
      Zq8vLm2pXwQr: [3, ['before', 'outer', 'inner']],
      Qw7rTy3uIoPa: [1, ['outer']],
    });

    reg.settle(outer, false);
    // The value it registered stays known (it is a secret wherever it appears), uncounted.
    expect(counts(reg)).toEqual({ Zq8vLm2pXwQr: [1, ['before']], Qw7rTy3uIoPa: [0, []] });

    // Outside any trial hits are final again.
    const kept = reg.trial();
    reg.hit(b, { entry: 1, path: 'kept' });
    reg.settle(kept, true);
    reg.hit(b, { entry: 2, path: 'after' });
    expect(counts(reg)).toEqual({ Zq8vLm2pXwQr: [1, ['before']], Qw7rTy3uIoPa: [2, ['kept', 'after']] });
  });
});

describe('SecretRegistry.wrote', () => {
  it("knows each value's placeholder, registered before or after it was first asked, and after adopt", () => {
    const reg = newRegistry();
    const placeholder = (value: string) => reg.replacement(reg.register(value, 'field:token', rule, true));
    const first = placeholder('Zq8vLm2pXwQr');
    expect(reg.wrote(first)).toBe(true);
    // Values that come after the index was built, some by keepShape.
    const later = Array.from({ length: 50 }, (_, i) => placeholder(`Kd${i}Yt7rWq3zPx`));
    reg.keepShape('dark-theme-1', 'query:theme', rule);
    for (const p of later) expect(reg.wrote(p)).toBe(true);
    expect(reg.wrote(first.replace(/#[0-9a-f]{8}\]$/, '#00000000]'))).toBe(false);
    expect(reg.wrote('[REDACTED field:token]')).toBe(false);
    // Another registry adopting these records knows them too, and no others.
    const other = newRegistry();
    expect(other.wrote(first)).toBe(false);
    other.adopt(reg.records());
    expect(other.wrote(first)).toBe(true);
    for (const p of later) expect(other.wrote(p)).toBe(true);
  });
});

describe('records read from JSON (what threads send)', () => {
  const viaJson = (records: SecretRecord[]) => JSON.parse(JSON.stringify(records)) as SecretRecord[];
  const found = () => {
    const reg = newRegistry();
    ['Zq8vLm2pXwQr', 'Qw7rTy3uIoPa', 'Kd4Yt7rWq3zP'].forEach((v, i) =>
      reg.hit(reg.register(v, 'field:token', rule, true, 'token'), { entry: i, path: `p${i}` }),
    );
    return reg.records();
  };

  it('share one rule object and one label once merged, with their own locations', () => {
    const merger = new RecordMerger();
    merger.add(viaJson(found()));
    merger.add(viaJson(found()));
    const [a, b, c] = merger.records();
    expect(a.rule).toBe(b.rule);
    expect(b.rule).toBe(c.rule);
    expect(a.rule).toEqual(rule);
    expect(a.label).toBe(b.label);
    expect(a.name).toBe('token');
    expect([a, b, c].map((r) => [r.count, r.locations.map((l) => l.path)])).toEqual([
      [2, ['p0']],
      [2, ['p1']],
      [2, ['p2']],
    ]);
  });

  it('adopted as another thread sends them: one rule shared, a hit adds a location to its own value only', () => {
    const other = newRegistry();
    other.adopt(recordsFromWire(JSON.parse(JSON.stringify(recordsToWire(found())))));
    const [a, b, c] = other.records();
    expect(a.rule).toBe(c.rule);
    expect([a, b, c].map((r) => r.locations.length)).toEqual([0, 0, 0]);
    other.hit(b, { entry: 7, path: 'seen' });
    other.hit(b, { entry: 8, path: 'again' });
    expect([a, b, c].map((r) => r.locations.map((l) => l.path))).toEqual([[], ['seen', 'again'], []]);
    // A failed trial takes its hit back without touching the others.
    const t = other.trial();
    other.hit(c, { entry: 9, path: 'trial' });
    other.settle(t, false);
    expect([a, b, c].map((r) => r.count)).toEqual([0, 2, 0]);
    expect(c.locations).toEqual([]);
  });
});

describe('records written for another thread (recordsToWire)', () => {
  it('read back as JSON would give them, sharing rules, and in less than half its size', () => {
    const reg = newRegistry();
    const locked: RuleRef = { id: 'team.session', origin: 'policy', locked: true };
    reg.hit(reg.register('Zq8vLm2pXwQr', 'field:token', rule, true, 'token'), { entry: 0, path: 'a' });
    reg.hit(reg.register('Zq8vLm2pXwQr', 'field:token', locked, true), { entry: 3, path: 'b' });
    reg.hit(reg.register('4821', 'field:pin', rule, false, 'pin', 2), { entry: 2, path: 'pin' });
    reg.keepShape('dark-theme', 'query:theme', rule, 'theme');
    reg.hit(reg.register('ada@example.test', 'email', locked, true), { entry: null, path: 'log.comment' });
    for (let i = 0; i < 200; i++)
      reg.hit(reg.register(`Kd${i}Yt7rWq3zPx`, 'field:token', rule, true, 'token'), {
        entry: i,
        path: `log.entries[${i}].response.content.text.token`,
      });
    const records = reg.records();
    expect(records.some((r) => r.local && r.entries) && records.some((r) => r.shapeKept)).toBe(true);
    const wire = JSON.stringify(recordsToWire(records));
    const back = recordsFromWire(JSON.parse(wire));
    expect(back).toStrictEqual(JSON.parse(JSON.stringify(records)));
    expect(back[0].rule).toBe(back[5].rule);
    expect(wire.length).toBeLessThan(JSON.stringify(records).length / 2);
  });
});
