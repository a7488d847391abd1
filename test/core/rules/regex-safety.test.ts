import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import type { RulePack } from '../../../src/index';
import { compileLinearPattern } from '../../../src/rules/linear-pattern';
import { patternProblem } from '../../../src/rules/regex-safety';
import { entry, har } from '../../support/har-builder';

describe('patternProblem', () => {
  it.each([
    ['', /must not be empty/],
    ['a'.repeat(1001), /1001 characters long; the limit is 1000/],
    ['(?i)secret', /does not compile with flags "gu": Invalid regular expression/],
    ['a*', /empty string/],
    ['x|', /empty string/],
    ['\\b', /empty string/],
    ['^', /empty string/],
    ['(?=a)b', /cannot run in the linear-time engine .*: invalid or unsupported Perl syntax: `\(\?=`/],
    ['a(?<!b)c', /cannot run in the linear-time engine/],
    ['(a)\\1', /cannot run in the linear-time engine .*invalid escape sequence/],
  ])('%s', (source, message) => {
    expect(patternProblem(source)).toMatch(message);
  });

  it.each([
    'ghp_[0-9A-Za-z]{36}',
    '(a|aa)*b',
    '(a+)+b',
    '(\\w+\\s?)*!',
    '(?<tenant>t-[0-9]+)',
    '\\p{L}+(?:\\s\\p{L}+)*',
    '\\u{1F600}x',
  ])('accepts %s: RE2 runs it in linear time', (source) => {
    expect(patternProblem(source)).toBeNull();
  });
});

describe('compileLinearPattern', () => {
  it('finds matches at UTF-16 offsets, left to right, like the JavaScript pattern would', () => {
    const text = 'x sk_abc_123 é😀 sk_def_4 ';
    const got: string[] = [];
    compileLinearPattern('sk_[a-z]{3}_\\w+').forEachMatch(text, (s, e) => got.push(text.slice(s, e)));
    expect(got).toEqual([...text.matchAll(/sk_[a-z]{3}_\w+/gu)].map((m) => m[0]));
    const emoji: [number, number][] = [];
    compileLinearPattern('😀+').forEachMatch(text, (s, e) => emoji.push([s, e]));
    expect(emoji).toEqual([[text.indexOf('😀'), text.indexOf('😀') + 2]]);
  });
});

// Issue 17.5: `(a|aa)*b` passed validation and V8 backtracked for minutes on 60 characters.
describe('pack patterns run in linear time', () => {
  const pack: RulePack = {
    schemaVersion: 1,
    id: 'evil',
    version: '1',
    rules: [{ id: 'evil.re', target: 'value', pattern: '(a|aa)*b', action: 'redact' }],
  };
  const rules = mergeRules([
    { pack: builtinPack, origin: 'builtin' },
    { pack, origin: 'cli' },
  ]);

  // 40 characters: V8 backtracked for seconds here (x1.6 per character); the linear engine for none.
  it.each([40, 200_000])('(a|aa)*b on a header of %i characters finishes in under a second', (n) => {
    const long = 'a'.repeat(n);
    const input = har([entry({ requestHeaders: [{ name: 'X-Note', value: long }] })]);
    const t = performance.now();
    const { har: out } = redactHar(input, rules, { key: new Uint8Array(32) });
    expect(performance.now() - t).toBeLessThan(1000);
    expect(out.log.entries[0].request.headers.find((h) => h.name === 'X-Note')?.value).toBe(long);
  });

  it('still redacts what the pattern matches', () => {
    const input = har([entry({ requestHeaders: [{ name: 'X-Note', value: 'zz aaab zz' }] })]);
    const { har: out } = redactHar(input, rules, { key: new Uint8Array(32) });
    const value = out.log.entries[0].request.headers.find((h) => h.name === 'X-Note')?.value;
    expect(value).toMatch(/^zz \[REDACTED [^\]]+\] zz$/);
  });
});
