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
