import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinPack, mergeRules, redactHar, serializeHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

// A whole Chrome-like session built from seeded fakes (the input is never committed: only the
// redacted output is, and it must hold no secret). UPDATE_GOLDEN=1 rewrites the expectation.
function session() {
  const r = seeded(424242);
  const sid = fake.opaque(r, 32);
  const csrf = fake.opaque(r, 43);
  const jwt = fake.jwt(r, { email: 'dana.okafor@example-mail.test', scope: 'read write' });
  const pw = fake.password(r);
  const apiKey = 'ak_' + fake.opaque(r, 36);
  const secrets = [sid, csrf, jwt, pw, apiKey, 'dana.okafor@example-mail.test'];
  const doc = har(
    [
      entry({
        url: 'https://app.example.test/login?next=%2Fdashboard',
        responseHeaders: [
          { name: 'content-type', value: 'text/html; charset=utf-8' },
          { name: 'set-cookie', value: `_csrf=${csrf}; Path=/; HttpOnly; SameSite=Lax` },
        ],
        content: {
          mimeType: 'text/html',
          text: `<form><input type="hidden" name="_csrf" value="${csrf}"><input name="email"></form>`,
        },
      }),
      entry({
        method: 'POST',
        url: 'https://app.example.test/login',
        requestHeaders: [
          { name: 'content-type', value: 'application/x-www-form-urlencoded' },
          { name: 'cookie', value: `_csrf=${csrf}; theme=dark` },
        ],
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: `_csrf=${csrf}&email=dana.okafor%40example-mail.test&password=${encodeURIComponent(pw)}`,
          params: [
            { name: '_csrf', value: csrf },
            { name: 'email', value: 'dana.okafor@example-mail.test' },
            { name: 'password', value: pw },
          ],
        },
        status: 302,
        redirectURL: '/app',
        responseHeaders: [
          { name: 'location', value: '/app' },
          { name: 'set-cookie', value: `sid=${sid}; Path=/; Secure; HttpOnly` },
        ],
      }),
      entry({
        method: 'POST',
        url: 'https://api.example.test/oauth/token',
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({ access_token: jwt, token_type: 'Bearer', expires_in: 3600 }, null, 2),
        },
      }),
      entry({
        url: `https://api.example.test/v1/projects?page=2&api_key=${apiKey}`,
        requestHeaders: [
          { name: 'authorization', value: `Bearer ${jwt}` },
          { name: 'x-request-id', value: 'req_0650343f832d13325a0f' },
        ],
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({
            items: [{ id: 'prj_51b0', owner: 'dana.okafor@example-mail.test' }],
            debug: { cookie: `sid=${sid}` },
          }),
        },
      }),
      entry({
        url: 'wss://rt.example.test/socket?v=2',
        status: 101,
        extra: {
          _webSocketMessages: [
            { type: 'send', time: 1, opcode: 1, data: JSON.stringify({ type: 'auth', token: jwt }) },
          ],
        },
      }),
    ],
    {
      pages: [
        {
          id: 'page_1',
          startedDateTime: '2026-11-28T12:00:00.000Z',
          title: 'Example app',
          pageTimings: { onLoad: 120 },
        },
      ],
    },
  );
  return { doc, secrets };
}

const golden = fileURLToPath(new URL('../../fixtures/golden/chrome-like.redacted.har', import.meta.url));

describe('golden: a whole session', () => {
  it('redacts to the committed expectation', () => {
    const { doc, secrets } = session();
    const out = serializeHar(
      redactHar(doc, mergeRules([{ pack: builtinPack, origin: 'builtin' }]), {
        key: new Uint8Array(32).fill(42),
        tool: { name: 'har-redact', version: 'golden' },
        now: '2026-11-28T12:00:00.000Z',
      }).har,
    );
    for (const s of secrets) expect(out).not.toContain(s);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, out);
    expect(out).toBe(readFileSync(golden, 'utf8'));
  });
});
