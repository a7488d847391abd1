import { describe, expect, it } from 'vitest';
import {
  cannotBeCredential,
  isJsSpace,
  isProse,
  isWordy,
  redactPath,
  secretShaped,
} from '../../../src/redact/value-shape';
import { corpusStrings, generatedStrings } from '../detect/equivalence-strings';

// The regex versions the hand-written scans replaced: the fast ones must answer exactly as these.
const BOOLEANISH = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|nan|ok|enabled|disabled)$/i;
const SMALL_NUMBER = /^[-+]?\d{1,6}(?:\.\d+)?$/;
const DECIMAL = /^[-+]?\d*\.\d+$/;
const TIMESTAMP = /^1\d{9}(?:\d{3})?(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const LOCAL_DATE =
  /^(?:\d{1,2}[-/. ](?:\d{1,2}|[A-Za-z]{3,9})[-/. ]\d{2,4}|\d{4}\/\d{1,2}\/\d{1,2}|(?:[A-Za-z]{3},? )?\d{1,2}[- ][A-Za-z]{3}[- ]\d{2,4}(?: \d{2}:\d{2}:\d{2}(?: GMT| UTC)?)?)$/;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?(?:[-_](?:[A-Za-z]{2}|\d{3}))?$/;
const NUMBER_LIST = /^\d{1,13}(?:[:_,.|/ ;-]+\d{1,13})+$/;

function refIsWord(part: string): boolean {
  if (part.length === 0 || part.length > 20 || !/^[A-Za-z]+$/.test(part)) return false;
  if (part.length <= 3) return true;
  if (!/[aeiouyAEIOUY]/.test(part)) return false;
  return !/[^aeiouyAEIOUY]{5,}/.test(part);
}

function refIsWordy(value: string): boolean {
  const v = value.trim();
  if (!v || v.length > 64) return false;
  const parts = v
    .split(/[\s_.-]+/)
    .flatMap((p) => p.split(/(?<=[a-z])(?=[A-Z])/))
    .filter(Boolean);
  // A run of 16+ letters in both cases with different letters in 3/4 of its places is random.
  const random = v
    .split(/[^A-Za-z]+/)
    .some((r) => r.length >= 16 && /[A-Z]/.test(r) && /[a-z]/.test(r) && new Set(r).size * 4 >= r.length * 3);
  return parts.length > 0 && parts.every(refIsWord) && !random;
}

const VERSION_RANGE =
  /^(?:(?:\^|~|>=|<=|>|<|=)v?\d+(?:\.(?:\d+|x|X|\*)){0,2}(?:-[0-9A-Za-z.]+)?(?:\s*\|\|\s*|\s+)?)+$/;

function refIsProse(v: string): boolean {
  if (v.length > 300) return false;
  const parts = v.split(/\s+/);
  if (parts.length < 4) return false;
  let words = 0;
  let marks = false;
  for (const part of parts) {
    const core = part.replace(/^["'(“‘«¿¡]+/, '').replace(/[.,;:!?)"'”’»…]+$/, '');
    if (core !== part) marks = true;
    if (!core) continue;
    const word =
      refIsWordy(core.replace(/['’]/g, '')) || (/[^ -~]/.test(core) && /^[\p{L}\p{M}'’-]{1,20}$/u.test(core));
    if (word) words++;
    else if (/^(?:\d{1,4}|\{\{?[\w.]+\}\}?|%[sd]|%\(\w+\)[sd]|\$\{[\w.]+\}|:\w+|[-–—&/+*])$/.test(core))
      marks = true;
    else return false;
  }
  return words >= 3 && marks;
}

function refCannotBeCredential(raw: string): boolean {
  let v = raw.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  if (v.indexOf('%') >= 0) {
    try {
      v = decodeURIComponent(v);
    } catch {
      // keep as is
    }
  }
  if (v.length <= 4) return true;
  return (
    BOOLEANISH.test(v) ||
    SMALL_NUMBER.test(v) ||
    DECIMAL.test(v) ||
    TIMESTAMP.test(v) ||
    ISO_DATE.test(v) ||
    LOCAL_DATE.test(v) ||
    LANGUAGE_TAG.test(v) ||
    NUMBER_LIST.test(v) ||
    VERSION_RANGE.test(v) ||
    refIsWordy(v)
  );
}

function refSecretShaped(raw: string): boolean {
  const v = raw.trim();
  if (v.length < 8 || refCannotBeCredential(v)) return false;
  // A piece of JSON's syntax.
  if (/^[{[]\s*"/.test(v) || /"\s*:\s*["{[]/.test(v)) return false;
  if (/^\d+$/.test(v)) return v.length >= 10;
  const classes = +/[a-z]/.test(v) + +/[A-Z]/.test(v) + +/\d/.test(v) + +/[^A-Za-z0-9\s]/.test(v);
  if (v.length >= 16) return classes >= 1 && !/\s/.test(v.slice(0, 16).trim()) ? true : classes >= 2;
  return classes >= 2 && /\d|[^A-Za-z\s]/.test(v);
}

const strings = [
  ...corpusStrings(),
  ...generatedStrings(40_000, 24),
  ...generatedStrings(20_000, 90, 777),
  'dark',
  'CheckForPermission',
  'Request Cookies',
  'url status size timeline',
  'same-origin',
  '  padded words  ',
  '\u00a0nbsp\u00a0',
  'x'.repeat(20),
  'aeiou'.repeat(13),
  'strengthsXY',
  'abCD',
  'ABCD',
  'abcDEFGH',
  '"1517097600"',
  '1517097600%3A190_191',
  '%E0%A4%A',
  '12345678 9',
  '123456789012',
  'abc def ghi jkl mno',
  'abcdefghijklmnop qrs',
  'abcdefghijklmno  ',
  '^9.0.3',
  '~1.2',
  '>=2.0.0 <3',
  '^1.0.0 || ^2.0.0-rc.1',
  '^9.0.3x',
  'Password must be at least 8 characters.',
  'We sent a reset link to {email}. It expires in 30 minutes!',
  'You will be signed out in {{minutes}} minutes.',
  "Don't share your API key: anyone with it can call the API.",
  'Le mot de passe doit contenir au moins 8 caractères.',
  'Tr0ub4dor &3 horse battery',
  'Bearer abc123 for the api',
  'correct horse battery staple 12345',
];

describe('messages and version ranges', () => {
  it.each(['^9.0.3', '>=2.0.0 <3', '^1.0.0 || ^2.0.0-rc.1'])('%s cannot be a credential', (v) =>
    expect(cannotBeCredential(v)).toBe(true),
  );

  it.each([
    'Password must be at least 8 characters.',
    'Your session has expired, please sign in again.',
    'We sent a reset link to {email}. It expires in 30 minutes!',
    "Don't share your API key: anyone with it can call the API.",
    'Le mot de passe doit contenir au moins 8 caractères.',
  ])('%s is a message', (v) => expect(isProse(v)).toBe(true));

  it.each([
    'Tr0ub4dor &3 horse battery',
    'Bearer abc123 for the api',
    'hunter2-Xk9!pq',
    'x9Kq2 mP4z7 Lr8w3 Tn5v1',
    'nahZrRuvqvSdZVuxypBSOufm is the token',
    'abandon ability able about above absent absorb abstract absurd abuse access accident',
  ])('%s is none', (v) => expect(isProse(v) || cannotBeCredential(v)).toBe(false));

  it('pieces of JSON syntax are not secret-shaped (spread, they broke every JSON text)', () => {
    expect(secretShaped('{"password":"')).toBe(false);
    expect(secretShaped('{"auth":{"accessToken":"')).toBe(false);
    expect(secretShaped('Zx0F{"smod":Nok8MR5')).toBe(true);
  });

  it('a street is a sentence but stays secret-shaped, so it goes wherever it was found', () => {
    expect(isProse('Flat 3, 95 Kingsland Road')).toBe(true);
    expect(secretShaped('Flat 3, 95 Kingsland Road')).toBe(true);
  });
});

describe('value shape: the scans answer as the regexes did', () => {
  it('isJsSpace is \\s for every UTF-16 unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (isJsSpace(c) !== /\s/.test(String.fromCharCode(c))) expect(c.toString(16)).toBe('a \\s mismatch');
    }
  });

  it.each([
    ['isWordy', isWordy, refIsWordy],
    ['cannotBeCredential', cannotBeCredential, refCannotBeCredential],
    ['secretShaped', secretShaped, refSecretShaped],
    ['isProse', isProse, (v: string) => v.length <= 320 && v.includes(' ') && refIsProse(v.trim())],
  ] as const)('%s', (_name, fast, ref) => {
    const diffs = strings.filter((s) => fast(s) !== ref(s));
    expect(diffs.slice(0, 5)).toEqual([]);
  });

  it('redactPath', () => {
    const path = 'request.cookies.sess_9f8e7d6c5b4a39281706.value[0].Xk29fLq7Rz0bNw4TmPv8Yc3H';
    expect(redactPath(path)).toBe('request.cookies.*.value[0].*');
  });
});

describe('isWordy: random letters are no words', () => {
  // Seeded: the same tokens on every run.
  let seed = 2024;
  const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const token = (n: number) => Array.from({ length: n }, () => LETTERS[rand(52)]).join('');

  it('refuses letters-only random tokens of 16 to 24 characters (a third or more passed before)', () => {
    expect(isWordy('it_nahZrRuvqvSdZVuxypBSOufm')).toBe(false);
    expect(cannotBeCredential('it_nahZrRuvqvSdZVuxypBSOufm')).toBe(false);
    for (const n of [16, 20, 24]) {
      const tokens = Array.from({ length: 2000 }, () => token(n));
      const wordy = tokens.filter(isWordy).length;
      expect(wordy / tokens.length, `length ${n}`).toBeLessThan(0.05);
    }
  });

  it('keeps identifiers and phrases that repeat their letters', () => {
    for (const v of [
      'CheckForPermissionRequest',
      'JSONParseErrorHandler',
      'getElementsByTagName',
      'AccessTokenExpiredException',
      'userSettingsPanelState',
      'BackgroundFetchManager',
      'strict-origin-when-cross-origin',
      'authorization_code',
    ])
      expect(isWordy(v), v).toBe(true);
  });
});
