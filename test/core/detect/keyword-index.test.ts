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

// The index must agree with the obvious definition: lower-case the text, look for each keyword.
function naive(keywords: string[], text: string): string[] {
  // Only A-Z fold: `toLowerCase` would also turn the Kelvin sign into `k` and `İ` into `i̇`.
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return keywords.filter((kw) => lower.includes(kw)).sort();
}

describe('KeywordIndex agrees with a naive search', () => {
  const KW = [
    ...KEYWORDS,
    'api',
    'a3t',
    'a3-',
    'sk_live',
    'sk_test',
    'ghp_',
    'xoxb-',
    'eyjrijoi',
    'access',
    'accessor',
    'secret',
    '-----begin',
    'zz',
    'zzzz',
    'zzzzz',
  ];
  const index = new KeywordIndex(KW);
  const check = (text: string) =>
    expect((index.find(text) ?? []).map((k) => KW[k]).sort(), JSON.stringify(text)).toEqual(naive(KW, text));

  it.each([
    ['keyword at the start', 'sk_live_123'],
    ['keyword at the very end', 'xx sk_live'],
    ['keyword as the whole text', 'api'],
    ['every alignment', '.api..api...api....api'],
    ['upper and mixed case', 'SK_LIVE Ghp_ XOXB- EyJrIjoi ACCESSOR SeCrEt'],
    ['three-character keyword at the end', 'xxxxa3t'],
    ['two-character keyword at each alignment', 'ey xey xxey xxxey'],
    ['before non-ASCII', 'tokenéaccess😀secret'],
    ['between two-byte characters', 'ééé-----BEGIN ééé'],
    ['Kelvin sign and dotted I are not k and i', '\u212aey \u0130'],
    ['repeated letters', 'zzzzzzzz'],
    ['bytes that fold onto keyword bytes', 'sk\x7flive api\x00 a\x13t \x7f'],
    ['lone surrogates', '\ud800key\udc00'],
  ])('%s', (_name, text) => check(text));

  it('on random mixes of keywords, fragments and noise', () => {
    let seed = 12345;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const noise = [
      '\u0130',
      '\u212a',
      'é',
      '😀',
      '\ud800',
      ' ',
      '_',
      '-',
      '.',
      'x',
      'Z',
      '0',
      '\x7f',
      '@',
      '`',
    ];
    for (let it = 0; it < 5000; it++) {
      let s = '';
      for (let p = 1 + rnd(8); p > 0; p--) {
        const kw = KW[rnd(KW.length)];
        const r = rnd(4);
        if (r === 0) s += kw.slice(rnd(2), kw.length - rnd(2));
        else if (r === 1) s += noise[rnd(noise.length)];
        else if (r === 2) s += [...kw].map((c) => (rnd(2) ? c.toUpperCase() : c)).join('');
        else s += String.fromCharCode(rnd(128));
      }
      check(s);
    }
  });

  it('forgets what it saw, also for starts it took out of its table', () => {
    const texts = ['api api', 'API', 'nothing', 'sk_live sk_test', 'sk_test', 'zz zzzz', 'zzzz', 'zzzzz'];
    for (let round = 0; round < 3; round++) for (const t of texts) check(t);
  });

  it('handles texts longer than its buffer so far', () => {
    check('x');
    check(`${'é'.repeat(5000)}sk_live${'😀'.repeat(3000)}api`);
    check('a3t');
  });
});

// Tracked keywords: every occurrence, as an index into the string (not the UTF-8 bytes).
function naivePositions(keywords: string[], tracked: number[], text: string): [string, number][] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out: [string, number][] = [];
  for (let i = 0; i < text.length; i++) {
    for (const k of tracked) if (lower.startsWith(keywords[k], i)) out.push([keywords[k], i]);
  }
  return out;
}

describe('KeywordIndex positions of tracked keywords', () => {
  const KW = ['ey', 's.', 'key', 'keyring', 'token', 'tokens', 'api', 'api-', 'access', 'zz', 'zzzz'];
  const tracked = ['ey', 's.', 'key', 'token', 'api', 'zz', 'zzzz'].map((w) => KW.indexOf(w));
  const index = new KeywordIndex(KW, tracked);
  const positions = (text: string): [string, number][] => {
    index.find(text);
    const pos = index.positions();
    const out: [string, number][] = [];
    for (let j = 0; j < pos.count; j++) out.push([KW[pos.keyword[j]], pos.at[j]]);
    // In text order; at one position, any keyword order.
    return out.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  };
  const check = (text: string) => {
    const want = naivePositions(KW, tracked, text).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    expect(positions(text), JSON.stringify(text)).toEqual(want);
    // Still the same keywords found, each once.
    expect((index.find(text) ?? []).map((k) => KW[k]).sort()).toEqual(naive(KW, text));
  };

  it.each([
    ['every occurrence, not just the first', 'key key KEY token'],
    ['at the start and the very end', 'keyxxkey'],
    ['overlapping', 'zzzzzz eyey'],
    ['a tracked keyword sharing its start with an untracked one', 'keyring tokens api-x'],
    ['after two-byte characters', 'éé key é token'],
    ['after three-byte characters', '中文key中token'],
    ['after four-byte characters', '😀key😀😀token'],
    ['after lone surrogates', '\ud800key\udc00token\ud800'],
    ['mixed', 'é😀\ud800中 api s. ey'],
    ['too short', 'k'],
    ['none', 'nothing here'],
  ])('%s', (_name, text) => check(text));

  it('on random mixes, also of non-ASCII text', () => {
    let seed = 777;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const noise = ['é', '中', '😀', '\ud800', '\udc00', '\u0130', ' ', '.', 'x', 'Z', '\x7f'];
    for (let it = 0; it < 3000; it++) {
      let s = '';
      for (let p = 1 + rnd(10); p > 0; p--) {
        const r = rnd(3);
        if (r === 0) s += KW[rnd(KW.length)];
        else if (r === 1) s += noise[rnd(noise.length)];
        else s += KW[rnd(KW.length)].toUpperCase().slice(rnd(2));
      }
      check(s);
    }
  });

  it('in texts with more candidate positions than it lists at a time', () => {
    // Over a thousand four-byte blocks that may start a keyword: the scan lists them in batches.
    check(`${'key '.repeat(3000)}token`);
    check(`${'x'.repeat(4095)}${'ey.'.repeat(2000)}api`);
    check(`${'é'.repeat(1500)}${'s.'.repeat(5000)}zzzz`);
  });

  it('counts from zero again on each text', () => {
    check('key key key');
    check('x');
    check('token');
    check(`${'😀'.repeat(3000)}key`);
    check('key');
  });
});
