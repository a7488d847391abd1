import { beforeAll, describe, expect, it } from 'vitest';
import { checkPack } from '../../../extension/background/rules/check-pack';
import type { SigningKeyPair } from '../../../src/rules/signature';
import { acmePack, generateSigningKeyPair, signPack } from './team-fixtures';

let trusted: SigningKeyPair;
let stranger: SigningKeyPair;

beforeAll(async () => {
  [trusted, stranger] = await Promise.all([generateSigningKeyPair(), generateSigningKeyPair()]);
});

describe('issue 17.1: a trusted key makes a signature mandatory', () => {
  it('refuses a pack signed by an unknown key (as before)', async () => {
    const signed = await signPack(acmePack(), stranger.privateKey);
    const got = await checkPack(signed, { trustedPublicKeys: [trusted.publicKey], requireSignature: false });
    expect(got.ok).toBe(false);
  });

  it('refuses the same pack with its signature stripped, requireSignature unset', async () => {
    const { signature: _s, ...stripped } = await signPack(acmePack(), stranger.privateKey);
    const got = await checkPack(stripped, {
      trustedPublicKeys: [trusted.publicKey],
      requireSignature: false,
    });
    expect(got).toMatchObject({ ok: false, error: expect.stringMatching(/not signed/) });
  });

  it('still accepts an unsigned pack when no key is configured and no signature is required', async () => {
    const got = await checkPack(acmePack(), { trustedPublicKeys: [], requireSignature: false });
    expect(got.ok).toBe(true);
  });
});
