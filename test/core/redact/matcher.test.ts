import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MultiLiteralMatcher } from '../../../src/redact/matcher';

/** Reference: leftmost, then longest, non-overlapping. */
function naive(text: string, lits: string[]) {
  const out: { start: number; end: number; id: number }[] = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    lits.forEach((l, id) => {
      if (l && text.startsWith(l, i) && (best < 0 || l.length > lits[best].length)) best = id;
    });
    if (best >= 0) {
      out.push({ start: i, end: i + lits[best].length, id: best });
      i += lits[best].length;
    } else i++;
  }
  return out;
}

/**
 * Numbers below n from a seeded LCG, taken from its high bits: its low bits repeat with a short
 * period (`% 64` of one cycles every 64 draws, and 200 000 random words came out as 832).
 */
function lcg(seed: number) {
  return (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
}

describe('MultiLiteralMatcher', () => {
  it('finds what a naive scan finds (short and long literals, overlaps, repeats)', () => {
    const alpha = fc.constantFrom('a', 'b', 'c', 'A', '%', '2', 'é');
    const str = (min: number, max: number) =>
      fc.array(alpha, { minLength: min, maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(str(4, 20), { minLength: 1, maxLength: 12 }), str(0, 300), (lits, noise) => {
        // plant some literals into the text so there are hits
        const text = noise + lits.join(noise.slice(0, 3)) + noise.slice(3, 9);
        const uniq = [...new Set(lits)];
        const got = new MultiLiteralMatcher(uniq).find(text).map((m) => [m.start, m.end]);
        const want = naive(text, uniq).map((m) => [m.start, m.end]);
        expect(got).toEqual(want);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('many literals that start alike: each found whole, the longer one first', () => {
    // Thousands of JWTs share their first window: one chain, built without quadratic work.
    const lits = Array.from({ length: 5000 }, (_, i) => `eyJhbGciOiJIUzI1NiJ9.${'x'.repeat(i % 7)}${i}`);
    const m = new MultiLiteralMatcher(lits);
    for (const id of [0, 6, 1234, 4999]) {
      const text = `a=${lits[id]}&b=${lits[id]}.more`;
      const want = naive(text, lits);
      expect(m.find(text)).toEqual(want);
      expect(want[0].id).toBe(id);
    }
  });

  it('leaves no occurrence whole when literals overlap one another', () => {
    // A short value cuts the long one that starts inside it; the next long one, which overlaps only
    // that cut one, must still be found (a scan that skipped past each hit lost it).
    const lits = ['zzzAB', 'ABCDEFGHIJKL', 'JKLMNOPQ', 'qqqq'];
    const text = 'zzzABCDEFGHIJKLMNOPQ';
    expect(new MultiLiteralMatcher(lits).find(text)).toEqual(naive(text, lits));
    expect(new MultiLiteralMatcher(lits).find(text).map((m) => m.id)).toEqual([0, 2]);
    // A literal overlapping itself: every occurrence counts.
    expect(new MultiLiteralMatcher(['abab', 'cdcd']).find('xababab').map((m) => [m.start, m.end])).toEqual([
      [1, 5],
    ]);
  });

  it('finds many short literals (a matcher of their own) as one indexOf each would', () => {
    const alpha = fc.constantFrom('a', 'b', 'c', '%', 'é');
    const str = (min: number, max: number) =>
      fc.array(alpha, { minLength: min, maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(str(1, 7), { minLength: 2, maxLength: 8 }), str(0, 200), (lits, noise) => {
        const text = noise + lits.join(noise.slice(0, 2));
        const uniq = [...new Set(lits)];
        expect(new MultiLiteralMatcher(uniq).find(text)).toEqual(naive(text, uniq));
        expect(new MultiLiteralMatcher(uniq).test(text)).toBe(naive(text, uniq).length > 0);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it.each([
    [200_000, 1 << 19],
    // Past about 590 000 literals (16 bytes of table each) it grows past 2^19 slots.
    [700_000, 1 << 20],
  ])('finds the same with tables grown for %i literals', (count, slots) => {
    // (A run's propagation searches every form of every value found: the tables grow with them.)
    const rand = lcg(42);
    const alpha = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
    const word = (len: number) => Array.from({ length: len }, () => alpha[rand(alpha.length)]).join('');
    const lits = [...new Set(Array.from({ length: count }, () => word(8 + rand(13))))];
    const planted = Array.from({ length: 200 }, () => lits[rand(lits.length)]);
    const text = planted.map((l) => word(rand(30)) + l).join(' ') + word(50);
    // Reference over a set: leftmost, then longest, non-overlapping.
    const byText = new Map(lits.map((l, id) => [l, id]));
    const want: { start: number; end: number; id: number }[] = [];
    for (let i = 0; i < text.length;) {
      let hit: { start: number; end: number; id: number } | undefined;
      for (let len = 20; len >= 8 && !hit; len--) {
        const id = byText.get(text.slice(i, i + len));
        if (id !== undefined && i + len <= text.length) hit = { start: i, end: i + len, id };
      }
      if (hit) {
        want.push(hit);
        i = hit.end;
      } else i++;
    }
    expect(want.length).toBeGreaterThanOrEqual(200);
    const matcher = new MultiLiteralMatcher(lits);
    expect((matcher as unknown as { shift: Uint8Array }).shift.length).toBe(slots);
    expect(matcher.find(text)).toEqual(want);
  });

  it('finds the same with thousands of short literals of digits (a short table grown for them)', () => {
    // Short values found by name across a big JSON list (`"token": "n4127"`): tens of thousands of
    // literals under the window, in text full of digits.
    const lits = Array.from({ length: 30_000 }, (_, i) => `n${1000 + i * 7}`).concat(
      Array.from({ length: 3_000 }, (_, i) => `u${i}@x.io`),
    );
    const parts: string[] = [];
    for (let i = 0; i < 4000; i++)
      parts.push(`{"id":${i * 13},"token":"n${1000 + i * 11}","m":"u${i * 3}@x.io"}`);
    const text = parts.join(',');
    const byText = new Map(lits.map((l, id) => [l, id]));
    const want: { start: number; end: number; id: number }[] = [];
    for (let i = 0; i < text.length;) {
      let hit: { start: number; end: number; id: number } | undefined;
      for (let len = 12; len >= 4 && !hit; len--) {
        const id = i + len <= text.length ? byText.get(text.slice(i, i + len)) : undefined;
        if (id !== undefined) hit = { start: i, end: i + len, id };
      }
      if (hit) {
        want.push(hit);
        i = hit.end;
      } else i++;
    }
    expect(want.length).toBeGreaterThan(1500);
    const m = new MultiLiteralMatcher(lits);
    expect(m.find(text)).toEqual(want);
    expect(m.test(text)).toBe(true);
    expect(m.test('{"id":"none here"}')).toBe(false);
  });

  it('finds the same when hundreds of literals share their first window (a long chain)', () => {
    // Phone numbers of one area code, tokens of one long prefix: one chain of hundreds, looked up
    // by length. Some literals twice (the first of equal ones is kept), some a prefix of another.
    const rand = lcg(7);
    const phones = Array.from({ length: 300 }, (_, i) => `+1 415 555 ${i}`);
    const tokens = Array.from({ length: 200 }, (_, i) => `xoxb-0000000000-${(i * 7919).toString(36)}`);
    const lits = [...phones, ...tokens, phones[5], tokens[9], 'abcdefghij', '+1 415 555 12 ext'];
    const pieces = Array.from({ length: 3000 }, () => {
      const r = rand(10);
      const lit = r < 4 ? phones[rand(phones.length)] : r < 8 ? tokens[rand(tokens.length)] : 'abcdefghij';
      return `${lit}${rand(3) ? '' : ' ext'}` + ['"', ',', '7', ' '][rand(4)];
    });
    const text = pieces.join('');
    const m = new MultiLiteralMatcher(lits);
    expect(m.find(text)).toEqual(naive(text, lits));
    expect(m.test(text)).toBe(true);
    expect(m.test('+1 415 556 12')).toBe(false);
    for (const t of ['+1 415 555 29', '+1 415 555 299', 'x+1 415 555 12 ext.']) {
      expect(m.find(t)).toEqual(naive(t, lits));
    }
    // With literals shorter than the window too (every occurrence is listed, then the first taken).
    const withShort = [...lits, 'ext"', '555 1', tokens[3]];
    expect(new MultiLiteralMatcher(withShort).find(text)).toEqual(naive(text, withShort));
  });

  it('handles an empty list and texts shorter than the window', () => {
    expect(new MultiLiteralMatcher([]).find('anything')).toEqual([]);
    expect(new MultiLiteralMatcher(['abcdefghijkl']).find('abc')).toEqual([]);
    expect(new MultiLiteralMatcher(['abcdefghijkl']).find('xxabcdefghijklxx')).toEqual([
      { start: 2, end: 14, id: 0 },
    ]);
  });
});
