import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  detachedSignature,
  generateSigningKeyPair,
  keyIdOf,
  parseSigningAlg,
  signPack,
  verifyPack,
  type RulePack,
  type SigningAlg,
  type SigningKeyPair,
} from '../../../src/index';
import { teamPack } from './helpers';

const ALGS: SigningAlg[] = ['Ed25519', 'ECDSA-P256'];
const keys = {} as Record<SigningAlg, [SigningKeyPair, SigningKeyPair]>;

beforeAll(async () => {
  for (const alg of ALGS) keys[alg] = [await generateSigningKeyPair(alg), await generateSigningKeyPair(alg)];
});

function flipLastChar(b64: string): string {
  // Change a byte well inside the signature (the last characters may be padding bits).
  const i = 10;
  return b64.slice(0, i) + (b64[i] === 'A' ? 'B' : 'A') + b64.slice(i + 1);
}

describe.each(ALGS)('%s', (alg) => {
  it('generates a key pair with a 16-hex key id derived from the public key', async () => {
    const [k] = keys[alg];
    expect(k.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(await keyIdOf(k.publicKey)).toBe(k.keyId);
    expect(k.keyId).not.toBe(keys[alg][1].keyId);
  });

  it('round-trips an embedded signature', async () => {
    const [k] = keys[alg];
    const signed = await signPack(teamPack(), k.privateKey);
    expect(signed.signature).toMatchObject({ alg, keyId: k.keyId });
    expect(await verifyPack(signed, [k.publicKey])).toEqual({ ok: true, keyId: k.keyId });
  });

  it('survives reformatting (JSON round trip with other whitespace and key order)', async () => {
    const [k] = keys[alg];
    const signed = await signPack(teamPack(), k.privateKey);
    const { signature, ...rest } = signed;
    const reformatted = JSON.parse(JSON.stringify({ signature, ...rest }, null, 3)) as RulePack;
    expect((await verifyPack(reformatted, [k.publicKey])).ok).toBe(true);
  });

  it('round-trips a detached signature', async () => {
    const [k] = keys[alg];
    const pack = teamPack();
    const sig = await detachedSignature(pack, k.privateKey);
    expect(pack.signature).toBeUndefined();
    expect(await verifyPack(pack, [k.publicKey], sig)).toEqual({ ok: true, keyId: k.keyId });
  });

  const tamper: [string, (p: RulePack) => void][] = [
    ['a rule name', (p) => (p.rules[0].names = ['X-Other'])],
    ['a rule action', (p) => (p.rules[1].action = 'keep')],
    ['a lock', (p) => delete p.rules[0].locked],
    ['a dropped rule', (p) => p.rules.pop()],
    ['the version', (p) => (p.version = '2026.11.2')],
    ['the signature value', (p) => (p.signature!.value = flipLastChar(p.signature!.value))],
  ];
  it.each(tamper)('fails when %s is changed', async (_what, change) => {
    const [k] = keys[alg];
    const signed = structuredClone(await signPack(teamPack(), k.privateKey));
    change(signed);
    const result = await verifyPack(signed, [k.publicKey]);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('fails for a key that is not trusted', async () => {
    const [signer, other] = keys[alg];
    const signed = await signPack(teamPack(), signer.privateKey);
    const result = await verifyPack(signed, [other.publicKey]);
    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining(`signed by key ${signer.keyId}, which is not trusted`),
    });
  });

  it('fails when the keyId is switched to a trusted key', async () => {
    const [signer, other] = keys[alg];
    const signed = await signPack(teamPack(), signer.privateKey);
    signed.signature!.keyId = other.keyId;
    expect((await verifyPack(signed, [other.publicKey])).ok).toBe(false);
  });

  it('accepts either of two trusted keys (rotation)', async () => {
    const [oldKey, newKey] = keys[alg];
    const trusted = [oldKey.publicKey, newKey.publicKey];
    for (const k of [oldKey, newKey]) {
      const signed = await signPack(teamPack(), k.privateKey);
      expect(await verifyPack(signed, trusted)).toEqual({ ok: true, keyId: k.keyId });
    }
  });
});

describe('verifyPack edge cases', () => {
  it('says when a pack is unsigned', async () => {
    expect(await verifyPack(teamPack(), [keys.Ed25519[0].publicKey])).toEqual({
      ok: false,
      reason: 'the pack is not signed',
    });
  });

  it('rejects a signature whose alg does not match the trusted key', async () => {
    const k = keys.Ed25519[0];
    const signed = await signPack(teamPack(), k.privateKey);
    signed.signature!.alg = 'ECDSA-P256';
    expect(await verifyPack(signed, [k.publicKey])).toEqual({
      ok: false,
      reason: expect.stringMatching(/Ed25519 key/),
    });
  });

  it('rejects malformed signatures', async () => {
    const k = keys.Ed25519[0];
    const pack = teamPack();
    expect(
      (await verifyPack(pack, [k.publicKey], { alg: 'Ed25519', keyId: k.keyId, value: 'not base64!' })).ok,
    ).toBe(false);
    const bogus = { alg: 'HS256', keyId: k.keyId, value: 'AAAA' } as unknown as RulePack['signature'];
    expect(await verifyPack(pack, [k.publicKey], bogus)).toEqual({
      ok: false,
      reason: expect.stringMatching(/malformed/),
    });
    const short = { alg: 'Ed25519' as const, keyId: k.keyId, value: 'AAAA' };
    expect((await verifyPack(pack, [k.publicKey], short)).ok).toBe(false);
  });

  it('skips unreadable trusted keys but still verifies with a good one', async () => {
    const k = keys.Ed25519[0];
    const signed = await signPack(teamPack(), k.privateKey);
    expect(await verifyPack(signed, ['garbage', k.publicKey])).toEqual({ ok: true, keyId: k.keyId });
    expect(await verifyPack(signed, ['garbage'])).toEqual({
      ok: false,
      reason: expect.stringMatching(/not trusted \(trusted: none\); 1 trusted key\(s\) could not be read/),
    });
  });

  it('reads PEM keys made outside the tool (openssl-style)', async () => {
    for (const [type, opts] of [
      ['ed25519', {}],
      ['ec', { namedCurve: 'P-256' }],
    ] as const) {
      const pair = generateKeyPairSync(type as 'ec', {
        ...(opts as { namedCurve: string }),
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      const signed = await signPack(teamPack(), pair.privateKey);
      const result = await verifyPack(signed, [pair.publicKey]);
      expect(result).toEqual({ ok: true, keyId: await keyIdOf(pair.publicKey) });
    }
  });

  it('refuses to sign with something that is not a private key', async () => {
    await expect(signPack(teamPack(), 'AAAA')).rejects.toThrow(/not a base64 private key/);
    await expect(signPack(teamPack(), keys.Ed25519[0].publicKey)).rejects.toThrow(/cannot be imported/);
    await expect(keyIdOf('hello')).rejects.toThrow();
  });

  it.each([
    ['ed25519', 'Ed25519'],
    ['Ed25519', 'Ed25519'],
    ['p256', 'ECDSA-P256'],
    ['P-256', 'ECDSA-P256'],
    ['ECDSA-P256', 'ECDSA-P256'],
    ['rsa', null],
  ])('parseSigningAlg(%s)', (name, alg) => {
    expect(parseSigningAlg(name)).toBe(alg);
  });
});
