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

/** A protobuf length-delimited field. */
const field = (n: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([(n << 3) | 2, payload.length]), payload]);
/** A gRPC-web data frame around a message. */
const frame = (msg: Buffer) => {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(msg.length, 1);
  return Buffer.concat([head, msg]);
};
const grpcText = (msg: Buffer) => frame(msg).toString('base64');
const GRPC_POSITIVE = grpcText(
  Buffer.concat([
    field(1, Buffer.from('user-42')),
    field(2, field(1, Buffer.from(`{"access_token":"${S}"}`))),
  ]),
);

const FIXTURES: Record<Language, Fixture> = {
  binary: {
    mimeType: 'application/grpc-web-text',
    positive: GRPC_POSITIVE,
    secrets: [S, Buffer.from(S).toString('base64').slice(0, 16)],
    negative: grpcText(
      Buffer.concat([field(1, Buffer.from('hello world')), field(2, field(1, Buffer.from('release notes')))]),
    ),
  },
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
        const shown = language === 'binary' ? Buffer.from(out, 'base64').toString('latin1') : out;
        expect(shown).toMatch(/REDACTED/);
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

describe('length-prefixed binary keeps its framing', () => {
  /** The strings of a gRPC-web-text body, walking frames and nested messages (throws when broken). */
  function strings(b64: string): string[] {
    const out: string[] = [];
    const bytes = Buffer.from(b64, 'base64');
    const walk = (m: Buffer) => {
      let i = 0;
      while (i < m.length) {
        const key = m[i++];
        expect(key & 7).toBe(2);
        let len = 0;
        let shift = 0;
        for (;;) {
          const c = m[i++];
          len |= (c & 0x7f) << shift;
          shift += 7;
          if (!(c & 0x80)) break;
        }
        const payload = m.subarray(i, i + len);
        expect(payload.length).toBe(len);
        if (payload[0] === 0x0a) walk(payload);
        else out.push(payload.toString('utf8'));
        i += len;
      }
    };
    let i = 0;
    while (i < bytes.length) {
      const len = bytes.readUInt32BE(i + 1);
      walk(bytes.subarray(i + 5, i + 5 + len));
      i += 5 + len;
    }
    expect(i).toBe(bytes.length);
    return out;
  }

  it('gRPC-web-text: frame and field lengths are rewritten around a placeholder', () => {
    const out = redactBody(FIXTURES.binary, GRPC_POSITIVE);
    const got = strings(out);
    expect(got[0]).toBe('user-42');
    expect(JSON.parse(got[1]).access_token).toMatch(/^\[REDACTED field:access_token #[0-9a-f]{8}\]$/);
  });

  it('a binary WebSocket frame: protobuf lengths rewritten; other bytes masked to the same length', () => {
    const msg = Buffer.concat([field(1, Buffer.from(`{"password":"${P}"}`))]);
    const raw = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x01]), Buffer.from(` Bearer ${S} `)]);
    const e = entry();
    (e as unknown as { _webSocketMessages: unknown[] })._webSocketMessages = [
      { type: 'send', time: 1, opcode: 2, data: msg.toString('base64') },
      { type: 'send', time: 2, opcode: 2, data: raw.toString('base64') },
    ];
    const out = redactHar(har([e]), rules, { key: new Uint8Array(32).fill(5) }).har.log
      .entries[0] as unknown as {
      _webSocketMessages: { data: string }[];
    };
    const proto = Buffer.from(out._webSocketMessages[0].data, 'base64');
    expect(proto[0]).toBe(0x0a);
    expect(proto[1]).toBe(proto.length - 2);
    expect(JSON.parse(proto.subarray(2).toString('utf8')).password).toMatch(/^\[REDACTED field:password #/);
    const bytes = Buffer.from(out._webSocketMessages[1].data, 'base64');
    expect(bytes.length).toBe(raw.length);
    expect(bytes.toString('latin1')).not.toContain(P);
  });
});

describe('MessagePack and CBOR maps in binary frames', () => {
  const mpStr = (t: string) => {
    const b = Buffer.from(t);
    return Buffer.concat([Buffer.from(b.length < 32 ? [0xa0 | b.length] : [0xd9, b.length]), b]);
  };
  const cborStr = (t: string) => {
    const b = Buffer.from(t);
    return Buffer.concat([Buffer.from(b.length < 24 ? [0x60 | b.length] : [0x78, b.length]), b]);
  };
  const frames = (...payloads: Buffer[]) => {
    const e = entry();
    (e as unknown as { _webSocketMessages: unknown[] })._webSocketMessages = payloads.map((b, i) => ({
      type: 'send',
      time: i,
      opcode: 2,
      data: b.toString('base64'),
    }));
    const out = redactHar(har([e]), rules, { key: new Uint8Array(32).fill(5) }).har.log
      .entries[0] as unknown as {
      _webSocketMessages: { data: string }[];
    };
    return out._webSocketMessages.map((m) => Buffer.from(m.data, 'base64'));
  };

  it('a value under a credential name goes, masked to its length; keys and other values stay', () => {
    const token = `${S}${S}`;
    // {"type": "auth", "token": …, "password": …, "room": "lobby"}
    const mp = Buffer.concat([
      Buffer.from([0x84]),
      ...['type', 'auth', 'token', token, 'password', P, 'room', 'lobby'].map(mpStr),
    ]);
    const cbor = Buffer.concat([Buffer.from([0xa2]), ...['password', P, 'room', 'lobby'].map(cborStr)]);
    const [a, b] = frames(mp, cbor);
    expect(a.length).toBe(mp.length);
    expect(b.length).toBe(cbor.length);
    for (const out of [a, b]) {
      const text = out.toString('latin1');
      expect(text).not.toContain(P);
      expect(text).not.toContain(token);
      expect(text).toContain('password');
      expect(text).toContain('lobby');
    }
    expect(a.toString('latin1')).toContain('\xa4auth\xa5token');
  });
});

describe('MQTT over WebSocket', () => {
  const str = (t: string) => {
    const b = Buffer.from(t);
    return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
  };
  /** A CONNECT packet (3.1.1, or 5 with empty properties) with a username and a password. */
  const connect = (level: 4 | 5, user: string, password: string) => {
    const props = level === 5 ? Buffer.from([0]) : Buffer.alloc(0);
    const body = Buffer.concat([
      str('MQTT'),
      Buffer.from([level, 0xc2, 0, 60]),
      props,
      str('dashboard-7f3a'),
      str(user),
      str(password),
    ]);
    return Buffer.concat([Buffer.from([0x10, body.length]), body]);
  };

  it("CONNECT's password goes, masked in place: the packet's lengths still hold (3.1.1 and 5)", () => {
    for (const level of [4, 5] as const) {
      const packet = connect(level, 'sensor-admin', P);
      const e = entry();
      (e as unknown as { _webSocketMessages: unknown[] })._webSocketMessages = [
        { type: 'send', time: 1, opcode: 2, data: packet.toString('base64') },
      ];
      const out = redactHar(har([e]), rules, { key: new Uint8Array(32).fill(5) }).har.log
        .entries[0] as unknown as {
        _webSocketMessages: { data: string }[];
      };
      const bytes = Buffer.from(out._webSocketMessages[0].data, 'base64');
      expect(bytes.length).toBe(packet.length);
      // Everything up to the username (a person's or a device's name: judged as one) is as it was.
      const head = packet.length - P.length - 2 - 'sensor-admin'.length;
      expect(bytes.subarray(0, head)).toEqual(packet.subarray(0, head));
      expect(bytes.toString('latin1')).not.toContain(P);
      expect(bytes.toString('latin1')).toContain('dashboard-7f3a');
    }
  });
});

describe('HTML: base64 server state in hidden inputs', () => {
  it('__VIEWSTATE is decoded and scanned; binary state keeps its length', () => {
    const state = Buffer.concat([
      Buffer.from([0xff, 0x01, 0x0f, 0x0f]),
      Buffer.from(`\u0005 token=${S}\u0001 ok`),
    ]);
    const page = `<form><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="${state.toString('base64')}" /></form>`;
    const f: Fixture = { mimeType: 'text/html', positive: page, secrets: [S], negative: '' };
    const out = redactBody(f, page);
    const b64 = /value="([^"]+)"/.exec(out)![1];
    const bytes = Buffer.from(b64, 'base64');
    expect(bytes.length).toBe(state.length);
    expect(bytes.subarray(0, 4)).toEqual(state.subarray(0, 4));
    expect(bytes.toString('latin1')).not.toContain(S);
    expect(bytes.toString('latin1')).toContain(' token=');
  });
});
