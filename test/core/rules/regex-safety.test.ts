import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestedQuantifier, patternProblem } from '../../../src/rules/regex-safety';

describe('nestedQuantifier', () => {
  it.each([
    ['(a+)+', '(a+)+'],
    ['(.*)*x', '(.*)*'],
    ['(\\w+\\s?)*!', '(\\w+\\s?)*'],
    ['(?:x|y+)*z', '(?:x|y+)*'],
    ['q(?:(?:ab)+)+', '(?:(?:ab)+)+'],
    ['(a*)+?b', '(a*)+?'],
    ['(?:\\d{2,})+', '(?:\\d{2,})+'],
    ['z(?:(a+)+b)c', '(a+)+'],
    ['(?<word>[a-z]+)*;', '(?<word>[a-z]+)*'],
  ])('flags %s', (source, group) => {
    expect(nestedQuantifier(source)).toBe(group);
  });

  it.each([
    'sk_live_[0-9a-zA-Z]{24,}',
    '(?:[a-z0-9-]+\\.)+[a-z]{2,}',
    '\\p{L}+(?:\\s\\p{L}+)*',
    '(?:ab)+',
    '(a+b)+',
    '(a+){2}',
    '((a))+',
    '[(a+)+]',
    '\\(a+\\)+',
    'eyJ[\\w-]+\\.eyJ[\\w-]+\\.[\\w-]+',
    '(?=a+)b',
  ])('passes %s', (source) => {
    expect(nestedQuantifier(source)).toBeNull();
  });
});

describe('patternProblem', () => {
  it.each([
    ['', /must not be empty/],
    ['a'.repeat(1001), /1001 characters long; the limit is 1000/],
    ['(?i)secret', /does not compile with flags "gu": Invalid regular expression/],
    ['a*', /empty string/],
    ['x|', /empty string/],
    ['\\b', /empty string/],
    ['(?=a)', /empty string/],
    ['^', /empty string/],
    ['(a+)+b', /nested unbounded quantifier/],
  ])('%s', (source, message) => {
    expect(patternProblem(source)).toMatch(message);
  });

  it('accepts a realistic vendor-key pattern', () => {
    expect(patternProblem('ghp_[0-9A-Za-z]{36}')).toBeNull();
  });

  it('the shapes it rejects really backtrack, the ones it passes do not', () => {
    // Evidence for the heuristic on a small input (larger ones take seconds for the flagged shape).
    const input = 'a'.repeat(22) + '!';
    const time = (source: string) => {
      const t = performance.now();
      new RegExp(source, 'u').test(input);
      return performance.now() - t;
    };
    expect(time('^(?:[a-z]+\\.)+[a-z]+$')).toBeLessThan(50);
    expect(time('^(a+)+$')).toBeGreaterThan(time('^(?:[a-z]+\\.)+[a-z]+$'));
  });
});

describe('nestedQuantifier on arbitrary compiling patterns', () => {
  it('always terminates with a string or null', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '.',
      '\\w',
      '\\s',
      '\\d',
      '[a-z]',
      '[^\\]x]',
      '(',
      ')',
      '(?:',
      '(?=',
      '(?<n>',
      '\\k<n>',
      '|',
      '*',
      '+',
      '?',
      '{2}',
      '{1,}',
      '{0,3}',
      '*?',
      '\\p{L}',
      '\\u{1F600}',
      '\\x41',
      '^',
      '$',
      '\\b',
      '\\.',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const source = parts.join('');
        try {
          new RegExp(source, 'u');
        } catch {
          return;
        }
        const r = nestedQuantifier(source);
        expect(r === null || source.includes(r)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
