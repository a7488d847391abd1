import { describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har, deepFreeze } from '../../support/har-builder';
import { fake, leakedForms, pick, seeded, type Rng } from '../../support/fake-secrets';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const key = new Uint8Array(32).fill(7);

function redact(input: Har) {
  const { har: out, report } = redactHar(deepFreeze(input), rules, { key });
  return { out, text: JSON.stringify(out), report };
}

interface Case {
  name: string;
  secret: (rng: Rng) => string;
  build: (s: string) => Har;
  /** A label the placeholder must carry. */
  label?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

// Every location family of DESIGN.md, each with a secret planted there.
const cases: Case[] = [
  {
    name: 'URL query by name',
    secret: (r) => fake.opaque(r),
    build: (s) => har([entry({ url: `https://api.example.test/v1/search?q=x&token=${s}` })]),
    label: 'query:token',
  },
  {
    name: 'URL userinfo password (URL-encoded specials)',
    secret: (r) => fake.password(r),
    build: (s) => har([entry({ url: `https://deploy:${encodeURIComponent(s)}@git.example.test/repo.git` })]),
    label: 'url-password',
  },
  {
    name: 'URL path: reset token after a credential segment',
    secret: (r) => fake.opaque(r, 40).replace(/^/, 'R4'),
    build: (s) => har([entry({ url: `https://app.example.test/reset-password/${s}` })]),
    label: 'url-path-token',
  },
  {
    name: 'URL fragment (OAuth implicit flow)',
    secret: (r) => fake.opaque(r, 48),
    build: (s) => har([entry({ url: `https://app.example.test/cb#access_token=${s}&token_type=Bearer` })]),
  },
  {
    name: 'Authorization header, lower-case (HTTP/2)',
    secret: (r) => fake.jwt(r),
    build: (s) => har([entry({ requestHeaders: [{ name: 'authorization', value: `Bearer ${s}` }] })]),
  },
  {
    name: 'Proxy-Authorization Basic',
    secret: (r) => b64(`svc:${fake.opaque(r, 20)}`),
    build: (s) => har([entry({ requestHeaders: [{ name: 'Proxy-Authorization', value: `Basic ${s}` }] })]),
    label: 'header:proxy-authorization',
  },
  {
    name: 'custom API-key header by substring',
    secret: (r) => fake.opaque(r, 36),
    build: (s) => har([entry({ requestHeaders: [{ name: 'X-Acme-Api-Key', value: s }] })]),
  },
  {
    name: 'HTTP/2 :path pseudo-header',
    secret: (r) => fake.opaque(r, 30),
    build: (s) => har([entry({ requestHeaders: [{ name: ':path', value: `/v1/me?access_token=${s}` }] })]),
  },
  {
    name: 'Cookie header',
    secret: (r) => fake.sessionId(r),
    build: (s) =>
      har([entry({ requestHeaders: [{ name: 'Cookie', value: `theme=dark; sid=${s}; lang=en` }] })]),
    label: 'cookie:sid',
  },
  {
    name: 'Set-Cookie header with attributes',
    secret: (r) => fake.opaque(r, 40),
    build: (s) =>
      har([
        entry({
          responseHeaders: [
            { name: 'set-cookie', value: `acme_session=${s}; Path=/; Secure; HttpOnly; SameSite=Lax` },
          ],
        }),
      ]),
  },
  {
    name: 'cookies array',
    secret: (r) => fake.opaque(r, 24),
    build: (s) => har([entry({ requestCookies: [{ name: 'JSESSIONID', value: s }] })]),
  },
  {
    name: 'queryString array only',
    secret: (r) => fake.opaque(r, 24),
    build: (s) =>
      har([entry({ url: 'https://x.example.test/a', queryString: [{ name: 'api_key', value: s }] })]),
  },
  {
    name: 'form body text and params',
    secret: (r) => fake.password(r),
    build: (s) =>
      har([
        entry({
          method: 'POST',
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            text: `username=ann&password=${encodeURIComponent(s)}`,
            params: [
              { name: 'username', value: 'ann' },
              { name: 'password', value: s },
            ],
          },
        }),
      ]),
  },
  {
    name: 'JSON body at depth, value is an object',
    secret: (r) => fake.opaque(r, 28),
    build: (s) =>
      har([
        entry({
          method: 'POST',
          postData: {
            mimeType: 'application/json',
            text: JSON.stringify({ a: { b: [{ credentials: { value: s } }] } }),
          },
        }),
      ]),
  },
  {
    name: 'GraphQL variables and inline arguments',
    secret: (r) => fake.password(r).replace(/["\\]/g, 'x'),
    build: (s) =>
      har([
        entry({
          method: 'POST',
          postData: {
            mimeType: 'application/json',
            text: JSON.stringify({
              query: `mutation { login(email: "a@b.test", password: "${s}") { ok } }`,
              variables: { input: { password: s } },
            }),
          },
        }),
      ]),
  },
  {
    name: 'JSON inside a JSON string',
    secret: (r) => fake.opaque(r, 30),
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'application/json',
            text: JSON.stringify({ payload: JSON.stringify({ refresh_token: s }) }),
          },
        }),
      ]),
  },
  {
    name: 'multipart field and file part',
    secret: (r) => fake.opaque(r, 30),
    build: (s) =>
      har([
        entry({
          method: 'POST',
          postData: {
            mimeType: 'multipart/form-data; boundary=----b1',
            text: `------b1\r\nContent-Disposition: form-data; name="upload_token"\r\n\r\n${s}\r\n------b1\r\nContent-Disposition: form-data; name="file"; filename="a.env"\r\nContent-Type: text/plain\r\n\r\nAPI_SECRET="${s}"\r\n------b1--\r\n`,
          },
        }),
      ]),
  },
  {
    name: 'OAuth token response',
    secret: (r) => fake.jwt(r),
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'application/json',
            text: JSON.stringify({ access_token: s, token_type: 'Bearer' }),
          },
        }),
      ]),
  },
  {
    name: 'HTML hidden input, meta tag, data attribute and inline script',
    secret: (r) => fake.opaque(r, 43),
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'text/html',
            text: `<html><head><meta name="csrf-token" content="${s}"></head><body><form><input type="hidden" name="authenticity_token" value="${s}"></form><div data-api-key="${s}"></div><script>window.boot = { csrfToken: "${s}" };</script></body></html>`,
          },
        }),
      ]),
  },
  {
    name: 'JS bundle config',
    secret: (r) => fake.googleKey(r),
    build: (s) =>
      har([
        entry({
          content: { mimeType: 'application/javascript', text: `var c={mapsKey:"${s}",env:"prod"};` },
        }),
      ]),
  },
  {
    name: 'error page with a connection string password',
    secret: (r) => fake.opaque(r, 18),
    build: (s) =>
      har([
        entry({
          status: 502,
          content: {
            mimeType: 'text/html',
            text: `<pre>could not connect: postgres://app:${s}@db.internal:5432/main</pre>`,
          },
        }),
      ]),
  },
  {
    name: 'base64 JSON content',
    secret: (r) => fake.opaque(r, 32),
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'application/json',
            encoding: 'base64',
            text: b64(JSON.stringify({ session_token: s })),
          },
        }),
      ]),
  },
  {
    name: 'base64 binary (protobuf-like) content with a URL token',
    secret: (r) => fake.opaque(r, 36),
    build: (s) => {
      const bytes = Buffer.concat([
        Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63, 0x12, 0x56]),
        Buffer.from(`https://f.example.test/d?dl_token=${s}`),
        Buffer.from([0x1a, 0xff, 0x00]),
      ]);
      return har([
        entry({
          content: { mimeType: 'application/x-protobuf', encoding: 'base64', text: bytes.toString('base64') },
        }),
      ]);
    },
  },
  {
    name: 'redirectURL and Location',
    secret: (r) => fake.opaque(r, 43),
    build: (s) =>
      har([
        entry({
          status: 302,
          redirectURL: `https://app.example.test/callback?code=${s}&state=xyzzy12345`,
          responseHeaders: [
            { name: 'Location', value: `https://app.example.test/callback?code=${s}&state=xyzzy12345` },
          ],
        }),
      ]),
  },
  {
    name: 'WebSocket text frame',
    secret: (r) => fake.jwt(r),
    build: (s) =>
      har([
        entry({
          url: 'wss://rt.example.test/socket?v=2',
          extra: {
            _webSocketMessages: [
              { type: 'send', time: 1, opcode: 1, data: JSON.stringify({ type: 'auth', token: s }) },
            ],
          },
        }),
      ]),
  },
  {
    name: 'WebSocket binary frame',
    secret: (r) => fake.opaque(r, 32),
    build: (s) =>
      har([
        entry({
          url: 'wss://rt.example.test/socket',
          extra: {
            _webSocketMessages: [
              { type: 'receive', time: 1, opcode: 2, data: b64(`\u0001resume_token=${s}\u0002`) },
            ],
          },
        }),
      ]),
  },
  {
    name: 'Chrome _initiator field and pages title',
    secret: (r) => fake.opaque(r, 40),
    build: (s) =>
      har(
        [
          entry({
            extra: { _initiator: { type: 'script', url: `https://app.example.test/reset?token=${s}` } },
          }),
        ],
        {
          pages: [
            {
              id: 'page_1',
              startedDateTime: '2026-11-28T12:00:00.000Z',
              title: `https://app.example.test/reset?token=${s}`,
              pageTimings: {},
            },
          ],
        },
      ),
  },
  {
    name: 'private key in a JSON string (escaped newlines)',
    secret: (r) => `MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg${fake.opaque(r, 40)}`,
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'application/json',
            text: JSON.stringify({
              key_pem: `-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----\n`,
            }),
          },
        }),
      ]),
  },
  {
    name: 'hash-routed SPA URL: #/reset/<token>',
    secret: (r) => 'Q7' + fake.opaque(r, 38),
    build: (s) => har([entry({ url: `https://app.example.test/#/reset/${s}?from=email` })]),
    label: 'url-path-token',
  },
  {
    name: 'URL path: token two segments after the credential word',
    secret: (r) => 'Z9' + fake.opaque(r, 30),
    build: (s) => har([entry({ url: `https://app.example.test/invitations/inv_42/${s}/accept` })]),
  },
  {
    name: 'HTML password input with an unusual name',
    secret: (r) => fake.password(r).replace(/["<>&]/g, 'x'),
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'text/html',
            text: `<form><input type="password" name="pw1" value="${s}"></form>`,
          },
        }),
      ]),
  },
  {
    name: 'JS call with a quoted name: setItem("token", …)',
    secret: (r) => fake.opaque(r, 36),
    build: (s) =>
      har([
        entry({
          content: { mimeType: 'text/javascript', text: `localStorage.setItem("auth_token", "${s}");` },
        }),
      ]),
  },
  {
    name: 'an e-mail used as a JSON object key',
    secret: (r) => fake.email(r),
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'application/json',
            text: JSON.stringify({ members: { [s]: { role: 'admin' } } }),
          },
        }),
      ]),
  },
  {
    name: 'webhook HMAC header',
    secret: (r) => Buffer.from(fake.opaque(r, 32)).toString('base64'),
    build: (s) => har([entry({ requestHeaders: [{ name: 'X-Shopify-Hmac-Sha256', value: s }] })]),
  },
  {
    name: 'Discord webhook URL (token in the path)',
    secret: (r) => fake.opaque(r, 68),
    build: (s) =>
      har([entry({ method: 'POST', url: `https://discord.com/api/webhooks/1234567890123456789/${s}` })]),
  },
  {
    name: 'Telegram Bot API URL (token in the path)',
    secret: (r) => `987654321:AA${fake.opaque(r, 33)}`,
    build: (s) => har([entry({ method: 'POST', url: `https://api.telegram.org/bot${s}/sendMessage` })]),
  },
  {
    name: 'Slack webhook URL inside a JSON config',
    secret: (r) =>
      `T${pick(r, UPPER, 10)}/B${pick(r, UPPER, 10)}/${pick(r, UPPER + 'abcdefghijklmnopqrstuvwxyz', 24)}`,
    build: (s) =>
      har([
        entry({
          content: {
            mimeType: 'application/json',
            text: JSON.stringify({ notify: `https://hooks.slack.com/services/${s}` }),
          },
        }),
      ]),
  },
];

