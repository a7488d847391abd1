// Places a leak probe found secrets kept in (twenty-third session): each case failed before its
// fix, and each has a neighbour that must stay as it was.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { pick, seeded } from '../../support/fake-secrets';
import { qpDecode, qpEncode } from '../../../src/redact/readers/quoted-printable';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(7) });
const served = (text: string, mimeType = 'text/plain') =>
  run(har([entry({ content: { mimeType, text } })])).har.log.entries[0].response.content.text!;
const frame = (data: string) =>
  (
    run(
      har([
        entry({
          url: 'https://meet.example.test/signal',
          extra: { _webSocketMessages: [{ type: 'send', time: 1, opcode: 1, data }] },
        }),
      ]),
    ).har.log.entries[0] as unknown as { _webSocketMessages: { data: string }[] }
  )._webSocketMessages[0].data;

const rng = seeded(2023);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A password-like value: letters of both cases, digits and a sign. */
const password = () => `${pick(rng, ALNUM, 6)}${pick(rng, '0123456789', 3)}!${pick(rng, ALNUM, 5)}`;
const hex = (n: number) => pick(rng, '0123456789abcdef', n);

describe('assignments inside a value no name decides', () => {
  it("reads an attribute's object (Alpine's x-data) for the names inside it", () => {
    const pw = password();
    const key = hex(32);
    const out = served(
      `<form x-data="{ email: 'alice@example.test', password: '${pw}', apiKey: '${key}' }"></form>`,
      'text/html',
    );
    expect(out).not.toContain(pw);
    expect(out).not.toContain(key);
    expect(out).toMatch(
      /^<form x-data="\{ email: '[^']*', password: '\[REDACTED [^']*\]', apiKey: '\[REDACTED/,
    );
  });

  it('keeps an object of settings no name of which is a credential', () => {
    const html = `<div x-data="{ open: false, tab: 'general', title: 'Account settings' }"></div>`;
    expect(served(html, 'text/html')).toBe(html);
  });
});

describe('pairs named by a label, APEX items and Netlify values', () => {
  it("reads a settings row's value under its label", () => {
    const key = hex(32);
    const out = served(
      JSON.stringify({
        rows: [
          { label: 'API Key', value: key },
          { label: 'Region', value: 'eu-west-1' },
          { label: 'Tokens used', value: '1,234' },
        ],
      }),
      'application/json',
    );
    expect(out).not.toContain(key);
    const rows = (JSON.parse(out) as { rows: { value: string }[] }).rows;
    expect(rows[1].value).toBe('eu-west-1');
    expect(rows[2].value).toBe('1,234');
  });

  it("reads Oracle APEX's page items by their n", () => {
    const pw = password();
    const body = `p_flow_id=100&p_json=${encodeURIComponent(
      JSON.stringify({
        pageItems: {
          itemsToSubmit: [
            { n: 'P9999_USERNAME', v: 'alice' },
            { n: 'P9999_PASSWORD', v: pw },
          ],
        },
      }),
    )}`;
    const out = run(
      har([
        entry({
          method: 'POST',
          postData: { mimeType: 'application/x-www-form-urlencoded', text: body },
        }),
      ]),
    ).har.log.entries[0].request.postData!.text!;
    expect(out).not.toContain(pw);
    expect(decodeURIComponent(out)).toContain('"v":"alice"');
  });

  it("reads Netlify's values under the variable's key, and keeps their contexts", () => {
    const pw = password();
    const out = served(
      JSON.stringify([
        { key: 'SMTP_PASSWORD', scopes: ['functions'], values: [{ value: pw, context: 'all' }] },
        { key: 'NODE_VERSION', scopes: ['builds'], values: [{ value: '20', context: 'all' }] },
      ]),
      'application/json',
    );
    expect(out).not.toContain(pw);
    const vars = JSON.parse(out) as { values: { value: string; context: string }[] }[];
    expect(vars[0].values[0].context).toBe('all');
    expect(vars[1].values[0].value).toBe('20');
  });
});

