import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Cores, encodedFormPairs, encodedForms, SecretRegistry } from '../../../src/redact/registry';
import { base64Encode, utf8Encode } from '../../../src/util/bytes';
import { hmacSha256, toHex } from '../../../src/util/sha256';

/** The cores as first written: base64 of the value at each alignment, cut to the value's own characters. */
function coresByEncoding(v: string): string[] {
  const bytes = utf8Encode(v);
  if (bytes.length < 6) return [];
  const out = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const buf = new Uint8Array(k + bytes.length + 2);
    buf.set(bytes, k);
    const enc = base64Encode(buf, false, false);
    const core = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length < 8) continue;
    out.add(core);
    out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

/** The encodings as first written, one function each (a lone surrogate: no URL forms). */
const lowerPercent = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const jsonInner = (v: string) => JSON.stringify(v).slice(1, -1);
const htmlBase = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const ENCODERS: ((v: string) => string)[] = [
  (v) => v,
  (v) => encodeURIComponent(v),
  (v) => lowerPercent(encodeURIComponent(v)),
  (v) => encodeURIComponent(v).replace(/%20/g, '+'),
  (v) => encodeURIComponent(encodeURIComponent(v)),
  (v) => encodeURI(v),
  (v) =>
    encodeURIComponent(v)
      .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
      .replace(/%20/g, '+'),
  jsonInner,
  (v) => jsonInner(v).replace(/\//g, '\\/'),
  (v) =>
    jsonInner(v).replace(
      /[\u0080-\uffff<>&'=]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
    ),
  (v) => jsonInner(jsonInner(v)),
  (v) => htmlBase(v).replace(/'/g, '&#39;'),
  (v) => htmlBase(v).replace(/'/g, '&#x27;'),
  (v) =>
    jsonInner(v).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
  (v) =>
    jsonInner(v)
      .replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
      .replace(/\//g, '\\/'),
];
const encodings = (v: string) =>
  ENCODERS.map((enc) => {
    try {
      return enc(v);
    } catch {
      return undefined;
    }
  });
function formsByEncoders(v: string): string[] {
  if (/^[A-Za-z0-9_.-]*$/.test(v)) return v.length >= 4 ? [v] : [];
  return [...new Set(encodings(v).filter((f): f is string => !!f))].filter((f) => f.length >= 4);
}
function pairsByEncoders(from: string, to: string): [string, string][] {
  const ts = encodings(to);
  const seen = new Set<string>();
  const out: [string, string][] = [];
  encodings(from).forEach((f, k) => {
    if (f && ts[k] !== undefined && f.length >= 4 && !seen.has(f)) {
      seen.add(f);
      out.push([f, ts[k] as string]);
    }
  });
  return out;
}

const text = fc
  .array(
    fc.constantFrom(
      'a',
      'Z',
      '0',
      '_',
      '.',
      '-',
      '~',
      '%',
      ' ',
      '/',
      '+',
      '"',
      '&',
      'é',
      '€',
      '\ud83d\ude00',
      '\u00ff',
      '\ud800',
      "'",
      '!',
      '<',
      '=',
      '\\',
      '\n',
      '\u0001',
      '%41',
      '%20',
      '@',
    ),
    {
      maxLength: 40,
    },
  )
  .map((a) => a.join(''));

describe('encoded forms', () => {
  it('base64Cores reads the cores from the bits as base64 over each alignment writes them', () => {
    fc.assert(
      fc.property(text, (v) => {
        expect(base64Cores(v)).toEqual(coresByEncoding(v));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it('encodedForms and encodedFormPairs give what each encoding written out on its own gives', () => {
    fc.assert(
      fc.property(text, text, (v, w) => {
        expect(encodedForms(v)).toEqual(formsByEncoders(v));
        expect(encodedFormPairs(v, w)).toEqual(pairsByEncoders(v, w));
      }),
      { numRuns: 5000, seed: 11 },
    );
    for (const v of ['REDACTED email #0a1b2c3d', 'it\'s <a> & "b"/c=d', 'a\ud800bcde', 'x y+z%25'])
      expect(encodedForms(v)).toEqual(formsByEncoders(v));
  });

  it('a value of letters, digits and _.- is its only form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_.-]{0,30}$/), (v) => {
        expect(encodedForms(v)).toEqual(v.length >= 4 ? [v] : []);
      }),
      { numRuns: 500, seed: 9 },
    );
  });

  it('tags are the first 8 hex digits of the HMAC of the UTF-8 value', () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const reg = new SecretRegistry(key, new Set());
    const rule = { id: 'r', origin: 'builtin' as const, locked: false };
    for (const v of ['abcdef', 'pässwörd', '\ud83d\ude00token', 'x'.repeat(200)]) {
      const tag = reg.register(v, 'l', rule, true).tag;
      expect(tag).toBe(toHex(hmacSha256(key, utf8Encode(v))).slice(0, 8));
    }
  });
});
