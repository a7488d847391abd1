import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules } from '../../../src/index';
import { detectSecrets } from '../../../src/detect/registry';
import { Pass } from '../../../src/redact/context';
import { SecretRegistry } from '../../../src/redact/registry';
import { fake, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' as const }]);
const newPass = () => new Pass(rules, new Set(), new SecretRegistry(new Uint8Array(32).fill(7), new Set()));

describe('Pass: remembered work gives the same answers', () => {
  it('detect() on a repeated text returns what a fresh pass finds, with or without a key', () => {
    const rng = seeded(11);
    const texts = [
      `Bearer ${fake.jwt(rng)}`,
      fake.email(rng),
      `token=${fake.opaque(rng, 40)}`,
      fake.stripe(rng),
      'nothing here at all',
      '',
      'x'.repeat(3000) + fake.email(rng),
    ];
    const p = newPass();
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        for (const key of [undefined, '', 'password', 'x-api-key']) {
          const fresh = newPass().detect(text, key);
          expect(p.detect(text, key)).toEqual(fresh);
          expect(fresh.map((s) => s.d)).toEqual(
            detectSecrets(text, key ? { key } : {}).filter((d) =>
              fresh.some((s) => s.d.detector === d.detector),
            ),
          );
        }
      }
    }
  });
});
