import './ensure-generated';
import { describe, expect, it } from 'vitest';
import { shannonEntropy } from '../../../src/detect/entropy';
import { StopwordSet } from '../../../src/detect/stopwords';
import { vendorFamily } from '../../../src/detect/vendor';
import { GITLEAKS_RULES } from '../../../src/detect/generated/gitleaks';
import { rng } from './fake-secrets';

// The vendor family's shortcuts (see vendor.ts) must find exactly what gitleaks' checks in their
// plain form find: these are the cases at their edges.

function found(text: string, key?: string): [string, string][] {
  return vendorFamily.detect(text, { key }).map((d) => [d.label, text.slice(d.start, d.end)]);
}

/** gitleaks' entropy, summed over a Map in insertion order: what the thresholds were tuned with. */
function mapEntropy(s: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

describe('shannonEntropy', () => {
  it('is the very same float as the Map-based sum, for ASCII and other characters', () => {
    const r = rng(11);
    const pool = 'aZ09_-./+=é中😀\u0000\u007f\u0080';
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = Math.floor(r() * 60); n > 0; n--) s += pool[Math.floor(r() * pool.length)];
      expect(Object.is(shannonEntropy(s), mapEntropy(s))).toBe(true);
    }
    expect(shannonEntropy('')).toBe(0);
    // Counts do not leak from one call into the next.
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('ab')).toBe(1);
  });
});

describe('StopwordSet', () => {
  // Enough words for the table (a few are checked one by one anyway), and the same few alone.
  const few = ['demo', 'abc', 'xy', "don't", 'é99', 'a😀b', 'sample'];
  const words = [...few, ...Array.from({ length: 40 }, (_, i) => `qq${i}`)];
  const set = new StopwordSet(words);
  const small = new StopwordSet(few);
  it.each([
    ['at the start', 'demo123456', true],
    ['at the very end', '123456demo', true],
    ['a three-character word as the whole text', 'abc', true],
    ['a short word', '1xy1', true],
    ['with a quote', "i-don't-know", true],
    ['starting with a non-ASCII character', 'x-é99-y', true],
    ['with an astral character', 'za😀bz', true],
    ['a word split by a non-ASCII character', 'sam\u00e9ple', false],
    ['a prefix of a word at the end', '12345dem', false],
    ['nothing', 'q1w2e3r4t5', false],
    ['a table word', 'xqq17x', true],
    ['shorter than three', 'ab', false],
  ])('%s', (_name, text, want) => {
    expect(set.matches(text)).toBe(want);
    expect(small.matches(text)).toBe(few.some((w) => text.includes(w)));
    expect(words.some((w) => text.includes(w))).toBe(want);
  });

  it("agrees with a plain `includes` over generic-api-key's words", () => {
    const list = GITLEAKS_RULES.find((r) => r.id === 'generic-api-key')!.allowlists.flatMap(
      (a) => a.stopwords,
    );
    expect(list.length).toBeGreaterThan(1000);
    const all = new StopwordSet(list);
    const r = rng(5);
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
        s +=
          r() < 0.3
            ? list[Math.floor(r() * list.length)].slice(Math.floor(r() * 2))
            : r().toString(36).slice(2, 8);
      }
      expect(all.matches(s)).toBe(list.some((w) => s.includes(w)));
    }
  });
});

describe('generic-api-key checks', () => {
  const KEY = 'Zq8vR2mX7pL4kT9w';
  const TOKEN = 'Hy3nB8cV1xQ6rJ5s';
  it('finds a plain assignment', () => {
    expect(found(`api_key = "${KEY}"`)).toEqual([['generic-api-key', KEY]]);
  });

  it('spares a secret ending in a stopword', () => {
    expect(found(`api_key = "${KEY}demo"`)).toEqual([]);
  });

  it('judges each line for the line allowlist, not the first one it saw', () => {
    const text = [
      'import { a } from "b";',
      `api_key = "${KEY}"`,
      `import { c } from "d"; token = "${TOKEN}"`,
      `token = "${TOKEN}"`,
      `secret = "${KEY}"; import { e } from "f"`,
      `secret = "${KEY}"`,
    ].join('\n');
    expect(found(text)).toEqual([
      ['generic-api-key', KEY],
      ['generic-api-key', TOKEN],
      ['generic-api-key', KEY],
    ]);
  });

  it('takes the line allowlist on a one-line text with several matches', () => {
    expect(found(`import { a } from "b"; api_key = "${KEY}"; token = "${TOKEN}"`)).toEqual([]);
    expect(found(`api_key = "${KEY}"; token = "${TOKEN}"`)).toEqual([
      ['generic-api-key', KEY],
      ['generic-api-key', TOKEN],
    ]);
  });
});
