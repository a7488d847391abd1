import { describe, expect, it } from 'vitest';
import type { Entry } from 'har-format';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { fakeJwt, leakedForms, pick, seeded } from '../../support/fake-secrets';

// Another app than the development corpus, with names no list was written for: the secrets must be
// found by their formats, by the shape of their values, or by propagation.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function globex() {
  const r = seeded(31337);
  const s = {
    session: 'gx_' + pick(r, ALNUM, 40),
    device: 'dvc.' + pick(r, ALNUM, 48),
    bearer: fakeJwt(r, { email: 'mira.k@globex.example', scope: 'billing' }),
    tenant: 'tnt_' + pick(r, ALNUM, 32),
    phrase: 'Gl0bex!' + pick(r, ALNUM, 6) + ' "q',
    refresh: pick(r, ALNUM, 64),
    ticket: 'wst_' + pick(r, ALNUM, 30),
    db: pick(r, ALNUM, 16),
    card: '5555 5555 5555 4444',
    phone: '+44 20 7946 0958',
  };
  const h = (name: string, value: string) => ({ name, value });
  const json = (o: unknown) => ({ mimeType: 'application/json', text: JSON.stringify(o) });
  const entries: Entry[] = [
    entry({
      method: 'POST',
      url: 'https://id.globex.example/session',
      postData: json({ login: 'mira.k@globex.example', secretPhrase: s.phrase }),
      content: json({ device_token: s.device, user: { contact: { mobile: s.phone } } }),
      responseHeaders: [h('set-cookie', `GXSID=${s.session}; Path=/; HttpOnly`)],
    }),
    entry({
      url: 'https://api.globex.example/v3/invoices?limit=20',
      requestHeaders: [
        h('authorization', `DPoP ${s.bearer}`),
        h('x-globex-tenant', s.tenant),
        h('cookie', `GXSID=${s.session}`),
      ],
      content: json({ data: [{ id: 'inv_102', billing: { pan: s.card } }] }),
    }),
    entry({
      method: 'POST',
      url: 'https://id.globex.example/oauth/refresh',
      postData: { mimeType: 'application/x-www-form-urlencoded', text: `grant=refresh&rt=${s.refresh}` },
      content: {
        mimeType: 'application/json',
        encoding: 'base64',
        text: Buffer.from(JSON.stringify({ rt: s.refresh })).toString('base64'),
      },
    }),
    entry({
      url: `wss://rt.globex.example/live?t=${s.ticket}`,
      extra: {
        _webSocketMessages: [
          { type: 'send', opcode: 1, time: 1, data: `AUTH ${s.bearer}` },
          { type: 'receive', opcode: 1, time: 2, data: JSON.stringify({ event: 'hello', sid: s.session }) },
        ],
      },
    }),
    entry({
      url: 'https://app.globex.example/admin/diag',
      status: 500,
      content: {
        mimeType: 'text/plain',
        text: `Error: connect ECONNREFUSED mysql://gx_admin:${s.db}@10.0.0.5:3306/gx`,
      },
    }),
  ];
  return { doc: har(entries), secrets: s };
}

describe('another app, other names', () => {
  it('leaks none of its secrets and keeps ids, paths and statuses', () => {
    const { doc, secrets } = globex();
    const { har: out } = redactHar(doc, mergeRules([{ pack: builtinPack, origin: 'builtin' }]), {
      key: new Uint8Array(32),
    });
    const text = JSON.stringify(out);
    for (const [name, value] of Object.entries(secrets)) expect(leakedForms(text, value), name).toEqual([]);
    expect(text).toContain('inv_102');
    expect(out.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual([
      '/session',
      '/v3/invoices',
      '/oauth/refresh',
      '/live',
      '/admin/diag',
    ]);
    expect(out.log.entries[4].response.status).toBe(500);
  });
});
