import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Utf8Blocks } from '../../src/cli/shard-worker';

describe('Utf8Blocks', () => {
  it('gives the UTF-8 of what was put, in order, whether blocks are reused or new', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\n'), maxLength: 40 }),
      fc.nat(200).map((n) => 'x'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 4, max: 64 }), (pieces, size) => {
        for (const reuse of [true, false]) {
          const got: Buffer[] = [];
          const seen = new Set<ArrayBufferLike>();
          const out = new Utf8Blocks(
            size,
            (b) => {
              expect(b.length).toBeGreaterThan(0);
              // Reused or not, the block is read before the next one is written.
              got.push(Buffer.from(b));
              seen.add(b.buffer);
            },
            reuse,
          );
          for (const p of pieces) out.put(p);
          out.end();
          expect(Buffer.concat(got).toString('utf8')).toBe(pieces.join(''));
          // New blocks are never the same memory twice.
          if (!reuse) expect(seen.size).toBe(got.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reuses one buffer while strings fit in it', () => {
    const buffers = new Set<ArrayBufferLike>();
    const out = new Utf8Blocks(64, (b) => buffers.add(b.buffer), true);
    for (let i = 0; i < 100; i++) out.put('0123456789');
    out.end();
    expect(buffers.size).toBe(1);
  });
});
