// Fake secrets in realistic formats, generated at run time: nothing credential-shaped is committed.
// `rng` makes them reproducible inside property tests.

export type Rng = () => number;

/** mulberry32: well mixed from the first output, even for small seeds. */
export function seeded(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64URL = ALNUM + '-_';

export function pick(rng: Rng, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

export function fakeJwt(rng: Rng, claims: Record<string, unknown> = {}): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: pick(rng, ALNUM, 10), typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: 'https://login.example.test',
      aud: 'api://example',
      exp: 1893456000,
      sub: pick(rng, ALNUM, 12),
      ...claims,
    }),
  );
  return `${header}.${payload}.${pick(rng, B64URL, 86)}`;
}

export const fake = {
  sessionId: (rng: Rng) => 's%3A' + pick(rng, B64URL, 32) + '.' + pick(rng, B64URL, 20),
  opaque: (rng: Rng, n = 32) => pick(rng, B64URL, n),
  password: (rng: Rng) => pick(rng, ALNUM, 6) + '&+=%@# "' + pick(rng, ALNUM, 4),
  awsKeyId: (rng: Rng) => 'AKIA' + pick(rng, UPPER_NUM.replace(/[01]/g, ''), 16),
  awsSecret: (rng: Rng) => pick(rng, ALNUM + '+/', 40),
  slackBot: (rng: Rng) =>
    `xoxb-${pick(rng, '0123456789', 12)}-${pick(rng, '0123456789', 13)}-${pick(rng, ALNUM, 24)}`,
  stripe: (rng: Rng) => 'sk_live_' + pick(rng, ALNUM, 32),
  googleKey: (rng: Rng) => 'AIza' + pick(rng, B64URL, 35),
  email: (rng: Rng) =>
    `${pick(rng, 'abcdefghijklmnopqrstuvwxyz', 8)}.${pick(rng, 'abcdefghij', 5)}@example-mail.test`,
  jwt: fakeJwt,
  card: () => '4111 1111 1111 1111',
};

/** Every form the scorer (and an attacker) would look for. */
export function encodedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  forms.add(new URLSearchParams({ x: secret }).toString().slice(2));
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1));
  forms.add(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
  forms.add(Buffer.from(secret).toString('base64url'));
  return [...forms].filter((f) => f.length >= 6);
}

/** Decodes every base64 run and base64 content and URL-encoding, like a determined reader would. */
export function expandedText(harText: string): string {
  const parts = [harText];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const run of v.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) {
        for (let shift = 0; shift < 4; shift++) {
          parts.push(
            Buffer.from(run.slice(shift).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'),
          );
        }
      }
      if (v.includes('%')) {
        try {
          parts.push(decodeURIComponent(v.replace(/\+/g, ' ')));
        } catch {
          /* not URL-encoded */
        }
      }
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(JSON.parse(harText));
  return parts.join('\n');
}

/** The forms of `secret` still present in a serialized HAR (empty = no leak). */
export function leakedForms(harText: string, secret: string): string[] {
  const text = expandedText(harText);
  return encodedForms(secret).filter((f) => text.includes(f));
}
