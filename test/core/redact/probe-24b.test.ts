// Values an over-redaction probe found replaced (twenty-fourth session, helper B): ids, codes,
// names and settings under names or in shapes that hold credentials elsewhere. Each case failed
// before its fix, and each has a neighbour that must still go.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { pick, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(7) });
const served = (text: string, mimeType = 'application/json') =>
  run(har([entry({ content: { mimeType, text } })])).har.log.entries[0].response.content.text!;
/** A JSON body served and parsed back (read at any depth, as the test wrote it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (body: unknown) => JSON.parse(served(JSON.stringify(body))) as Record<string, any>;

const rng = seeded(2024);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64U = ALNUM + '-_';
const hex = (n: number) => pick(rng, '0123456789abcdef', n);
const digits = (n: number) => pick(rng, '0123456789', n);
/** A random token of letters of both cases and digits (at least one of each). */
const token = (n: number) => `aZ9${pick(rng, ALNUM, n - 3)}`;
const REDACTED = /^\[REDACTED /;

/** `head` and digits to `length`, the last one making the number pass Luhn. */
function luhn(head: string, length: number): string {
  const body = head + digits(length - head.length - 1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

describe("platforms' ids under names that hold a handle or a session elsewhere", () => {
  it("keeps a Slack user's id under `user`, in a body and in a frame; a person's handle goes", () => {
    const id = `U0${pick(rng, 'ABCDEFGHJKMNPQRSTVWXYZ', 3)}${digits(2)}${pick(rng, 'ABCDEFGHJKMNPQRSTVWXYZ', 2)}`;
    const out = json({
      messages: [{ type: 'message', user: id, text: 'Deploy finished' }],
      owner: { user: 'mthornton' },
    });
    expect(out.messages[0].user).toBe(id);
    expect(out.owner.user).toMatch(REDACTED);
    const frame = `42${JSON.stringify(['message', { channel: 'C0QJD9HBW', user: id, ts: '1731575553.000100' }])}`;
    const ws = run(
      har([
        entry({
          url: 'wss://wss-primary.slack.com/',
          extra: { _webSocketMessages: [{ type: 'receive', time: 1, opcode: 1, data: frame }] },
        }),
      ]),
    ).har.log.entries[0] as unknown as { _webSocketMessages: { data: string }[] };
    expect(ws._webSocketMessages[0].data).toBe(frame);
  });

  it("keeps a Twilio message's SID under `sid`; a session's id under it goes", () => {
    const sid = `SM${hex(32)}`;
    const session = token(32);
    const out = json({ twilio: { sid, status: 'delivered' }, web: { sid: session } });
    expect(out.twilio).toEqual({ sid, status: 'delivered' });
    expect(out.web.sid).toMatch(REDACTED);
  });

  it("keeps a Discord guild's and channel's snowflakes; the app's client id under its name still goes", () => {
    const guild = `11${digits(16)}`;
    const channel = `12${digits(16)}`;
    const client = `13${digits(16)}`;
    const out = json({
      discord_guild_id: guild,
      guild_id: guild,
      discordChannelId: channel,
      discord_client_id: client,
    });
    expect(out).toMatchObject({ discord_guild_id: guild, guild_id: guild, discordChannelId: channel });
    expect(out.discord_client_id).toMatch(/^\[REDACTED discord-client-id /);
    expect(served(`DISCORD_CHANNEL_ID=${channel}\n`, 'text/plain')).toBe(`DISCORD_CHANNEL_ID=${channel}\n`);
  });

  it("keeps a YouTube playlist's id under `list` and a Drive document's under `resource`; not the shape alone", () => {
    const list = `PL${pick(rng, B64U, 32)}`;
    const url = `https://www.youtube.com/watch?v=Fp4lpXkndGf&list=${list}&index=3`;
    const out = run(har([entry({ url })])).har.log.entries[0].request;
    expect(out.url).toBe(url);
    expect(out.queryString.find((q) => q.name === 'list')!.value).toBe(list);
    const doc = `1${pick(rng, B64U, 40)}aZ9`;
    const body = json({ gdrive: { resource: doc }, x: { rt: doc.replace(/^1/, 'Q') }, y: { blob: list } });
    expect(body.gdrive.resource).toBe(doc);
    expect(body.x.rt).toMatch(/^\[REDACTED opaque-token /);
    expect(body.y.blob).toMatch(/^\[REDACTED opaque-token /);
  });

  it("keeps an Ethereum account's address under `address`; a street there goes", () => {
    const wallet = `0x${hex(40)}`;
    const out = json({ wallet: { address: wallet }, home: { address: '22 Wexley Crescent' } });
    expect(out.wallet.address).toBe(wallet);
    expect(out.home.address).toMatch(REDACTED);
  });
});

describe('numbers that pass Luhn and are no cards, an SSN that is a part number', () => {
  it("keeps a Facebook app's id in a meta tag; a card in a meta tag of another name goes", () => {
    const app = luhn('23', 16);
    const card = luhn('4157', 16);
    const page = `<html><head><meta property="fb:app_id" content="${app}"><meta name="fb:app_id" content="${app}"><meta name="note" content="${card}"></head></html>`;
    const out = served(page, 'text/html');
    expect(out).toContain(
      `<meta property="fb:app_id" content="${app}"><meta name="fb:app_id" content="${app}">`,
    );
    expect(out).not.toContain(card);
  });

  it("keeps a product's variant in a sitemap's link and under its name; a card in a link's `card` goes", () => {
    const ean = luhn('400', 13);
    const sitemap = `<?xml version="1.0"?><urlset><url><loc>https://www.acme-store.de/products/SKU-1042-BLK-M?variant=${ean}</loc></url></urlset>`;
    expect(served(sitemap, 'application/xml')).toBe(sitemap);
    expect(json({ variant: ean })).toEqual({ variant: ean });
    const card = luhn('4157', 16);
    expect(served(`see https://pay.example.test/x?card=${card}`, 'text/plain')).not.toContain(card);
  });

  it("keeps a part's number shaped like an SSN under its name; an SSN in a note goes", () => {
    const out = json({ part_number: '512-34-5678', partNo: '512-34-5679', note: 'SSN 512-34-5680 on file' });
    expect(out.part_number).toBe('512-34-5678');
    expect(out.partNo).toBe('512-34-5679');
    expect(out.note).not.toContain('512-34-5680');
  });
});

describe('headers named like credentials that hold none', () => {
  const headers = (pairs: [string, string][]) =>
    run(
      har([entry({ responseHeaders: pairs.map(([name, value]) => ({ name, value })) })]),
    ).har.log.entries[0].response.headers.map((h) => h.value);

  it("keeps a ticket's key, a provider's name and a cache's key", () => {
    const kept: [string, string][] = [
      ['X-Ticket-Id', 'SUP-07047'],
      ['X-Auth-Provider', 'google-oauth2'],
    ];
    expect(headers(kept)).toEqual(kept.map(([, v]) => v));
  });

  it("a CAS ticket, a provider's name with a password's shape, a token in a cache's key still go", () => {
    const ticket = `ST-12345-${token(20)}`;
    const secret = token(24);
    const out = headers([
      ['X-Ticket-Id', ticket],
      ['X-Auth-Provider', 'Hunter22x'],
      ['X-Proxy-Cache-Key', `GET|app.acme.io|/api/products?access_token=${secret}&page=2`],
    ]);
    expect(out[0]).toMatch(REDACTED);
    expect(out[1]).toMatch(REDACTED);
    // (A cache's key may hold cookie values without their names: it goes whole, as before.)
    expect(out[2]).toMatch(REDACTED);
    expect(out[2]).not.toContain(secret);
  });
});

describe('what describes a credential, below its object or by a word of its name', () => {
  it("keeps ids and a challenge's difficulty below a credential's object; not a session's or a token's id", () => {
    const keyId = `key_01JCN3J965PD6D26961ZJXEHB9`;
    const secret = token(32);
    const out = json({
      api_key: { id: keyId, name: 'CI deploy', secret },
      challenge: { id: `chl_${hex(10)}`, difficulty: 'medium' },
      session: { id: '4f2a9c1e-8b3d-4e7f-a6c5-1d2e3f4a5b6c' },
      token: { id: `tok_${token(16)}` },
    });
    expect(out.api_key).toMatchObject({ id: keyId, name: 'CI deploy' });
    expect(out.api_key.secret).toMatch(REDACTED);
    expect(out.challenge.difficulty).toBe('medium');
    expect(out.challenge.id).toMatch(/^chl_/);
    expect(out.session.id).toMatch(REDACTED);
    expect(out.token.id).toMatch(REDACTED);
  });

  it("keeps an interface's short message under a token's key; not under a password's or an answer's", () => {
    const out = json({
      'token.revoke.confirm': 'Revoke token?',
      password_confirm: 'Open sesame!',
      securityAnswerConfirm: 'Blue dog!',
    });
    expect(out['token.revoke.confirm']).toBe('Revoke token?');
    expect(out.password_confirm).toMatch(REDACTED);
    expect(out.securityAnswerConfirm).toMatch(REDACTED);
  });

  it("keeps a campaign's promo code; a gift card's code still goes", () => {
    const out = json({ promoCode: 'BLACKFRIDAY2024X', gift_card_promo_code: 'GC7K2M9P4R8T6W3Z' });
    expect(out.promoCode).toBe('BLACKFRIDAY2024X');
    expect(out.gift_card_promo_code).toMatch(REDACTED);
  });

  it("keeps a language model's tokens with their log probabilities; a token's credential goes", () => {
    const body = {
      choices: [
        {
          logprobs: {
            content: [
              {
                token: ' unbelievable,',
                logprob: -0.1,
                top_logprobs: [{ token: ' incredible', logprob: -2 }],
              },
            ],
          },
        },
      ],
    };
    expect(json(body)).toEqual(body);
    expect(json({ auth: { token: 'Hello' } }).auth.token).toMatch(REDACTED);
  });
});

describe("cookies of a visit's state", () => {
  const prefs = btoa(JSON.stringify({ theme: 'dark', lang: 'de' }));
  const cookieRun = (cookies: { name: string; value: string }[], body?: string) =>
    run(
      har([
        entry({
          requestCookies: cookies,
          requestHeaders: [{ name: 'cookie', value: cookies.map((c) => `${c.name}=${c.value}`).join('; ') }],
        }),
        ...(body ? [entry({ content: { mimeType: 'text/html', text: body } })] : []),
      ]),
    ).har.log.entries;

  it('keeps experiments, recently viewed products and settings in base64 JSON, and the pages that name them', () => {
    const cookies = [
      { name: 'recently_viewed', value: 'SKU-2077-RED-L' },
      { name: 'exp', value: 'checkout_v2:treatment_b' },
      { name: 'prefs', value: encodeURIComponent(prefs) },
    ];
    const page = '<span class="sku">SKU-2077-RED-L</span> checkout_v2:treatment_b';
    const out = cookieRun(cookies, page);
    expect(out[0].request.cookies.map((c) => c.value)).toEqual(cookies.map((c) => c.value));
    expect(out[0].request.headers[0].value).toBe(cookies.map((c) => `${c.name}=${c.value}`).join('; '));
    expect(out[1].response.content.text).toBe(page);
  });

  it("a session in base64 JSON, a token under a viewed list's name, a password under an experiment's go", () => {
    const session = btoa(JSON.stringify({ theme: 'dark', sid: token(32) }));
    const cookies = [
      { name: 'prefs', value: session },
      { name: 'state', value: btoa(JSON.stringify({ theme: 'dark', x: token(24) })) },
      { name: 'recently_viewed', value: token(24) },
      { name: 'exp', value: 'Winter_2024' },
      // (Added after a review: credentials under names too short to say anything.)
      { name: 'site_prefs', value: btoa(JSON.stringify({ u: 'alice', p: 'sunshine' })) },
    ];
    for (const c of cookieRun(cookies)[0].request.cookies) expect(c.value).toMatch(REDACTED);
  });
});
