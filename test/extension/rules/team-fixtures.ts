/** The ACME team pack fixture and freshly generated signing keys (none is ever stored). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSigningKeyPair, signPack } from '../../../src/index';
import type { RulePack } from '../../../src/index';

export function acmePack(): RulePack {
  const path = fileURLToPath(new URL('../../fixtures/team/acme-pack.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as RulePack;
}

export { generateSigningKeyPair, signPack };

/** The signed pack with one rule quietly changed after signing, as an attacker on the path would. */
export function tamper(pack: RulePack): RulePack {
  const copy = structuredClone(pack);
  copy.rules = copy.rules.filter((r) => r.id !== 'acme.tenant-secret');
  return copy;
}
