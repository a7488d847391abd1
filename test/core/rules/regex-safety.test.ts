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
