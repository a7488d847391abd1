import { canonicalizePack } from './canonical';
import type { PackSignature, RulePack } from './types';

/**
 * Rule-pack signatures with WebCrypto only, so the same code runs in Node 20 and in the extension.
 *
 * Key text forms: a public key is base64 of its DER SPKI, a private key base64 of its DER PKCS#8
 * (both one line, easy to paste into a policy). PEM (`-----BEGIN PUBLIC KEY-----` …) is accepted too,
 * so keys made with `openssl genpkey -algorithm ed25519` work. The algorithm is read from the key.
 * A signature is base64 of the raw signature bytes (ECDSA: IEEE P1363 r‖s, as WebCrypto makes it)
 * over the UTF-8 canonical form of the pack (see canonical.ts).
 */

export type SigningAlg = PackSignature['alg'];

export interface SigningKeyPair {
  /** base64 DER SPKI. */
  publicKey: string;
  /** base64 DER PKCS#8. Keep it secret. */
  privateKey: string;
  keyId: string;
}

export type VerifyResult = { ok: true; keyId: string } | { ok: false; reason: string };

type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
type Bytes = Uint8Array<ArrayBuffer>;
interface Jwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  alg?: string;
  key_ops?: string[];
  ext?: boolean;
}

interface AlgParams {
  name: string;
  namedCurve?: string;
  hash?: string;
}

