import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizePack } from '../../../src/index';
import { canonicalJson } from '../../../src/rules/canonical';
import { teamPack } from './helpers';

function reorderKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(reorderKeys);
  if (x && typeof x === 'object') {
    return Object.fromEntries(
      Object.entries(x)
        .reverse()
        .map(([k, v]) => [k, reorderKeys(v)]),
    );
  }
  return x;
}

describe('canonicalizePack', () => {
  it('does not depend on key order or whitespace', () => {
    const pack = teamPack();
    const reformatted = JSON.parse(JSON.stringify(reorderKeys(pack), null, 4));
    expect(JSON.stringify(reformatted)).not.toBe(JSON.stringify(pack));
    expect(canonicalizePack(reformatted)).toBe(canonicalizePack(pack));
  });

  it('leaves out the signature but keeps everything else', () => {
    const pack = teamPack();
    const signed = {
      ...pack,
      signature: { alg: 'Ed25519' as const, keyId: '0123456789abcdef', value: 'AAAA' },
    };
    expect(canonicalizePack(signed)).toBe(canonicalizePack(pack));
    expect(canonicalizePack({ ...pack, version: '2' })).not.toBe(canonicalizePack(pack));
    expect(canonicalizePack(pack)).toContain('"x-owner":"security@acme.example"');
  });

  it('keeps array order (rule order matters)', () => {
    const pack = teamPack();
    const swapped = { ...pack, rules: [pack.rules[1], pack.rules[0], ...pack.rules.slice(2)] };
    expect(canonicalizePack(swapped)).not.toBe(canonicalizePack(pack));
  });

  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ é: 1, z: 2, Z: 3, '': 4 }, '{"":4,"Z":3,"z":2,"é":1}'],
    [
      { n: 1e21, m: 0.1, k: -0, s: 'line\nbreak "q" \u2028' },
      '{"k":0,"m":0.1,"n":1e+21,"s":"line\\nbreak \\"q\\" \u2028"}',
    ],
    [{ a: undefined, b: { d: 1, c: 2 } }, '{"b":{"c":2,"d":1}}'],
  ])('canonicalJson(%j)', (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/function/);
  });
});

describe('canonicalJson on arbitrary JSON', () => {
  it('parses back to the same value and ignores key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const value = JSON.parse(JSON.stringify(raw)) as unknown;
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(value);
        expect(canonicalJson(reorderKeys(value))).toBe(text);
        expect(text).not.toMatch(/^\s|\s$/);
      }),
      { numRuns: 500 },
    );
  });
});