describe("a service's password in camelCase", () => {
  it('redacts mysqlPass and adminPw, keeps boardingPass', () => {
    const a = password();
    const b = password();
    const out = JSON.parse(
      served(JSON.stringify({ mysqlPass: a, adminPw: b, boardingPass: 'GATE12' }), 'application/json'),
    ) as Record<string, string>;
    expect(out.mysqlPass).toMatch(/^\[REDACTED /);
    expect(out.adminPw).toMatch(/^\[REDACTED /);
    expect(out.boardingPass).toBe('GATE12');
  });
});

describe('setting lines inside a JSON string', () => {
  it("reads a log's or a config's lines by name", () => {
    const pw = password();
    const key = password();
    const out = served(
      JSON.stringify({
        log: `config loaded\nDB_PASSWORD: ${pw}\nport: 5432\n`,
        file: `[app]\nSECRET_KEY = ${key}\ndebug = false\n`,
      }),
      'application/json',
    );
    expect(out).not.toContain(pw);
    expect(out).not.toContain(key);
    const parsed = JSON.parse(out) as { log: string; file: string };
    expect(parsed.log).toMatch(/^config loaded\nDB_PASSWORD: \[REDACTED [^\]]*\]\nport: 5432\n$/);
    expect(parsed.file).toContain('debug = false');
  });

  it('keeps a message that is prose: a word after the name, a time, a note', () => {
    const body = JSON.stringify({
      errors: ['password: required', 'token: expired'],
      title: 'Note: token rotation at 12:30',
      at: '2024-05-01T12:30:00Z',
    });
    expect(served(body, 'application/json')).toBe(body);
  });
});

describe("WebRTC's session description", () => {
  it('redacts the ICE password and the SRTP key, keeps the username and the fingerprint', () => {
    const pwd = pick(rng, ALNUM, 24);
    const srtp = Buffer.from(pick(rng, ALNUM, 30)).toString('base64');
    const sdp = [
      'v=0',
      'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
      's=-',
      'a=ice-ufrag:jvZd',
      `a=ice-pwd:${pwd}`,
      `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${srtp}|2^20|1:32`,
      'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB',
      '',
    ].join('\r\n');
    const out = frame(JSON.stringify({ type: 'offer', sdp }));
    expect(out).not.toContain(pwd);
    expect(out).not.toContain(srtp);
    const lines = (JSON.parse(out) as { sdp: string }).sdp.split('\r\n');
    expect(lines).toContain('a=ice-ufrag:jvZd');
    expect(lines[4]).toMatch(/^a=ice-pwd:\[REDACTED [^\]]*\]$/);
    expect(lines[5]).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\[REDACTED [^\]]*\]\|2\^20\|1:32$/);
    expect(lines[6]).toBe(sdp.split('\r\n')[6]);
  });
});

describe('setting lines a page shows in a block', () => {
  it('reads <pre> and <textarea> text decoded, and writes it escaped', () => {
    const pw = `${password()}&x`;
    const key = password();
    const html = [
      `<pre>password: ${pw.replace('&', '&amp;')}</pre>`,
      `<textarea name="env">\nSECRET_KEY = ${key}\nDEBUG = True\n</textarea>`,
    ].join('\n');
    const out = served(html, 'text/html');
    expect(out).not.toContain(pw.replace('&', '&amp;'));
    expect(out).not.toContain(key);
    expect(out).toMatch(
      /^<pre>password: \[REDACTED [^\]<]*\]<\/pre>\n<textarea name="env">\nSECRET_KEY = \[REDACTED [^\]]*\]\nDEBUG = True\n<\/textarea>$/,
    );
  });

  it('keeps a code sample that names no credential, and markup inside a block', () => {
    const html =
      '<pre>host: db.example.test\nport: 5432\ndatabase: app</pre><code>token: <span class="v">$TOKEN</span></code>';
    expect(served(html, 'text/html')).toBe(html);
  });
});

