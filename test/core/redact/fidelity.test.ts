// Fidelity (issue 13 §5) on every HAR the tests see: bodies that parsed before parse after (JSON,
// JS via acorn, CSS balanced, inline scripts), no placeholder inside another or percent-encoded
// outside a URL. Plus a session shaped like real HARs from other tools (the shapes of
// ../shared/realworld/, values made up): what support needs stays, what unlocks something goes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Har } from 'har-format';
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, parseHar, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { harProblems } from '../../support/body-fidelity';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const redact = (h: Har) => redactHar(h, rules, { key: new Uint8Array(32).fill(11) }).har;

const SESSION = 'k3x9Q2m8V7b6N5c4X3z2W1q0';
const PASSWORD = 'Pw9xLm2qZk7';
const vcode = Buffer.from('o=2&type=1&code=3339&tl=129600').toString('base64');

const JQUERY_LIKE = [
  '/*! lib v1 | (c) x */',
  '!function(e,t){"use strict";function M(t,s){return t===s}',
  'function q(t,i){var s,n;if(s=t.getElementById(i))if(s.id===i)return n;if(3===i||4===i)return s;',
  'var lastName=null,code=[];document.cookie="timeline=true; path=/";',
  'var E=t.tokenize=function(e,n){var r=/[?&]user=([^&]*)/.exec(e);return r&&r[1]};',
  'return fetch("/api/me",{credentials:"omit",mode:"cors"}).then(function(r){return r.ok?r.json():x%2})}',
  'e.Strings={Cookies:"Cookies",RequestCookies:"Request Cookies",ResponseCookies:"Response Cookies",',
  'password:"Password",Post:"Post"};',
  'e.cfg={apiKey:"' + SESSION + '"}}(this);',
].join('\n');

const CSS_LIKE =
  '.netInfoCookiesText,.netInfoHeadersText{width:100%}.netInfoRow:after{content:"Cookies"}' +
  '.logo{background:url(https://cdn.example.test/logo.png?v=3)}';

const PAGE_LIKE = `<!doctype html><html><head><meta name="csrf-token" content="${SESSION}">
<script>window.__cfg={credentials:"same-origin",theme:"dark"};if(window.x===1){}</script>
<style>.a{width:100%}</style></head><body>
<iframe src="https://buttons.example.test/button.html?user=mhils&repo=proxy&type=star"></iframe>
<a href="https://ad.example.test/c?credir=https%3A%2F%2Fshop.example.test%2Fp%3Fid%3D7&amp;vcode=${vcode}">ad</a>
<form><input type="hidden" name="__RequestVerificationToken" value="${SESSION}"></form></body></html>`;

/** A session shaped like real HARs: bundles, stylesheets, pages, constant cookies, ad URLs, Fiddler cookies. */
function realWorldShaped(): Har {
  const h = har([
    entry({
      url: 'https://app.example.test/',
      requestHeaders: [
        {
          name: 'cookie',
          value: `_gat=1; NetworkProbeLimit=0.001; WMF-Last-Access=12-May-2026; TapAd_TS=1515916354753; lang=en; previewCols=url%20status%20size%20timeline; session=${SESSION}`,
        },
        { name: 'Arr-Disable-Session-Affinity', value: 'true' },
      ],
      responseHeaders: [{ name: 'content-type', value: 'text/html' }],
      content: { mimeType: 'text/html; charset=utf-8', text: PAGE_LIKE },
    }),
    entry({
      url: 'https://app.example.test/lib.js',
      content: { mimeType: 'application/javascript', text: JQUERY_LIKE },
    }),
    entry({ url: 'https://app.example.test/app.css', content: { mimeType: 'text/css', text: CSS_LIKE } }),
    entry({
      method: 'POST',
      url: 'https://app.example.test/login',
      postData: { mimeType: 'application/json', text: JSON.stringify({ user: 'ann', password: PASSWORD }) },
      content: { mimeType: 'application/json', text: JSON.stringify({ ok: true, greeting: 'welcome' }) },
    }),
    entry({
      url: `https://ads.example.test/sync?vcode=${encodeURIComponent(vcode)}&u=B2FB55D1&credir=https%3A%2F%2Fshop.example.test%2F`,
    }),
  ]);
  // Fiddler writes one cookie as an object, not an array (the reader makes it a one-item array).
  const raw = JSON.parse(JSON.stringify(h)) as { log: { entries: { request: { cookies: unknown } }[] } };
  raw.log.entries[3].request.cookies = { name: 'ASP.NET_SessionId', value: SESSION };
  return parseHar(JSON.stringify(raw));
}

