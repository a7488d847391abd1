// Found by an adversarial probe of the CLI (sixth session of issue 15): each case failed before.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { mapPercentComponents } from '../../../src/redact/propagate';
import { entry, har } from '../../support/har-builder';
import { seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(5) });

describe('percent-encoded components in propagation', () => {
  // What the code used before, a regex that is quadratic on a long run without an escape.
  const PERCENT_TOKEN = /[^&=?#/;,\s"'<>]*%[0-9A-Fa-f]{2}[^&=?#/;,\s"'<>]*/g;

  it('picks the same components as the regex it replaces', () => {
    const rng = seeded(21);
    const alphabet = [
      '%',
      '%2',
      '%41',
      '%zz',
      'a',
      'B',
      '7',
      '&',
      '=',
      '?',
      '#',
      '/',
      ';',
      ',',
      ' ',
      '\n',
      '"',
      "'",
      '<',
      '>',
      '\u00a0',
      'é',
    ];
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(rng() * 30);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
      const mark = (c: string) => `<${c.length}>`;
      expect(mapPercentComponents(s, mark)).toBe(s.replace(PERCENT_TOKEN, mark));
    }
  });

  // 30 s for 120 KB before (the regex retried from every start; about a minute for these 200 KB): the
  // timeout is what fails it, with a margin of 30× over what it takes now.
  it(
    'a long run of `%` without escapes, in a HAR with a secret to propagate, is redacted',
    { timeout: 10_000 },
    () => {
      const text = '1%'.repeat(100_000);
      const input = har([
        entry({ content: { mimeType: 'text/plain', text } }),
        entry({ url: 'https://a.example.test/y?token=Zq8xK2mP9vL4nR7tY1wB3cD6fH0jG5sA' }),
      ]);
      const out = run(input).har.log.entries;
      expect(out[0].response.content.text).toBe(text);
      expect(out[1].request.url).not.toContain('Zq8xK2mP9vL4nR7tY1wB3cD6fH0jG5sA');
    },
  );
});
