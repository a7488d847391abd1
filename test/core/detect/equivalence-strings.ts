import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIXTURES } from './fixtures';

/**
 * Strings to compare a fast path with the code it replaced: every detector fixture's text and key,
 * every string (and object key) of the sample HARs, and seeded random strings built from the
 * characters and pieces the value checks and detectors look at (separators, digits, the white
 * space `\s` knows and some it does not, dates, numbers, keyword fragments).
 */
export function corpusStrings(): string[] {
  const out = new Set<string>();
  for (const family of Object.values(FIXTURES)) {
    for (const c of [...family.positives, ...family.negatives]) {
      out.add(c.text);
      if (c.ctx?.key) out.add(c.ctx.key);
    }
  }
  const collect = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        out.add(k);
        collect(x);
      }
    }
  };
  for (const har of ['sample/sample.har', 'golden/chrome-like.redacted.har']) {
    collect(JSON.parse(readFileSync(resolve(__dirname, '../../fixtures', har), 'utf8')));
  }
  return [...out];
}

const CHARS = [
  ...'aebcxyzqAEBZYTFD0159 3_.-%2"+:/@,=;()[]#&?!*~\'',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u180e',
  '\u200b',
  'é',
  'ß',
  'Ω',
  '\ud83d\ude00',
];
const PIECES = [
  'true',
  'False',
  'undefined',
  'en-US',
  'zh_Hant_TW',
  '1517097600',
  '1517097600123.5',
  '2024-01-02T10:00:00Z',
  '2024-01-02 10:00',
  '12 Jan 2024',
  'Mon, 12 Jan 2024 10:00:00 GMT',
  '01/02/2024',
  '1,2,3',
  '10.0.1',
  '%3A',
  '%2',
  '%40',
  '%E2%82%AC',
  'GA1.2.',
  'rt_',
  'eyJ',
  'sk_live_',
  '@example.com',
  '+14155550123',
  '(415) 555-0123',
  'DE89370400440532013000',
  '123-45-6789',
  '4111 1111 1111 1111',
  'AB123456C',
  '131052-308T',
  'ya29.',
  'camelCase',
  'PascalCase',
  'strengths',
  'rhythm',
  'street',
  'Rue de Rivoli',
  '0x1f',
  '-12.5',
  '+7',
  '.5',
  '-',
  '"',
];

/** `count` seeded random strings of up to `maxLength` (about; pieces may run over) characters. */
export function generatedStrings(count: number, maxLength: number, seed = 12345): string[] {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let v = '';
    const n = rnd(maxLength + 1);
    while (v.length < n) v += rnd(4) === 0 ? PIECES[rnd(PIECES.length)] : CHARS[rnd(CHARS.length)];
    out.push(v);
  }
  return out;
}

/** What detectors look for: keywords, prefixes, separators, digits in the shapes of ids and numbers. */
const DETECTOR_PIECES = [
  ...PIECES,
  'Bearer ',
  'Basic dXNlcjpwYTU1',
  'password=',
  ';Pwd=',
  'curl -u ',
  " -H 'Authorization: ",
  'kind: Secret\ndata:\n  k: ',
  '<add key="ClearTextPassword" value="',
  'otpauth://totp/a?secret=',
  'X-Amz-Signature=',
  'x-amz-credential%3D',
  '?sig=',
  '&sv=2020&se=2021',
  'eyJhbGciOiJIUzI1NiJ9.',
  'eyJzdWIiOiIxIn0.',
  'ya29.',
  '1//0',
  'GOCSPX-',
  'EAA',
  'sk-proj-',
  'whsec_',
  '123456789:AA',
  'rk_test_',
  'AKIA',
  'ghp_',
  'xoxb-',
  'glpat-',
  '-----BEGIN PRIVATE KEY-----\n',
  '\n-----END PRIVATE KEY-----',
  'aws_secret_access_key = ',
  'https://user:',
  '@host/',
  '/@48.8584,2.2945,15z',
  '#map=12/48.8584/2.2945',
  'api_key=',
  'token: "',
  'secret',
  'Mr. John Smith',
  '12345678Z',
  'RSSMRA85T10A562S',
  '111.444.777-35',
  '1 84 12 76 451 089 46',
  '192.168.1.1',
  '203.0.113.9',
  '2001:db8::1',
  '4111111111111111',
];

/** Seeded random texts for the detectors: runs of token characters, pieces, separators. */
export function generatedDetectorTexts(count: number, maxLength: number, seed = 4242): string[] {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const TOKEN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let v = '';
    const n = rnd(maxLength + 1);
    while (v.length < n) {
      const pick = rnd(8);
      if (pick < 3) v += DETECTOR_PIECES[rnd(DETECTOR_PIECES.length)];
      else if (pick < 5) {
        const len = 8 + rnd(48);
        for (let k = 0; k < len; k++) v += TOKEN[rnd(TOKEN.length)];
      } else v += CHARS[rnd(CHARS.length)];
    }
    out.push(v);
  }
  return out;
}

/** Field names the detectors look at (and a few they do not), in the cases the engine passes. */
export const DETECTOR_KEYS = [
  '',
  'title',
  'phone',
  'mobileNumber',
  'street_address',
  'email_address',
  'user_hash',
  'User_Hash',
  'x-requestdigest',
  'refreshKey',
  'sortKey',
  'rt',
  'RT',
  'requestId',
  'totp_secret',
  'aws_secret_access_key',
  'AWS_SECRET_ACCESS_KEY',
  'x-algolia-api-key',
  'adafruit_token',
  'dob',
  'lat',
  'x-forwarded-for',
  'firstName',
  'note',
  'zip',
  'ssn',
  'authorization',
  'cookie',
];

/** The (text, key) pairs the fast-exit test runs: corpus strings bare and under a name, generated texts. */
export function detectorInputs(): [text: string, key: string][] {
  const out: [string, string][] = [];
  corpusStrings().forEach((t, i) => {
    out.push([t, '']);
    out.push([t, DETECTOR_KEYS[1 + (i % (DETECTOR_KEYS.length - 1))]]);
  });
  generatedDetectorTexts(8_000, 60).forEach((t, i) => out.push([t, DETECTOR_KEYS[i % DETECTOR_KEYS.length]]));
  generatedDetectorTexts(2_000, 400, 99).forEach((t, i) =>
    out.push([t, DETECTOR_KEYS[i % DETECTOR_KEYS.length]]),
  );
  return out;
}

/** One line per input with a finding: its index, then `start-end-detector` per span. */
export function detectionLines(
  inputs: [string, string][],
  detect: (text: string, ctx: { key?: string }) => { start: number; end: number; detector: string }[],
): string[] {
  const lines: string[] = [];
  inputs.forEach(([text, key], i) => {
    const found = detect(text, key ? { key } : {});
    if (found.length) lines.push(`${i} ${found.map((d) => `${d.start}-${d.end}-${d.detector}`).join(' ')}`);
  });
  return lines;
}
