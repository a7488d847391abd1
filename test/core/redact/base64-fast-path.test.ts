import { describe, expect, it } from 'vitest';
import { base64DecodeLatin1, base64Runs, isBase64 } from '../../../src/util/bytes';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { fake, seeded } from '../../support/fake-secrets';
import { entry, har } from '../../support/har-builder';

/** The decoding as it was before the atob fast path: normalise, then atob. */
function reference(text: string): string | null {
  let t = text;
  if (/[-_]/.test(t)) t = t.replace(/-/g, '+').replace(/_/g, '/');
  if (/[\s]/.test(t)) t = t.replace(/[\s]+/g, '');
  try {
    return atob(t);
  } catch {
    return null;
  }
}

/** base64Runs as it was: every character read. */
function referenceRuns(text: string, min: number): number[] {
  const ok = (c: number) => c < 128 && /[A-Za-z0-9+/_-]/.test(String.fromCharCode(c));
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!ok(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && ok(text.charCodeAt(i))) i++;
    let end = i;
    while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++;
    if (i - start >= min) out.push(start, end);
    i = end > i ? end : i;
  }
  return out;
}

describe('base64 runs', () => {
  it('finds exactly the runs a character-by-character scan finds', () => {
    const rng = seeded(8);
    const alphabet = 'Ab9+/-_====  .\n"é:';
    for (let n = 0; n < 5000; n++) {
      let s = '';
      const len = Math.floor(rng() * 120);
      // Long stretches of base64 now and then, so runs around the minimum length are common.
      for (let i = 0; i < len; i++)
        s += rng() < 0.85 ? 'Ab9+/-_'[Math.floor(rng() * 7)] : alphabet[Math.floor(rng() * alphabet.length)];
      for (const min of [0, 1, 8, 24]) expect(base64Runs(s, min)).toEqual(referenceRuns(s, min));
    }
  });
});

describe('base64 decoding fast path', () => {
  it('decodes (or refuses) exactly what normalising first would', () => {
    const rng = seeded(5);
    const alphabet = [
      'A',
      'b',
      '9',
      '+',
      '/',
      '-',
      '_',
      '=',
      ' ',
      '\n',
      '\t',
      '\v',
      '\u00a0',
      '\ufeff',
      '!',
      'é',
    ];
    const weights = [8, 8, 8, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1];
    const total = weights.reduce((a, b) => a + b, 0);
    const pickChar = () => {
      let r = rng() * total;
      for (let i = 0; i < alphabet.length; i++) if ((r -= weights[i]) < 0) return alphabet[i];
      return 'A';
    };
    for (let n = 0; n < 20000; n++) {
      let s = '';
      const len = Math.floor(rng() * 14);
      for (let i = 0; i < len; i++) s += pickChar();
      expect(base64DecodeLatin1(s)).toBe(reference(s));
      expect(isBase64(s)).toBe(reference(s) !== null);
    }
    const big = Buffer.from(new Uint8Array(100_000).map((_, i) => (i * 7919) & 255)).toString('base64');
    for (const s of [
      big,
      big.replace(/\+/g, '-'),
      big.slice(0, 4000) + '\r\n' + big.slice(4000),
      big + '=',
    ]) {
      expect(base64DecodeLatin1(s)).toBe(reference(s));
    }
  });

  it('images stay as they were; a body that is not base64 is still scanned as text', () => {
    const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' as const }]);
    const tok = fake.stripe(seeded(6));
    const png = Buffer.from(new Uint8Array(3000).map((_, i) => (i * 31) & 255)).toString('base64');
    const input = har([
      entry({ content: { mimeType: 'image/png', encoding: 'base64', text: png } }),
      entry({ content: { mimeType: 'image/png', encoding: 'base64', text: `not base64! ${tok}` } }),
    ]);
    const { har: out, report } = redactHar(input, rules, { key: new Uint8Array(32).fill(4) });
    expect(out.log.entries[0].response.content.text).toBe(png);
    expect(out.log.entries[1].response.content.text).not.toContain(tok);
    expect(report.warnings.some((w) => w.includes('not valid base64'))).toBe(true);
  });
});
