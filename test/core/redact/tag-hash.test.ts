import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex } from '../../../src/util/sha256';
import { seeded } from '../../support/fake-secrets';

function bytes(rng: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
}

describe('placeholder tag hash (SHA-256, HMAC-SHA-256)', () => {
  it('matches node:crypto for every length around the block and padding edges, and any key size', () => {
    const rng = seeded(21);
    for (let len = 0; len <= 200; len++) {
      const data = bytes(rng, len);
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      for (const keyLen of [16, 32, 64, 65, 100]) {
        const key = bytes(rng, keyLen);
        expect(toHex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
      }
    }
  });

  it('a key changed in place gives the new key’s tags; results are never shared buffers', () => {
    const rng = seeded(22);
    const key = bytes(rng, 32);
    const data = bytes(rng, 20);
    const first = hmacSha256(key, data);
    const again = hmacSha256(key, data);
    expect(again).not.toBe(first);
    expect(toHex(again)).toBe(toHex(first));
    key[0] ^= 1;
    expect(toHex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    expect(toHex(first)).not.toBe(toHex(hmacSha256(key, data)));
  });
});
