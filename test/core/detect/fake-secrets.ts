// Realistic-format but fake secrets, generated from a seeded PRNG so that no credential-looking
// literal sits in the repository and failures reproduce.

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomFrom(alphabet: string, length: number, seed: number): string {
  const r = rng(seed);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

export const base62 = (n: number, seed: number) => randomFrom(B62, n, seed);
export const hex = (n: number, seed: number) => randomFrom('0123456789abcdef', n, seed);
export const digits = (n: number, seed: number) => randomFrom('0123456789', n, seed);

function crc32(s: string): number {
  let c = ~0;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function toBase62(n: number, width: number): string {
  let s = '';
  while (n > 0) {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s.padStart(width, '0');
}

/** GitHub classic PAT: ghp_ + 30 random base62 + base62 CRC32 of those 30, 6 wide. */
export function githubPat(seed = 1): string {
  const body = base62(30, seed);
  return `ghp_${body}${toBase62(crc32(body), 6)}`;
}

export const awsAccessKeyId = (seed = 2) => 'AKIA' + randomFrom(UPPER_B32, 16, seed);
export const awsSecretAccessKey = (seed = 3) => randomFrom(B62 + '+/', 40, seed).replace(/^[+/]/, 'Q');
export const slackBotToken = (seed = 4) =>
  `xoxb-${digits(12, seed)}-${digits(13, seed + 1)}-${base62(24, seed + 2)}`;
export const stripeSecretKey = (seed = 5) => `sk_live_${base62(24, seed)}`;
export const googleApiKey = (seed = 6) => `AIza${randomFrom(B62 + '-_', 35, seed)}`;
export const gitlabPat = (seed = 7) => `glpat-${base62(20, seed)}`;
export const npmToken = (seed = 8) => `npm_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 36, seed)}`;
export const base32Seed = (n = 32, seed = 9) => randomFrom(UPPER_B32, n, seed);

function b64url(s: string): string {
  const utf8 = String.fromCharCode(...new TextEncoder().encode(s));
  return btoa(utf8).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function jwt(
  claims: Record<string, unknown> = { sub: '1234567890', iss: 'https://auth.example.test', exp: 1893456000 },
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
  seed = 10,
): string {
  const sig = header.alg === 'none' ? '' : randomFrom(B62 + '-_', 43, seed);
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${sig}`;
}

export function jwe(seed = 11): string {
  const header = b64url(JSON.stringify({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1' }));
  return [header, base62(342, seed), base62(16, seed + 1), base62(120, seed + 2), base62(22, seed + 3)].join(
    '.',
  );
}

/** A PEM-shaped block with a random body (not a usable key). */
export function pem(label: string, seed = 12, newline = '\n'): string {
  const r = rng(seed);
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) {
    let line = '';
    for (let k = 0; k < 64; k++) line += (B62 + '+/')[Math.floor(r() * 64)];
    lines.push(line);
  }
  lines.push('AbCdEf==');
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(newline);
}

function luhnCheckDigit(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = partial + d;
    let sum = 0;
    let dbl = false;
    for (let i = s.length - 1; i >= 0; i--) {
      let v = Number(s[i]);
      if (dbl) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
      dbl = !dbl;
    }
    if (sum % 10 === 0) return String(d);
  }
  throw new Error('unreachable');
}

/** A Luhn-valid number with the given prefix and length. */
export function cardNumber(prefix: string, length: number, seed = 13): string {
  const body = prefix + digits(length - prefix.length - 1, seed);
  return body + luhnCheckDigit(body);
}

/** The same digits with the last one changed: fails Luhn. */
export function breakLuhn(n: string): string {
  const last = Number(n[n.length - 1]);
  return n.slice(0, -1) + String((last + 1) % 10);
}

export function iban(country: string, bban: string): string {
  const s = bban + country + '00';
  let r = 0;
  for (const ch of s) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return country + String(98 - r).padStart(2, '0') + bban;
}