const PARAMS: Record<SigningAlg, { key: AlgParams; sign: AlgParams }> = {
  Ed25519: { key: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  'ECDSA-P256': {
    key: { name: 'ECDSA', namedCurve: 'P-256' },
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
};

// DER-encoded algorithm OIDs as they appear in SPKI and PKCS#8.
const OID_ED25519 = [0x06, 0x03, 0x2b, 0x65, 0x70];
const OID_P256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/** Accepts `ed25519` / `p256` spellings as well as the PackSignature names. */
export function parseSigningAlg(name: string): SigningAlg | null {
  const n = name.toLowerCase().replace(/[-_ ]/g, '');
  if (n === 'ed25519') return 'Ed25519';
  if (n === 'p256' || n === 'ecdsap256' || n === 'es256') return 'ECDSA-P256';
  return null;
}

export async function generateSigningKeyPair(alg: SigningAlg = 'Ed25519'): Promise<SigningKeyPair> {
  const pair = (await crypto.subtle.generateKey(PARAMS[alg].key, true, ['sign', 'verify'])) as {
    publicKey: Key;
    privateKey: Key;
  };
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer);
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  return { publicKey: toBase64(spki), privateKey: toBase64(pkcs8), keyId: await keyIdOfBytes(spki) };
}

/** First 16 hex characters of the SHA-256 of the key's SPKI. Throws on text that is not a key. */
export async function keyIdOf(publicKey: string): Promise<string> {
  const spki = decodeKeyText(publicKey, 'PUBLIC KEY');
  algOfDer(spki);
  return keyIdOfBytes(spki);
}

/** Returns a copy of the pack with an embedded `signature` (any previous one is replaced). */
export async function signPack(pack: RulePack, privateKey: string): Promise<RulePack> {
  const { signature: _old, ...rest } = pack;
  return { ...rest, signature: await detachedSignature(pack, privateKey) };
}

/** A signature over the pack kept outside it (e.g. in a `.sig` file next to the pack). */
export async function detachedSignature(pack: RulePack, privateKey: string): Promise<PackSignature> {
  const { alg, key, publicSpki } = await importPrivate(privateKey);
  const sig = await crypto.subtle.sign(PARAMS[alg].sign, key, utf8(canonicalizePack(pack)));
  return { alg, keyId: await keyIdOfBytes(publicSpki), value: toBase64(new Uint8Array(sig)) };
}

/**
 * Verifies the pack's signature (the `detached` one when given, else the embedded one) against the
 * trusted public keys. Several keys may be trusted at once so a team can rotate keys.
 */
export async function verifyPack(
  pack: RulePack,
  trustedPublicKeys: string[],
  detached?: PackSignature,
): Promise<VerifyResult> {
  const sig: unknown = detached ?? pack.signature;
  if (sig === undefined) return { ok: false, reason: 'the pack is not signed' };
  if (!isSignature(sig))
    return { ok: false, reason: 'the signature is malformed (need alg, keyId and value)' };
  const sigBytes = fromBase64(sig.value);
  if (!sigBytes) return { ok: false, reason: 'the signature value is not base64' };

  let unreadable = 0;
  const trustedIds: string[] = [];
  for (const text of trustedPublicKeys) {
    let spki: Bytes;
    let alg: SigningAlg;
    try {
      spki = decodeKeyText(text, 'PUBLIC KEY');
      alg = algOfDer(spki);
    } catch {
      unreadable++;
      continue;
    }
    const id = await keyIdOfBytes(spki);
    trustedIds.push(id);
    if (id !== sig.keyId) continue;
    if (alg !== sig.alg) {
      return { ok: false, reason: `key ${id} is an ${alg} key but the signature says ${sig.alg}` };
    }
    let key: Key;
    try {
      key = await crypto.subtle.importKey('spki', spki, PARAMS[alg].key, false, ['verify']);
    } catch {
      return { ok: false, reason: `trusted key ${id} cannot be imported` };
    }
    const good = await crypto.subtle
      .verify(PARAMS[alg].sign, key, sigBytes, utf8(canonicalizePack(pack)))
      .catch(() => false);
    return good
      ? { ok: true, keyId: id }
      : {
          ok: false,
          reason: `the signature does not match the pack (key ${id}): the pack or signature was changed`,
        };
  }
  const note = unreadable ? `; ${unreadable} trusted key(s) could not be read` : '';
  const list = trustedIds.length ? trustedIds.join(', ') : 'none';
  return { ok: false, reason: `signed by key ${sig.keyId}, which is not trusted (trusted: ${list})${note}` };
}

async function importPrivate(text: string): Promise<{ alg: SigningAlg; key: Key; publicSpki: Bytes }> {
  const der = decodeKeyText(text, 'PRIVATE KEY');
  const alg = algOfDer(der);
  let key: Key;
  try {
    key = await crypto.subtle.importKey('pkcs8', der, PARAMS[alg].key, true, ['sign']);
  } catch {
    throw new Error('the private key cannot be imported (expected PKCS#8 Ed25519 or ECDSA P-256)');
  }
  // WebCrypto cannot derive a public key directly; its JWK export carries the public part.
  const { d: _d, key_ops: _ops, ext: _ext, ...pub } = (await crypto.subtle.exportKey('jwk', key)) as Jwk;
  const pubKey = await crypto.subtle.importKey('jwk', pub, PARAMS[alg].key, true, ['verify']);
  const publicSpki = new Uint8Array((await crypto.subtle.exportKey('spki', pubKey)) as ArrayBuffer);
  return { alg, key, publicSpki };
}

function algOfDer(der: Bytes): SigningAlg {
  if (indexOf(der, OID_ED25519) >= 0) return 'Ed25519';
  if (indexOf(der, OID_P256) >= 0) return 'ECDSA-P256';
  throw new Error('not an Ed25519 or ECDSA P-256 key');
}

/** base64 DER, or PEM with the given label (any label is accepted: `EC PRIVATE KEY` is not PKCS#8 though). */
function decodeKeyText(text: string, label: string): Bytes {
  const body = text
    .replace(/-----BEGIN [A-Z ]+-----/, '')
    .replace(/-----END [A-Z ]+-----/, '')
    .replace(/\s+/g, '');
  const bytes = fromBase64(body);
  if (!bytes || bytes.length < 32) throw new Error(`not a base64 ${label.toLowerCase()}`);
  return bytes;
}

async function keyIdOfBytes(spki: Bytes): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', spki));
  return Array.from(hash.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

function isSignature(x: unknown): x is PackSignature {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    (s.alg === 'Ed25519' || s.alg === 'ECDSA-P256') &&
    typeof s.keyId === 'string' &&
    typeof s.value === 'string'
  );
}

function indexOf(hay: Bytes, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function utf8(s: string): Bytes {
  return new TextEncoder().encode(s) as Bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

export function fromBase64(text: string): Bytes | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