describe('every location family', () => {
  cases.forEach((c, i) =>
    it(c.name, () => {
      const secret = c.secret(seeded(1000 + i));
      const { text, out } = redact(c.build(secret));
      expect(leakedForms(text, secret)).toEqual([]);
      expect(text).toContain('[REDACTED');
      if (c.label) expect(decodeURIComponent(text)).toContain(`${c.label} #`);
      expect(out.log.entries).toHaveLength(1);
    }),
  );
});

describe('propagation: a value found in one place goes everywhere', () => {
  it('a cookie value echoed in a JSON debug field and in a Referer', () => {
    const sid = fake.opaque(seeded(1), 32);
    const input = har([
      entry({ requestHeaders: [{ name: 'cookie', value: `acme_session=${sid}` }] }),
      entry({
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({ debug: { echo: `session is ${sid}` } }),
        },
      }),
      entry({ requestHeaders: [{ name: 'referer', value: `https://app.example.test/x/${sid}` }] }),
    ]);
    const { text } = redact(input);
    expect(leakedForms(text, sid)).toEqual([]);
  });

  it('a token found later (response) is removed from an earlier request', () => {
    const tok = fake.opaque(seeded(2), 40);
    const input = har([
      entry({ requestHeaders: [{ name: 'x-custom', value: `v1:${tok}` }] }),
      entry({ content: { mimeType: 'application/json', text: JSON.stringify({ refresh_token: tok }) } }),
    ]);
    const { text } = redact(input);
    expect(leakedForms(text, tok)).toEqual([]);
  });

  it('the same secret gets the same placeholder everywhere in one export', () => {
    const tok = fake.opaque(seeded(3), 40);
    const input = har([
      entry({ url: `https://a.example.test/x?token=${tok}` }),
      entry({ requestHeaders: [{ name: 'x-auth-token', value: tok }] }),
    ]);
    const { text } = redact(input);
    const tags = [...text.matchAll(/#([0-9a-f]{8})\]/g)].map((m) => m[1]);
    expect(new Set(tags).size).toBe(1);
  });

  it('base64 of text holding the secret, at any alignment', () => {
    const tok = fake.opaque(seeded(4), 32);
    const blob = Buffer.from(`xx{"note":"${tok}"}`).toString('base64');
    const input = har([
      entry({ requestHeaders: [{ name: 'x-api-key', value: tok }] }),
      entry({ content: { mimeType: 'text/plain', text: `state=${blob}` } }),
    ]);
    const { text } = redact(input);
    expect(leakedForms(text, tok)).toEqual([]);
  });
});
