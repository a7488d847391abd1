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
const digits = (n: number) => pick(rng, '0123456789', n);
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

describe('what describes a credential, below its object or by a word of its name', () => {
  it("keeps a campaign's promo code; a gift card's code still goes", () => {
    const out = json({ promoCode: 'BLACKFRIDAY2024X', gift_card_promo_code: 'GC7K2M9P4R8T6W3Z' });
    expect(out.promoCode).toBe('BLACKFRIDAY2024X');
    expect(out.gift_card_promo_code).toMatch(REDACTED);
  });
});
