// Each registered reader (issue 13 §1) with a positive fixture (a secret it must find, the body still
// parsing after) and a negative one (harmless values and code it must leave byte for byte).
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { readers } from '../../../src/redact/readers';
import type { Language } from '../../../src/redact/readers/language';
import { languageOf } from '../../../src/redact/readers/language';
import { entry, har } from '../../support/har-builder';
import { bodyProblems } from '../../support/body-fidelity';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const S = 'Zq8vLm2pXw7kQ4nB'; // a fake secret-shaped value
const P = 'Pw9xLm2qZk7'; // a fake password

interface Fixture {
  mimeType: string;
  positive: string;
  /** What must be gone from the positive fixture's output. */
  secrets: string[];
  negative: string;
}

const FIXTURES: Record<Language, Fixture> = {
  json: {
    mimeType: 'application/json',
    positive: `)]}'\n{"access_token":"${S}","nested":"{\\"password\\":\\"${P}\\"}","n":1}`,
    secrets: [S, P],
    negative: '{"theme":"dark","credentials":"omit","lang":"en-US","s":"caf\\u00e9 \\/x","n":1.50}',
  },
  ndjson: {
    mimeType: 'application/x-ndjson',
    positive: `{"event":"login","password":"${P}"}\n{"token":"${S}"}\n`,
    secrets: [S, P],
    negative: '{"event":"view","page":2}\n{"event":"click","ok":true}\n',
  },
  form: {
    mimeType: 'application/x-www-form-urlencoded',
    positive: `user=alice&password=${P}&next=https://app.example.test/x?token=${S}`,
    secrets: [S, P],
    negative:
      'page=2&sort=name&redirect=https://app.example.test/x?y=1&credir=https%3A%2F%2Fad.example.test%2Fc',
  },
  multipart: {
    mimeType: 'multipart/form-data; boundary=XyZ',
    positive: `--XyZ\r\nContent-Disposition: form-data; name="password"\r\n\r\n${P}\r\n--XyZ\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n{"api_key":"${S}"}\r\n--XyZ--\r\n`,
    secrets: [S, P],
    negative: '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello\r\n--XyZ--\r\n',
  },
  javascript: {
    mimeType: 'application/javascript',
    positive: `var cfg={apiKey:"${S}",mode:"cors"};/* key ${S} */\nfunction f(s,i){if(s.id===i)return s;this.password='${P}';return fetch("/x?token=${S}",{credentials:"omit"})}`,
    secrets: [S, P],
    negative:
      'function f(s,i,t){if(s.id===i)return s;var lastName=null,code=[];document.cookie="a=b";var x={Cookies:"Cookies",credentials:"omit",RequestCookies:"Request Cookies"};E=t.tokenize=function(e,n){return /a=b&c=d/.test(e)};return `${x.Cookies}?user=${i}`}',
  },
  css: {
    mimeType: 'text/css',
    positive: `.a{background:url(https://cdn.example.test/i.png?token=${S})}.b{background:url("https://cdn.example.test/j.png?sig=${S}")}`,
    secrets: [S],
    negative: '.netInfoCookiesText,.netInfoHeadersText{width:100%}.b:after{content:"Cookies"}',
  },
  html: {
    mimeType: 'text/html',
    positive: `<form><input type="hidden" name="csrf_token" value="${S}"></form><script>var t={password:"${P}"};if(t.id===1){}</script><script type="application/json">{"token":"${S}"}</script>`,
    secrets: [S, P],
    negative:
      '<a href="https://github.com/buttons?user=mhils&amp;repo=mitmproxy">x</a><script>function f(s,i){if(s.id===i)return s;document.cookie="a=b"}</script><style>.netInfoCookiesText{width:100%}</style>',
  },
  xml: {
    mimeType: 'application/soap+xml',
    positive: `<?xml version="1.0"?><soap:Envelope><soap:Body><password>${P}</password></soap:Body></soap:Envelope>`,
    secrets: [P],
    negative: '<?xml version="1.0"?><feed><title>Cookies</title><name>release notes</name></feed>',
  },
  sse: {
    mimeType: 'text/event-stream',
    positive: `event: auth\ndata: {"token":"${S}"}\n\n`,
    secrets: [S],
    negative: 'event: ping\ndata: {"n":1,"ok":true}\n\n',
  },
  csv: {
    mimeType: 'text/csv',
    positive: `id,email,token\n1,ann.lee@example-mail.test,${S}\n`,
    secrets: [S, 'ann.lee@example-mail.test'],
    negative: 'id,theme,lang\n1,dark,en-US\n',
  },
  text: {
    mimeType: 'text/plain',
    positive: `debug: token=${S} for ann.lee@example-mail.test`,
    secrets: [S, 'ann.lee@example-mail.test'],
    negative: 'hello world, status ok at 2026-11-28T12:00:00Z',
  },
};

const redactBody = (f: Fixture, text: string) =>
  redactHar(har([entry({ content: { mimeType: f.mimeType, text } })]), rules, {
    key: new Uint8Array(32).fill(5),
  }).har.log.entries[0].response.content.text!;

describe('readers: one per language, in one table', () => {
  it('every registered reader has positive and negative fixtures, and every fixture a reader', () => {
    expect([...readers.keys()].sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  for (const [language, f] of Object.entries(FIXTURES) as [Language, Fixture][]) {
    describe(language, () => {
      it('is the language its fixtures are read in', () => {
        expect(languageOf(f.mimeType, f.positive)).toBe(language);
      });

      it('finds the secrets, writes placeholders in its own syntax, and the body still parses', () => {
        const out = redactBody(f, f.positive);
        for (const s of f.secrets) expect(out).not.toContain(s);
        expect(out).toMatch(/REDACTED/);
        expect(bodyProblems(f.mimeType, f.positive, out)).toEqual([]);
      });

      it('leaves harmless values and code byte for byte', () => {
        expect(redactBody(f, f.negative)).toBe(f.negative);
      });
    });
  }
});

describe('the language of a body: from its MIME type, sniffed when it lies', () => {
  it.each([
    ['text/html', '{"a":1}', 'json'],
    ['text/plain', '<!doctype html><p>x</p>', 'html'],
    ['', '/*! bundle */ var a=1', 'javascript'],
    ['application/octet-stream', '(function(){})()', 'javascript'],
    ['text/xml', '<?xml version="1.0"?><a/>', 'xml'],
    ['application/json', ")]}'\n[1]", 'json'],
    ['text/plain', 'just words', 'text'],
  ])('%s %j is %s', (mime, text, lang) => {
    expect(languageOf(mime, text)).toBe(lang);
  });
});
