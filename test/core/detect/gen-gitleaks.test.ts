import { describe, expect, it } from 'vitest';
import { convertRegex, generateGitleaks, parseToml, toJsRegex } from '../../../scripts/gen-gitleaks.mjs';

describe('RE2 -> JS conversion', () => {
  it.each([
    ['global (?i) becomes the i flag', '(?i)abc[a-z]', 'abc[a-z]', 'i'],
    ['mid-pattern (?i) runs to the end of its group', 'x(p8e-(?i)[a-z]{2})Q', 'x(p8e-[a-zA-Z]{2})Q', ''],
    ['(?i:…) group expanded', 'hf_(?i:ab)', 'hf_(?:[aA][bB])', ''],
    ['(?-i:…) inside (?i)', '(?i)key(?-i:[Aa]pi|API)', '[kK][eE][yY](?:[Aa]pi|API)', ''],
    ['(?P<name>…) to (?<name>…)', '(?P<alg>ab)', '(?<alg>ab)', ''],
    ['POSIX class', '[[:alnum:]]{3}', '[0-9A-Za-z]{3}', ''],
    ['] first in a class is literal', '[^]]+', '[^\\]]+', ''],
    ['\\z is the end of text', 'a\\z', 'a$', ''],
    ['(?s:.) matches newlines', '(?s:.){0,5}', '(?:[\\s\\S]){0,5}', ''],
    ['literal braces', '\\{\\{[ a]+}}', '\\{\\{[ a]+\\}\\}', ''],
    ['a quantifier brace stays', 'a{2,3}', 'a{2,3}', ''],
    ['slash escaped', 'a/b', 'a\\/b', ''],
  ])('%s', (_name, re2, source, flags) => {
    expect(toJsRegex(re2)).toEqual({ source, flags });
  });

  it('without the i flag, case-insensitive parts are spelled out', () => {
    expect(convertRegex('(?i)ab', { useIFlag: false })).toEqual({ source: '[aA][bB]', flags: '' });
  });

  it('expanded case classes match like RE2 would', () => {
    const { source, flags } = toJsRegex('(?i)[\\w.-]{0,5}(?:(?-i:[Ss]umo|SUMO))x');
    const re = new RegExp(source, flags);
    expect(re.test('my.Sumox')).toBe(true);
    expect(re.test('my.SUMOX')).toBe(true);
    expect(re.test('my.sUMOx')).toBe(false);
  });

  it('rejects what JS cannot express', () => {
    expect(() => toJsRegex('\\pL+')).toThrow();
    expect(() => toJsRegex('(?U)a+')).toThrow();
  });
});

describe('TOML subset reader', () => {
  it('reads tables, arrays of tables, all string kinds and multi-line arrays', () => {
    const toml = parseToml(`
# comment
title = "x \\"q\\""
[allowlist]
regexes = [
    '''^a]b$''', '''c''',
]
[[rules]]
id = 'one'
entropy = 3.5
[[rules.allowlists]]
stopwords = ["s1"]
[[rules]]
id = "two"
`);
    expect(toml).toEqual({
      title: 'x "q"',
      allowlist: { regexes: ['^a]b$', 'c'] },
      rules: [{ id: 'one', entropy: 3.5, allowlists: [{ stopwords: ['s1'] }] }, { id: 'two' }],
    });
  });
});

describe('generated gitleaks rules', () => {
  const result = generateGitleaks({ write: false });

  it('converts (nearly) every rule and lists the skipped ones with a reason', () => {
    expect(result.rules).toBeGreaterThan(210);
    expect(result.skipped.some((s) => s.startsWith('curl-auth-header:'))).toBe(true);
    for (const s of result.skipped) expect(result.text).toContain(`skipped ${s}`);
  });

  it('keeps the MIT notice of gitleaks in the header', () => {
    expect(result.text).toMatch(/MIT License/);
    expect(result.text).toMatch(/Copyright \(c\) 2019 Zachary Rice/);
  });

  it('is deterministic', () => {
    expect(generateGitleaks({ write: false }).text).toBe(result.text);
  });
});
