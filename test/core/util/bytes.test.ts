import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64DecodeLatin1,
  base64Encode,
  isWellFormedUtf8,
  utf8DecodeStrict,
} from '../../../src/util/bytes';

const fatal = new TextDecoder('utf-8', { fatal: true });
const accepted = (b: Uint8Array) => {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
};

// Bytes around every boundary of the UTF-8 grammar, so short random sequences hit each rule.
const EDGES = [
  0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee,
  0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
];
const byte = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: 255 }));

describe('isWellFormedUtf8', () => {
  it('accepts exactly what a fatal TextDecoder accepts', () => {
    fc.assert(
      fc.property(fc.array(byte, { minLength: 1, maxLength: 8 }), (bytes) => {
        const b = Uint8Array.from(bytes);
        expect(isWellFormedUtf8(b)).toBe(accepted(b));
      }),
      { numRuns: 20000 },
    );
  });

  it('accepts every scalar value and refuses the classic malformed forms', () => {
    const enc = new TextEncoder();
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x800 ? 1 : 37) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      expect(isWellFormedUtf8(enc.encode(String.fromCodePoint(cp)))).toBe(true);
    }
    for (const bad of [
      [0xc0, 0xaf], // overlong '/'
      [0xe0, 0x80, 0xaf], // overlong
      [0xed, 0xa0, 0x80], // a surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xe2, 0x82], // cut short
      [0x80], // a lone continuation
    ]) {
      expect(isWellFormedUtf8(Uint8Array.from(bad))).toBe(false);
    }
  });

  it('lets utf8DecodeStrict refuse without decoding, short or long', () => {
    const bad = Uint8Array.from([0x61, 0xff, 0x62]);
    expect(utf8DecodeStrict(bad)).toBeNull();
    const long = new Uint8Array(10000).fill(0x61);
    expect(utf8DecodeStrict(long)).toBe('a'.repeat(10000));
    long[9000] = 0xff;
    expect(utf8DecodeStrict(long)).toBeNull();
    expect(utf8DecodeStrict(new TextEncoder().encode('zé€😀'))).toBe('zé€😀');
  });
});

describe('base64DecodeLatin1', () => {
  const atobOrNull = (t: string) => {
    try {
      return atob(t);
    } catch {
      return null;
    }
  };

  it('refuses what atob refuses and decodes what it decodes (short texts, checked before atob)', () => {
    const char = fc.constantFrom(...'ABCxyz019+/=%.!é'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 14 }), (chars) => {
        const t = chars.join('');
        expect(base64DecodeLatin1(t)).toBe(atobOrNull(t));
      }),
      { numRuns: 20000 },
    );
  });

  it('keeps the padding rules: one or two = only at the end of a whole quantum', () => {
    expect(base64DecodeLatin1('YWJj')).toBe('abc');
    expect(base64DecodeLatin1('YWI=')).toBe('ab');
    expect(base64DecodeLatin1('YQ==')).toBe('a');
    expect(base64DecodeLatin1('YQ')).toBe('a');
    expect(base64DecodeLatin1('YWJjZ')).toBeNull(); // one character too many
    expect(base64DecodeLatin1('Y=Q=')).toBeNull();
    expect(base64DecodeLatin1('YQ===')).toBeNull();
  });
});

describe('base64Encode', () => {
  const node = (b: Uint8Array, urlSafe: boolean, padding: boolean) => {
    let s = Buffer.from(b).toString(urlSafe ? 'base64url' : 'base64');
    if (urlSafe && padding) s += '='.repeat((4 - (s.length % 4)) % 4);
    if (!padding) s = s.replace(/=+$/, '');
    return s;
  };

  it('writes what Node writes, standard or URL-safe, padded or not, at every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2100 }), fc.boolean(), fc.boolean(), (b, urlSafe, padding) => {
        expect(base64Encode(b, urlSafe, padding)).toBe(node(b, urlSafe, padding));
      }),
      { numRuns: 3000 },
    );
  });

  it('encodes a body of megabytes (the byte-array path) the same as Node', () => {
    const b = new Uint8Array(3 * 1024 * 1024 + 2);
    for (let i = 0; i < b.length; i++) b[i] = (i * 2654435761) >>> 24;
    const s = base64Encode(b);
    expect(s).toBe(node(b, false, true));
    expect(base64DecodeLatin1(s)!.length).toBe(b.length);
  });
});