describe('fidelity on a session shaped like real HARs', () => {
  const input = realWorldShaped();
  const out = redact(input);
  const text = JSON.stringify(out);

  it('every body that parsed still parses; no nested or mis-encoded placeholder', () => {
    expect(harProblems(input, out)).toEqual([]);
  });

  it('credentials go', () => {
    expect(text).not.toContain(SESSION);
    expect(text).not.toContain(PASSWORD);
    expect(out.log.entries[3].request.cookies).toEqual([
      { name: 'ASP.NET_SessionId', value: expect.stringMatching(/^\[REDACTED cookie:/) },
    ]);
  });

  it('code, words, constants and public page content stay', () => {
    const js = out.log.entries[1].response.content.text!;
    for (const keep of [
      'if(s.id===i)return n',
      'var lastName=null,code=[]',
      'credentials:"omit"',
      'Cookies:"Cookies"',
      'RequestCookies:"Request Cookies"',
      'password:"Password"',
      't.tokenize=function(e,n)',
    ])
      expect(js).toContain(keep);
    expect(out.log.entries[2].response.content.text).toBe(CSS_LIKE);
    const cookie = out.log.entries[0].request.headers[0].value;
    expect(cookie).toMatch(
      /^_gat=1; NetworkProbeLimit=0\.001; WMF-Last-Access=12-May-2026; TapAd_TS=1515916354753; lang=en; previewCols=url%20status%20size%20timeline; session=\[REDACTED/,
    );
    expect(out.log.entries[0].request.headers[1]).toEqual({
      name: 'Arr-Disable-Session-Affinity',
      value: 'true',
    });
    const page = out.log.entries[0].response.content.text!;
    expect(page).toContain('?user=mhils&repo=proxy&type=star');
    expect(page).toContain('credir=https%3A%2F%2Fshop.example.test%2Fp%3Fid%3D7');
    expect(page).toContain('credentials:"same-origin",theme:"dark"');
    expect(out.log.entries[4].request.url).toBe(input.log.entries[4].request.url);
  });
});

/** The HARs of the test fixtures and, when present, the shared development corpus. */
function harFiles(): { files: string[]; cleanup: () => void } {
  const root = resolve(__dirname, '../../fixtures');
  const files = ['sample/sample.har'].map((f) => join(root, f));
  const corpus = resolve(__dirname, '../../../../shared/eval/corpus-dev.tar.gz');
  if (!existsSync(corpus)) return { files, cleanup: () => {} };
  const work = mkdtempSync(join(tmpdir(), 'har-fidelity-'));
  execFileSync('tar', ['xzf', corpus, '-C', work]);
  const dir = join(work, 'corpus-dev');
  for (const f of readdirSync(dir)) if (f.endsWith('.har')) files.push(join(dir, f));
  return { files, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

describe('fidelity on every HAR the tests see', () => {
  it('bodies parse after redaction; no nested or mis-encoded placeholder', () => {
    const { files, cleanup } = harFiles();
    try {
      const problems: string[] = [];
      for (const f of files) {
        const input = parseHar(readFileSync(f, 'utf8'));
        for (const p of harProblems(input, redact(input))) problems.push(`${f.split('/').pop()}: ${p}`);
      }
      expect(problems).toEqual([]);
      expect(files.length).toBeGreaterThan(0);
    } finally {
      cleanup();
    }
  });
});
