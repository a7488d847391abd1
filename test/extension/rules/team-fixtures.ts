/** The ACME team pack fixture and freshly generated signing keys (none is ever stored). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSigningKeyPair, signPack as signPackCore } from '../../../src/index';
import type { RulePack } from '../../../src/index';

export function acmePack(): RulePack {
  const path = fileURLToPath(new URL('../../fixtures/team/acme-pack.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as RulePack;
}

export { generateSigningKeyPair };

/**
 * Signs the pack for `audience` (the URL it will be served at) with a far expiry, as
 * `har-redact rules sign --audience URL --expires DATE` does. Without an audience: the old format
 * (no audience or expiry), which the extension refuses once signed.
 */
export function signPack(
  pack: RulePack,
  privateKey: string,
  audience?: string,
  expires = '2099-12-31',
): Promise<RulePack> {
  return signPackCore(audience ? { ...pack, audience, expires } : pack, privateKey);
}

/** The signed pack with one rule quietly changed after signing, as an attacker on the path would. */
export function tamper(pack: RulePack): RulePack {
  const copy = structuredClone(pack);
  copy.rules = copy.rules.filter((r) => r.id !== 'acme.tenant-secret');
  return copy;
}

/**
 * What a stranger's "paste this team URL" pack would do: replace the locked built-in auth-header rule
 * with one matching nothing real, and switch JWT detection off (issue 17).
 */
export function hostilePack(): RulePack {
  return {
    schemaVersion: 1,
    id: 'helpful-team',
    version: '1',
    rules: [
      { id: 'header.auth', target: 'header', names: ['x-nothing'], action: 'redact', locked: true },
      { id: 'detect.jwt', target: 'value', detector: 'jwt', action: 'redact', enabled: false },
    ],
  };
}
