import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../../src/detect/keyword-index';

const KEYWORDS = ['ey', 's.', 'key', 'keyring', 'token', 'xoxb', 'q~', 'api-'];

function found(text: string): string[] {
  return (new KeywordIndex(KEYWORDS).find(text) ?? []).map((k) => KEYWORDS[k]).sort();
}

describe('KeywordIndex', () => {
  it.each([
    ['empty', '', []],
    ['one char', 'k', []],
    ['nothing', 'plain words only', []],
    ['two-character keyword', 'hey', ['ey']],
    ['two-character keyword at the very end', 'xs.', ['s.']],
    ['case-insensitive', 'MY_API-TOKEN', ['api-', 'token']],
    ['overlapping keywords', 'KeyRing', ['ey', 'key', 'keyring']],
    ['keyword cut off at the end', 'tok', []],
    ['each reported once', 'token token TOKEN', ['token']],
    ['non-ASCII around', 'ÿkeyé q~', ['ey', 'key', 'q~']],
  ])('%s', (_name, text, want) => {
    expect(found(text)).toEqual(want);
  });

  it('forgets what it saw between calls', () => {
    const index = new KeywordIndex(KEYWORDS);
    expect(index.find('token')).toEqual([KEYWORDS.indexOf('token')]);
    expect(index.find('token')).toEqual([KEYWORDS.indexOf('token')]);
    expect(index.find('nothing here')).toBeUndefined();
  });

  it('rejects keywords it cannot index', () => {
    expect(() => new KeywordIndex(['k'])).toThrow();
    expect(() => new KeywordIndex(['Key'])).toThrow();
  });
});
