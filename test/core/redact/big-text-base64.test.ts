// Base64 runs in text bodies over 16 KB: those holding text are read (a page's state, a data: URL, a
// body sent as one run), those holding images and fonts are kept without being decoded whole.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { leakedForms, pick, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(7) });
const served = (text: string, mimeType = 'text/html') =>
  run(har([entry({ url: 'https://app.example.test/', content: { mimeType, text } })])).har;

const rng = seeded(2222);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));

/** A page of `size` characters or more: paragraphs of words, `inside` in the middle. */
function page(inside: string, size: number): string {
  const para =
    '<p>Quarterly figures for the northern region are shown below, with notes from each team.</p>\n';
  const half = para.repeat(Math.ceil(size / 2 / para.length));
  return `<!doctype html>\n<html><head><title>Report</title></head><body>\n${half}${inside}\n${half}</body></html>`;
}

const textOf = (h: ReturnType<typeof served>) => h.log.entries[0].response.content.text!;

describe('base64 in text bodies over 16 KB', () => {
  it("reads a page's state attribute written as base64 JSON", () => {
    const token = pick(rng, '0123456789abcdef', 40);
    const state = b64(JSON.stringify({ user: 'alice', refresh_token: token, theme: 'dark' }));
    const html = page(`<div id="app" data-state="${state}"></div>`, 25 * 1024);
    expect(html.length).toBeGreaterThan(16 * 1024);
    const out = served(html);
    expect(leakedForms(JSON.stringify(out), token)).toEqual([]);
    const attr = /<div id="app" data-state="([^"]+)"><\/div>/.exec(textOf(out));
    expect(attr).not.toBeNull();
    const json = JSON.parse(unb64(attr![1]));
    expect(Object.keys(json)).toEqual(['user', 'refresh_token', 'theme']);
    expect(json.theme).toBe('dark');
    expect(json.refresh_token).toMatch(/^\[REDACTED /);
    // Read as in a small page (where `user` names an account, taken too).
    expect(textOf(out)).toContain(textOf(served(`<div id="app" data-state="${state}"></div>`)));
  });

  it('reads a data: URL of text', () => {
    const pw = `${pick(rng, ALNUM, 9)}#${pick(rng, ALNUM, 5)}`;
    const link = `<a href="data:text/plain;base64,${b64(`DB_PASSWORD=${pw}\n`)}">env</a>`;
    const out = served(page(link, 25 * 1024));
    expect(leakedForms(JSON.stringify(out), pw)).toEqual([]);
    const url = /<a href="data:text\/plain;base64,([^"]+)">env<\/a>/.exec(textOf(out));
    expect(url).not.toBeNull();
    // (The line is read as a form's pair: its placeholder is percent-encoded, as in a small page.)
    expect(decodeURIComponent(unb64(url![1]))).toMatch(/^DB_PASSWORD=\[REDACTED [^\]]+\]\n$/);
    expect(textOf(out)).toContain(textOf(served(link)));
  });

  it('reads a JSON body sent as one base64 run', () => {
    const pw = `${pick(rng, ALNUM, 10)}!${pick(rng, ALNUM, 4)}`;
    const items = Array.from({ length: 400 }, (_, i) => ({ id: i, name: `Item number ${i}`, price: 10 + i }));
    const body = b64(JSON.stringify({ items, login: { username: 'alice', password: pw } }));
    expect(body.length).toBeGreaterThan(20 * 1024);
    const out = run(
      har([entry({ method: 'POST', postData: { mimeType: 'application/json', text: body } })]),
    ).har;
    expect(leakedForms(JSON.stringify(out), pw)).toEqual([]);
    const sent = out.log.entries[0].request.postData!.text!;
    expect(sent).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const json = JSON.parse(unb64(sent));
    expect(json.items).toEqual(items);
    expect(Object.keys(json.login)).toEqual(['username', 'password']);
    expect(json.login.password).toMatch(/^\[REDACTED /);
  });

  it('reads a run across the cut between two windows of a page over 512 KB whole', () => {
    const token = pick(rng, '0123456789abcdef', 40);
    // (A `?` puts a `/` in the base64 now and then: a long run without one takes the JWT detector
    // time that grows with its square, seconds here.)
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      id: i,
      title: `Row ${i}? of the quarterly table`,
    }));
    const state = b64(JSON.stringify({ rows, session: { refresh_token: token } }));
    // The run begins before the first window's middle and ends after its end, where the window
    // would be cut: out of step with the run's groups of four, so neither piece decodes to its text.
    const at = (pad: string) => page(`<div id="app${pad}" data-state="${state}"></div>`, 400 * 1024);
    const start = at('').indexOf(state);
    const html = at('x'.repeat((512 * 1024 - start + 2) & 3));
    expect(html.indexOf(state)).toBeLessThan(256 * 1024);
    expect(html.indexOf(state) + state.length).toBeGreaterThan(512 * 1024);
    expect((512 * 1024 - html.indexOf(state)) % 4).toBe(2);
    const out = served(html);
    expect(leakedForms(JSON.stringify(out), token)).toEqual([]);
    const json = JSON.parse(unb64(/ data-state="([^"]+)"/.exec(textOf(out))![1]));
    expect(json.rows).toEqual(rows);
    expect(json.session.refresh_token).toMatch(/^\[REDACTED /);
  });

  it('reads a body that is one base64 run longer than a window', () => {
    const pw = `${pick(rng, ALNUM, 10)}!${pick(rng, ALNUM, 4)}`;
    const items = Array.from({ length: 10000 }, (_, i) => ({ id: i, name: `Item ${i}?`, price: 10 + i }));
    const body = b64(JSON.stringify({ items, login: { username: 'alice', password: pw } }));
    expect(body.length).toBeGreaterThan(512 * 1024);
    const out = run(
      har([entry({ method: 'POST', postData: { mimeType: 'application/json', text: body } })]),
    ).har;
    expect(leakedForms(JSON.stringify(out), pw)).toEqual([]);
    const json = JSON.parse(unb64(out.log.entries[0].request.postData!.text!));
    expect(json.items).toEqual(items);
    expect(json.login.password).toMatch(/^\[REDACTED /);
  });

  it('keeps images and fonts in a big page byte for byte', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...bytes(12000)]);
    const gif = new Uint8Array([...Buffer.from('GIF89a'), ...bytes(3000)]);
    const woff2 = new Uint8Array([...Buffer.from('wOF2'), ...bytes(6000)]);
    const woff = new Uint8Array([...Buffer.from('wOFF'), ...bytes(6000)]);
    const html = page(
      `<img src="data:image/png;base64,${b64(png)}"><img src="data:image/gif;base64,${b64(gif)}">\n` +
        `<style>@font-face{font-family:A;src:url(data:font/woff2;base64,${b64(woff2)}) format("woff2"),` +
        `url(data:font/woff;base64,${b64(woff)}) format("woff")}</style>`,
      30 * 1024,
    );
    expect(html.length).toBeGreaterThan(30 * 1024);
    expect(textOf(served(html))).toBe(html);
  });
});
