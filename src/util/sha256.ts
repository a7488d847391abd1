// Synchronous SHA-256 / HMAC-SHA-256: placeholder tags are computed in the middle of a synchronous walk,
// and WebCrypto is async only. Inputs are small (one secret value each).

// Int32 throughout (K, W, the state): V8 keeps every round in small integers, never doubles.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Message schedule scratch: compress() is synchronous and never re-entered. */
const W = new Int32Array(64);

/** One 64-byte block of `data` at `off` folded into the state `h`. */
function compress(h: Int32Array, data: Uint8Array, off: number): void {
  const w = W;
  for (let i = 0; i < 16; i++) {
    const o = off + i * 4;
    w[i] = (data[o] << 24) | (data[o + 1] << 16) | (data[o + 2] << 8) | data[o + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15],
      b = w[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = h[0],
    b = h[1],
    c = h[2],
    d = h[3],
    e = h[4],
    f = h[5],
    g = h[6],
    hh = h[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + hh) | 0;
}

/** Padding scratch (one or two blocks), like W: never in use twice at once. */
const TAIL = new Uint8Array(128);

/**
 * Finishes a hash whose state `h` has already absorbed `prefixLength` bytes (whole blocks): folds in
 * `data`, the padding and the total length, and writes the digest into `out`.
 */
function finish(h: Int32Array, data: Uint8Array, prefixLength: number, out: Uint8Array): Uint8Array {
  let off = 0;
  for (; off + 64 <= data.length; off += 64) compress(h, data, off);
  const rest = data.length - off;
  const size = rest + 9 > 64 ? 128 : 64;
  TAIL.fill(0, 0, size);
  for (let i = 0; i < rest; i++) TAIL[i] = data[off + i];
  TAIL[rest] = 0x80;
  const bitLen = (prefixLength + data.length) * 8;
  const hi = Math.floor(bitLen / 0x100000000);
  const lo = bitLen >>> 0;
  for (let i = 0; i < 4; i++) {
    TAIL[size - 8 + i] = (hi >>> (24 - 8 * i)) & 255;
    TAIL[size - 4 + i] = (lo >>> (24 - 8 * i)) & 255;
  }
  compress(h, TAIL, 0);
  if (size === 128) compress(h, TAIL, 64);
  for (let i = 0; i < 8; i++) {
    const v = h[i];
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 255;
    out[i * 4 + 2] = (v >>> 8) & 255;
    out[i * 4 + 3] = v & 255;
  }
  return out;
}

export function sha256(data: Uint8Array): Uint8Array {
  return finish(IV.slice(), data, 0, new Uint8Array(32));
}

/** The states after the inner and outer key blocks: the same for every message under one key. */
interface HmacKey {
  bytes: Uint8Array;
  inner: Int32Array;
  outer: Int32Array;
}

const hmacKeys = new WeakMap<Uint8Array, HmacKey>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hmacKey(key: Uint8Array): HmacKey {
  const known = hmacKeys.get(key);
  // Keyed by the array, checked by its bytes (an array changed in place gets new states).
  if (known && sameBytes(known.bytes, key)) return known;
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? sha256(key) : key);
  const ipad = new Uint8Array(64);
  const opad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    ipad[i] = k[i] ^ 0x36;
    opad[i] = k[i] ^ 0x5c;
  }
  const inner = IV.slice();
  const outer = IV.slice();
  compress(inner, ipad, 0);
  compress(outer, opad, 0);
  const state = { bytes: key.slice(), inner, outer };
  hmacKeys.set(key, state);
  return state;
}

const STATE = new Int32Array(8);
const INNER_HASH = new Uint8Array(32);

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = hmacKey(key);
  STATE.set(k.inner);
  finish(STATE, data, 64, INNER_HASH);
  STATE.set(k.outer);
  return finish(STATE, INNER_HASH, 64, new Uint8Array(32));
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}