describe("a terminal's coloured output", () => {
  it('reads a setting line between colour codes and keeps the codes', () => {
    const pw = password();
    const out = frame(`\x1b[32mDB_PASSWORD\x1b[0m: \x1b[33m${pw}\x1b[0m\r\nport: 5432\r\n`);
    expect(out).not.toContain(pw);
    expect(out).toMatch(
      // eslint-disable-next-line no-control-regex
      /^\x1b\[32mDB_PASSWORD\x1b\[0m: \x1b\[33m\[REDACTED [^\]]*\]\x1b\[0m\r\nport: 5432\r\n$/,
    );
  });

  it('keeps coloured output with no credential in it', () => {
    const text = '\x1b[32m✓\x1b[0m build: \x1b[1m42 modules\x1b[0m\nversion: \x1b[33m1.2.3\x1b[0m\n';
    expect(frame(text)).toBe(text);
  });
});

describe('passwords passed by position to a remote call', () => {
  const posted = (text: string, mimeType: string) =>
    run(har([entry({ method: 'POST', postData: { mimeType, text } })])).har.log.entries[0].request.postData!
      .text!;

  it("reads WordPress's XML-RPC and Odoo's execute_kw by the method's signature", () => {
    const a = password();
    const b = password();
    const call = (method: string, params: string[]) =>
      `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params
        .map((v) => `<param><value>${v}</value></param>`)
        .join('')}</params></methodCall>`;
    const wp = posted(
      call('wp.getUsersBlogs', ['<string>admin</string>', `<string>${a.replace('!', '&amp;')}</string>`]),
      'text/xml',
    );
    expect(wp).not.toContain(a.replace('!', '&amp;'));
    expect(wp).toContain('<value><string>admin</string></value>');
    expect(wp).toMatch(
      /<param><value><string>\[REDACTED field:password #[0-9a-f]{8}\]<\/string><\/value><\/param><\/params>/,
    );
    const odoo = posted(
      call('execute_kw', [
        '<string>prod</string>',
        '<int>2</int>',
        b,
        '<string>res.partner</string>',
        '<string>read</string>',
      ]),
      'text/xml',
    );
    expect(odoo).not.toContain(b);
    expect(odoo).toContain('<string>res.partner</string>');
  });

  it("reads JSON-RPC's params: an Ethereum node's unlock, Odoo's call", () => {
    const a = password();
    const b = password();
    const eth = JSON.parse(
      posted(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'personal_unlockAccount',
          params: [`0x${hex(40)}`, a, 300],
        }),
        'application/json',
      ),
    ) as { params: unknown[] };
    expect(eth.params[1]).toMatch(/^\[REDACTED field:password #/);
    expect(eth.params[2]).toBe(300);
    const odoo = posted(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        params: {
          service: 'object',
          method: 'execute_kw',
          args: ['prod', 2, b, 'res.partner', 'read', [[1]]],
        },
      }),
      'application/json',
    );
    expect(odoo).not.toContain(b);
    expect(odoo).toContain('"res.partner","read"');
  });

  it("reads a SignalR invocation's token by its target, and keeps a provider's name", () => {
    const tok = hex(40);
    const out = frame(
      `${JSON.stringify({ arguments: [tok], invocationId: '0', target: 'Authenticate', type: 1 })}\x1e`,
    );
    expect(out).not.toContain(tok);
    expect(out).toMatch(/^\{"arguments":\["\[REDACTED field:password #[0-9a-f]{8}\]"\],"invocationId":"0"/);
    const provider = `${JSON.stringify({ arguments: ['google'], invocationId: '1', target: 'SignIn', type: 1 })}\x1e`;
    expect(frame(provider)).toBe(provider);
  });

  it('keeps the arguments of methods that pass no password', () => {
    const eth = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBalance',
      params: [`0x${hex(40)}`, 'latest'],
    });
    expect(posted(eth, 'application/json')).toBe(eth);
    const xml =
      '<methodCall><methodName>system.methodHelp</methodName><params><param><value><string>wp.getPosts</string></value></param></params></methodCall>';
    expect(posted(xml, 'text/xml')).toBe(xml);
  });
});

describe('quoted-printable bodies', () => {
  /** `text` as a mailer writes it: `=` escaped, lines cut at 76 with soft breaks. */
  const qp = (text: string) => {
    let out = '';
    let width = 0;
    for (const ch of text.replace(/=/g, '=3D')) {
      if (width >= 75) {
        out += '=\r\n';
        width = 0;
      }
      out += ch;
      width++;
    }
    return out;
  };
  const unqp = (s: string) =>
    s
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

  it("reads a mail's source decoded: a token a soft break cut in two", () => {
    const tok = hex(64);
    const mail = `From: noreply@example.test\r\nSubject: Reset\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(`Click https://app.example.test/reset?token=${tok} to reset your password.`)}\r\n`;
    expect(mail).not.toContain(tok); // cut by a soft break
    const out = served(mail);
    const body = out.slice(out.indexOf('\r\n\r\n') + 4);
    expect(unqp(body)).not.toContain(tok);
    expect(unqp(body)).toMatch(
      /^Click https:\/\/app\.example\.test\/reset\?token=%5BREDACTED%20[^ ]*%5D to reset your password\.\r\n$/,
    );
    expect(body.split('\r\n').every((line) => line.length <= 76)).toBe(true);
  });

  it('reads a multipart part that says it is quoted-printable, and leaves a clean one byte for byte', () => {
    const tok = hex(64);
    const part = (name: string, text: string) =>
      `--b1\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(text)}\r\n`;
    const clean = part(
      'note',
      `Caf\u00e9 opens at 9, see https://example.test/menu?day=mon&lang=fr for details today`,
    );
    const body = `${part('body', `Hello, please reset via https://app.example.test/reset?token=${tok} today.`)}${clean}--b1--\r\n`;
    const out = run(
      har([
        entry({ method: 'POST', postData: { mimeType: 'multipart/form-data; boundary=b1', text: body } }),
      ]),
    ).har.log.entries[0].request.postData!.text!;
    // (Before, the token's head was read up to the soft break and its tail stayed.)
    for (const piece of [tok.slice(0, 16), tok.slice(-16)]) expect(unqp(out)).not.toContain(piece);
    expect(out).toContain(clean);
  });
});

describe('quoted-printable codec', () => {
  it('decodes what it encodes, in lines of at most 76, for any text', () => {
    const chars = 'ab =\t\u00e9\u4e2d\ud83d\ude00.-_:/?&%';
    for (let n = 0; n < 300; n++) {
      // (By code point: a lone surrogate is no text UTF-8 can carry.)
      const points = Array.from(chars);
      const line = () =>
        Array.from({ length: n % 200 }, () => points[Math.floor(rng() * points.length)]).join('');
      const lines = Array.from({ length: 1 + (n % 4) }, line);
      const text = lines.join(n % 2 ? '\r\n' : '\n');
      const encoded = qpEncode(text);
      expect(qpDecode(encoded)).toBe(text);
      for (const line of encoded.split(/\r?\n/)) expect(line.length).toBeLessThanOrEqual(76);
    }
  });
});

describe("a bank account's number", () => {
  it('redacts bank_account and keeps the routing number, a public bank code', () => {
    const acct = `000${pick(rng, '0123456789', 9)}`;
    const out = JSON.parse(
      served(
        JSON.stringify({
          account_holder_type: 'individual',
          bank_account: acct,
          routing_number: '110000000',
        }),
        'application/json',
      ),
    ) as Record<string, string>;
    expect(out.bank_account).toMatch(/^\[REDACTED /);
    expect(out.routing_number).toBe('110000000');
    expect(out.account_holder_type).toBe('individual');
  });

  it("keeps an account_number, which most often is no bank's (an AWS account, a customer's)", () => {
    const json = JSON.stringify({ account_number: '123456789012', status: 'verified' });
    expect(served(json, 'application/json')).toBe(json);
  });
});

describe('what points at a credential is none (over-redaction probe)', () => {
  it("keeps a secret's name and ARN, a key's id and a passkey's credential id", () => {
    const json = JSON.stringify({
      secrets_manager: {
        secret_name: 'prod/checkout-api/db-password',
        secret_arn:
          'arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/checkout-api/db-password-MgQhj0',
      },
      key_meta: {
        api_key_id: 'key_01JCNA939AB25KW9YK5MJJETKD',
        credential_id: 'cred_01JCNNKFTREAW8PS98N7KJC68J',
      },
      webauthn: { credentialId: 'HFICpj8bEgViiPpyEBoIBgWSAxlchPsRoka_jXd8_yk' },
    });
    expect(served(json, 'application/json')).toBe(json);
  });

  it("still redacts a session's id, Vault's secret_id and a token under an id's name", () => {
    const sid = hex(32);
    const tok = `ghp_${pick(rng, ALNUM, 36)}`;
    const out = JSON.parse(
      served(
        JSON.stringify({
          auth_session_id: sid,
          secret_id: '6a1b2c3d-4e5f-6789-abcd-ef0123456789',
          token_id: tok,
        }),
        'application/json',
      ),
    ) as Record<string, string>;
    for (const k of ['auth_session_id', 'secret_id', 'token_id']) expect(out[k]).toMatch(/^\[REDACTED /);
  });
});

// A review of the changes above found these (each failed, or broke output, before its mend).
describe('after a review of the readers above', () => {
  it("leaves a label's closing quote alone: it opens no value (an attribute, a logfmt message)", () => {
    const html = `<span data-tip="Don't share your password:" id="pw-tip">x</span>`;
    expect(served(html, 'text/html')).toBe(html);
    const log = served(`level=warn msg="Can't verify password:" user="bob" ip="10.0.0.1"`);
    expect(log).toMatch(
      /^level=warn msg="Can't verify password:" user="\[REDACTED [^\]]*\]" ip="10\.0\.0\.1"$/,
    );
  });

  it("keeps an attribute's labels that are words, as the script reader does", () => {
    const html = `<div x-init="labels = { password: 'Mot de passe', apiKey: 'API key' }"></div>`;
    expect(served(html, 'text/html')).toBe(html);
  });

  it('replaces a coloured value where it stands only, and reads every pair of a line', () => {
    const pw = password();
    const a = password();
    const b = password();
    const out = frame(
      `\x1b[1mpin\x1b[0m: 0000\norder 10000 total 200000\n` +
        `login \x1b[36mclient_secret\x1b[0m=\x1b[35m${a}\x1b[0m \x1b[36mpassword\x1b[0m=\x1b[35m${b}\x1b[0m\n` +
        `\x1b[38:5:208mDB_PASSWORD\x1b[0m: \x1b[38:5:208m${pw}\x1b[m\n`,
    );
    expect(out).toContain('\norder 10000 total 200000\n');
    for (const s of [a, b, pw]) expect(out).not.toContain(s);
    expect(out.startsWith('\x1b[1mpin\x1b[0m: [REDACTED ')).toBe(true);
  });

  it("keeps a docs block's types and stand-ins, and its entities as written", () => {
    const docs =
      '<pre><code>interface Props {\n  apiKey: string;\n  password: String!\n  secret: xxxx-xxxx-xxxx\n}</code></pre>';
    expect(served(docs, 'text/html')).toBe(docs);
    const out = served(
      `<pre>&quot;quoted&quot; &nbsp;x &#39;y&#39;\npassword: Jk8Hg5Fd2Sa\n</pre>`,
      'text/html',
    );
    expect(out).toMatch(
      /^<pre>&quot;quoted&quot; &nbsp;x &#39;y&#39;\npassword: \[REDACTED [^\]]*\]\n<\/pre>$/,
    );
  });

  it('keeps code and prose in a JSON string: an indexed read, a netrc-like sentence', () => {
    const json = JSON.stringify({
      source:
        'password = request.form["password"]\napi_key = os.environ["OPENAI_API_KEY"]\nauth_token = session[:token]\n',
      log: 'default account selected for project\nstatus: ok',
    });
    expect(served(json, 'application/json')).toBe(json);
  });

  it("picks a sign-in's password, not its language, client or provider", () => {
    const pw = password();
    const call = (method: string, params: unknown[]) =>
      JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
    const out = JSON.parse(served(call('LogIn', ['alice', pw, 'en', 'agent/1.0']), 'application/json')) as {
      params: string[];
    };
    expect(out.params[1]).toMatch(/^\[REDACTED field:password #/);
    expect(out.params.slice(2)).toEqual(['en', 'agent/1.0']);
    for (const kept of [
      call('auth.login', ['alice', 'web']),
      call('Session.authenticate', ['oauth2', 'google']),
    ])
      expect(served(kept, 'application/json')).toBe(kept);
  });

  it("reads a mail whose top level is multipart, and keeps a latin-1 body's charset", () => {
    const mail =
      'From: a@example.test\r\nSubject: creds\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n\tboundary="BND"\r\n\r\n' +
      '--BND\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
      `Your token: ghp_Zyxwvutsrqponmlkji=\r\n0987654321ABCDEFGH\r\n--BND--\r\n`;
    const out = served(mail, 'message/rfc822');
    expect(out).not.toContain('0987654321ABCDEFGH');
    expect(out).toContain('Your token: [REDACTED ');
    const latin = served(
      'From: a@example.test\r\nSubject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 cr=E8me\r\npassword: Jk8Hg5Fd2Sa\r\n',
    );
    expect(latin).toMatch(/\r\n\r\nCaf=E9 cr=E8me\r\npassword: \[REDACTED [^\]]*\]\r\n$/);
  });

  it('reads an ICE password in a log that writes its line breaks out', () => {
    const pwd = pick(rng, ALNUM, 24);
    const out = served(`offer sdp="v=0\\r\\na=ice-ufrag:jvZd\\r\\na=ice-pwd:${pwd}\\r\\n"`);
    expect(out).not.toContain(pwd);
    expect(out).toContain('a=ice-ufrag:jvZd');
  });
});

// A second review round found these in the mends above (each failed before its own mend).
describe('after a second review', () => {
  it("reads a multipart mail's preamble and epilogue, and a part with no headers", () => {
    const key = `AKIA${pick(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const tok = `ghp_${pick(rng, ALNUM, 36)}`;
    const mail =
      'From: a@example.test\r\nContent-Type: multipart/mixed; boundary="BND"\r\n\r\n' +
      `preamble ${key}\r\n--BND\r\nContent-Type: text/plain\r\n\r\nhello\r\n--BND--\r\nepilogue ${tok}\r\n`;
    const out = served(mail, 'message/rfc822');
    expect(out).not.toContain(key);
    expect(out).not.toContain(tok);
    expect(out).toContain(
      '\r\n--BND\r\nContent-Type: text/plain\r\n\r\nhello\r\n--BND--\r\nepilogue [REDACTED ',
    );
  });

  it("keeps a mail attachment whose file name holds a credential's word", () => {
    const mail =
      'From: a@example.test\r\nContent-Type: multipart/mixed; boundary="OUT"\r\n\r\n' +
      '--OUT\r\nContent-Type: text/csv; name="api_key_usage.csv"\r\nContent-Disposition: attachment; filename="api_key_usage.csv"\r\n\r\ndate,count\r\n2024-01-01,5\r\n--OUT--\r\n';
    expect(served(mail, 'message/rfc822')).toContain('\r\n\r\ndate,count\r\n2024-01-01,5\r\n--OUT--');
  });

  it('redacts a word-and-sign password, and one with a bracket, where a type or an index stays', () => {
    const out = JSON.parse(
      served(
        JSON.stringify({
          m: 'login failed\npassword: Summer!\n',
          ini: 'db_password = Tr0ub[4dor&3\npassword = mY[Secr3t]99\napi_key = os.environ["OPENAI_API_KEY"]\n',
        }),
        'application/json',
      ),
    ) as { m: string; ini: string };
    expect(out.m).toMatch(/^login failed\npassword: \[REDACTED [^\]]*\]\n$/);
    expect(out.ini).not.toContain('Tr0ub[4dor&3');
    expect(out.ini).not.toContain('mY[Secr3t]99');
    expect(out.ini).toContain('api_key = os.environ["OPENAI_API_KEY"]');
  });

  it('reads an SDP written out in a log line before its pairs, and leaves it unencoded', () => {
    const pwd = pick(rng, ALNUM, 22);
    const key = Buffer.from(pick(rng, ALNUM, 30)).toString('base64');
    const out = served(
      `offer: v=0\\r\\na=ice-pwd:${pwd}\\r\\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key}|2^20|1:32`,
    );
    expect(out).toMatch(
      /^offer: v=0\\r\\na=ice-pwd:\[REDACTED [^\]]*\]\\r\\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\[REDACTED [^\]]*\]\|2\^20\|1:32$/,
    );
  });

  it("reads coloured lines past tput's reset and around a block that became one line", () => {
    const a = password();
    const b = password();
    const c = password();
    const out = frame(
      `\x1b[32mDB_PASSWORD\x1b(B\x1b[m: ${a}\n` +
        `\x1b[36mpassword\x1b[0m: \x1b[32m${b}\x1b[0m\n\x1b[36mprivate_key\x1b[0m: |\n  MIIEabc\n  Zm9vbar\n\x1b[36mapi_key\x1b[0m: \x1b[32m${c}\x1b[0m\n`,
    );
    for (const s of [a, b, c]) expect(out).not.toContain(s);
  });
});
