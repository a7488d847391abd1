import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonPlain, jsonString, rewriteJson } from '../../../src/redact/json';

describe('jsonString', () => {
  it('writes what JSON.stringify writes (quotes, backslashes, controls, surrogates alone or paired)', () => {
    const ch = fc.oneof(
      fc.constantFrom('a', '"', '\\', '\n', '\u0000', '\u001f', ' ', '\u007f', '\u2028', 'é', '/'),
      fc.constantFrom('\ud83d', '\ude00', '\ud83d\ude00', '\udfff', '\ud800'),
    );
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(jsonString(s)).toBe(JSON.stringify(s));
        if (jsonPlain(s)) expect(JSON.stringify(s)).toBe(`"${s}"`);
      }),
      { numRuns: 2000, seed: 3 },
    );
    expect(jsonString('[REDACTED email #0123abcd]')).toBe('"[REDACTED email #0123abcd]"');
  });
});

describe('rewriteJson literals', () => {
  it('takes the number, true, false and null tokens LITERAL takes, digits alone without the regex', () => {
    const LITERAL = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;
    const tok = fc
      .array(fc.constantFrom('0', '7', '9', '-', '.', 'e', 'E', '+', 'x', 'true', 'null'), {
        minLength: 1,
        maxLength: 8,
      })
      .map((a) => a.join(''));
    const visitor = { string: (s: string) => s, isSecretKey: () => false };
    fc.assert(
      fc.property(tok, (t) => {
        expect(rewriteJson(`[${t}]`, visitor) !== null).toBe(LITERAL.test(t));
      }),
      { numRuns: 3000, seed: 13 },
    );
  });
});
