import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Utf8Blocks } from '../../src/cli/shard-worker';

describe('Utf8Blocks', () => {
  it('gives the UTF-8 of what was put, in order: blocks reused, new, or cut from spare memory', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\n'), maxLength: 40 }),
      fc.nat(200).map((n) => 'x'.repeat(n)),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.integer({ min: 4, max: 64 }),
        fc.nat(400),
        (pieces, size, spareSize) => {
          for (const [reuse, spare] of [
            [true, undefined],
            [false, undefined],
            [false, new Uint8Array(spareSize)],
          ] as const) {
            const copies: Buffer[] = [];
            const views: Uint8Array[] = [];
            const out = new Utf8Blocks(
              size,
              (b) => {
                expect(b.length).toBeGreaterThan(0);
                copies.push(Buffer.from(b));
                views.push(b);
              },
              reuse,
              spare,
            );
            for (const p of pieces) out.put(p);
            out.end();
            expect(Buffer.concat(copies).toString('utf8')).toBe(pieces.join(''));
            if (!reuse) {
              // A block handed over is never written again: each still holds what it held.
              views.forEach((v, i) => expect(Buffer.from(v).equals(copies[i])).toBe(true));
            }
            if (spare) {
              // Spare memory is used first, in order, without gaps between its blocks.
              const fromSpare = views.filter((v) => v.buffer === spare.buffer);
              let at = 0;
              for (const v of fromSpare) {
                expect(v.byteOffset).toBe(at);
                at += v.length;
              }
            }
          }
        },
      ),
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

  it('cuts blocks of about its size from spare memory, then makes new ones', () => {
    const spare = new Uint8Array(1000);
    const blocks: Uint8Array[] = [];
    const out = new Utf8Blocks(100, (b) => blocks.push(b), false, spare);
    for (let i = 0; i < 300; i++) out.put('0123456789');
    out.end();
    const inSpare = blocks.filter((b) => b.buffer === spare.buffer);
    expect(inSpare.length).toBeGreaterThanOrEqual(9);
    expect(inSpare.every((b) => b.length <= 100)).toBe(true);
    expect(blocks.length).toBeGreaterThan(inSpare.length);
    expect(Buffer.concat(blocks.map((b) => Buffer.from(b))).toString()).toBe('0123456789'.repeat(300));
  });
});
