import './ensure-generated';
import { describe, expect, it } from 'vitest';
import { GITLEAKS_RULES } from '../../../src/detect/generated/gitleaks';
import { detectSecrets, detectorFamilies } from '../../../src/detect/registry';

// Inputs that make naive patterns backtrack: long runs of one class, separators without values,
// keyword soup, prefixes that start a match and never finish it.
const ADVERSARIAL: Record<string, (n: number) => string> = {
  letters: (n) => 'a'.repeat(n),
  dashes: (n) => '-'.repeat(n),
  digits: (n) => '4'.repeat(n),
  'digit groups': (n) => '4111 '.repeat(n / 5),
  'at signs': (n) => 'a@'.repeat(n / 2),
  pluses: (n) => '+1 '.repeat(n / 3),
  'jwt starts': (n) => 'eyJ.'.repeat(n / 4),
  'pem headers': (n) => '-----BEGIN PRIVATE KEY-----'.repeat(n / 27),
  'key soup': (n) => 'api_key secret token password auth access '.repeat(n / 42),
  assignments: (n) => 'key=aZ9_-. token: "x'.repeat(n / 20),
  'url starts': (n) => 'a://b:c'.repeat(n / 7),
  'signed params': (n) => '?X-Amz-Signature=ab&sig=1&sv=1&se=2&Signature='.repeat(n / 46),
  base64: (n) => 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(n / 35),
  // Base64 of JSON: an `eyJ` (`{"`) at every third object, none of them a token's start.
  'base64 of json': (n) => Buffer.from('{"id":1},'.repeat(Math.ceil((n * 3) / 4 / 9))).toString('base64url'),
  lines: (n) => 'curl -H x\n'.repeat(n / 10),
};

// Best of three: one GC pause or JIT tier-up must not decide the test.
function time(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    fn();
    best = Math.min(best, performance.now() - s);
  }
  return best;
}

// Linear work grows ~10x from 100 KB to 1 MB; quadratic ~100x. Small absolute times are noise.
function expectLinear(small: number, big: number, label: string): void {
  expect(big, `${label}: 1 MB took ${big.toFixed(0)} ms`).toBeLessThan(1000);
  if (big > 50)
    expect(big / Math.max(small, 1), `${label}: ${small.toFixed(1)} -> ${big.toFixed(1)} ms`).toBeLessThan(
      40,
    );
}

describe('detector speed on adversarial input', () => {
  for (const family of detectorFamilies) {
    it(`${family.id} stays linear on 1 MB`, () => {
      for (const [name, make] of Object.entries(ADVERSARIAL)) {
        const small = make(100_000);
        const big = make(1_000_000);
        const ctx = { key: 'phone_address_secret' };
        const t1 = time(() => family.detect(small, ctx));
        const t2 = time(() => family.detect(big, ctx));
        expectLinear(t1, t2, `${family.id} / ${name}`);
      }
    });
  }

  it('every gitleaks rule stays linear after its own keyword', () => {
    for (const rule of GITLEAKS_RULES) {
      for (const [name, make] of Object.entries(ADVERSARIAL)) {
        const kw = rule.keywords[0] ?? '';
        const run = (n: number) =>
          time(() => {
            const text = `${kw} = ${make(n)}`;
            rule.re.lastIndex = 0;
            while (rule.re.exec(text) !== null) {
              if (rule.re.lastIndex === 0) break;
            }
            rule.re.lastIndex = 0;
          });
        const t1 = run(10_000);
        const t2 = run(100_000);
        expect(t2, `${rule.id} / ${name}: 100 KB took ${t2.toFixed(0)} ms`).toBeLessThan(300);
        if (t2 > 20)
          expect(
            t2 / Math.max(t1, 1),
            `${rule.id} / ${name}: ${t1.toFixed(1)} -> ${t2.toFixed(1)} ms`,
          ).toBeLessThan(40);
      }
    }
  });

  it('a whole 1 MB keyword-soup field through detectSecrets stays well under a second', () => {
    expect(time(() => detectSecrets(ADVERSARIAL['key soup'](1_000_000)))).toBeLessThan(1000);
  });

  it('typical short HAR strings are cheap', () => {
    const strings = [
      'application/json; charset=utf-8',
      'Mon, 15 Jan 2024 10:15:00 GMT',
      '{"id":123,"name":"Widget","price":9.99,"tags":["a","b"]}',
      'https://www.example.test/static/js/main.3f2b8c1e.js',
      'max-age=31536000, immutable',
    ];
    const t = time(() => {
      for (let i = 0; i < 2000; i++) for (const s of strings) detectSecrets(s);
    });
    // 10,000 calls; generous bound for slow CI machines.
    expect(t).toBeLessThan(2000);
  });
});
