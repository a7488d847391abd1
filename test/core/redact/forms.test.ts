import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Cores, encodedForms, SecretRegistry } from '../../../src/redact/registry';
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
