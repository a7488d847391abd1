import { describe, expect, it } from 'vitest';
import { HarReadError, parseHar, readHarBytes, serializeHar } from '../../../src/index';

const minimalEntry = {
  startedDateTime: '2024-01-02T03:04:05.000Z',
  time: 12,
  request: {
    method: 'GET',
    url: 'https://example.test/a',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [],
    queryString: [],
    headersSize: -1,
    bodySize: -1,
  },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: 'text/plain' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  },
  cache: {},
  timings: { send: 0, wait: 1, receive: 2 },
};

const har = (entries: unknown[] = [minimalEntry], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries, ...extra } });

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HarReadError);
    return (e as Error).message;
  }
  throw new Error('expected a HarReadError');
}

describe('parseHar: refusals', () => {
  const cases: [string, string, string][] = [
    ['empty string', '', 'empty input'],
    ['whitespace only', ' \n\t\r\n ', 'empty input'],
    ['BOM only', '\uFEFF', 'empty input'],
    [
      'truncated',
      '{"log": {"version": "1.2", "entries"',
      'not JSON: unexpected end of input at line 1 column 37',
    ],
    [
      'truncated on line 3',
      '{\n  "log": {\n    "entries": [',
      'not JSON: unexpected end of input at line 3 column 17',
    ],
    ['bad character', '{\n  "log":\n    x\n}', 'not JSON: unexpected character "x" at line 3 column 5'],
    [
      'trailing comma',
      '{"log": {"entries": [1,]}}',
      'not JSON: unexpected character "]" at line 1 column 24',
    ],
    ['garbage after', '{"log": {}} x', 'not JSON: unexpected character "x" at line 1 column 13'],
    ['single quotes', "{'log': 1}", 'not JSON: unexpected character "\'" at line 1 column 2'],
    [
      'raw newline in string',
      '{"log": "a\nb"}',
      'not JSON: unescaped control character U+000A in a string at line 1 column 11',
    ],
    ['bad escape', '{"a": "\\q"}', 'not JSON: unexpected character "q" at line 1 column 9'],
    ['bad literal', '{"a": nope}', 'not JSON: unexpected character "n" at line 1 column 7'],
    ['truncated literal', '{"a": tr', 'not JSON: unexpected end of input at line 1 column 9'],
    ['NUL character', '\u0000{}', 'not JSON: unexpected character U+0000 at line 1 column 1'],
    ['column after BOM', '\uFEFF{"a" 1}', 'not JSON: unexpected character "1" at line 1 column 6'],
    ['CRLF lines', '{\r\n"log":\r\n  ?}', 'not JSON: unexpected character "?" at line 3 column 3'],
    [
      'mitmproxy brokenfile',
      '{"log":\n[\n    2,1,3\n]\n"request:"}',
      `not JSON: unexpected character '"' at line 5 column 1`,
    ],
    ['top-level array', '[]', 'not a HAR: the top-level JSON value is an array, not an object'],
    ['top-level string', '"log"', 'not a HAR: the top-level JSON value is a string, not an object'],
    ['top-level null', 'null', 'not a HAR: the top-level JSON value is null, not an object'],
    ['no log', '{"entries": []}', 'not a HAR: log is missing'],
    ['log is array', '{"log": [2, 1, 3]}', 'not a HAR: log is not an object'],
    ['empty log', '{"log":{}}', 'not a HAR: log.entries is missing'],
    [
      'entries not array',
      '{"log":{"entries":{}}}',
      'not a HAR: log.entries is not an array (it is an object)',
    ],
    ['entry not object', har([minimalEntry, 3]), 'not a HAR: log.entries[1] is not an object'],
    [
      'request not object',
      har([minimalEntry, minimalEntry, minimalEntry, { ...minimalEntry, request: 'GET /' }]),
      'not a HAR: log.entries[3].request is not an object',
    ],
    [
      'request missing',
      har([{ ...minimalEntry, request: undefined }]),
      'not a HAR: log.entries[0].request is missing',
    ],
    [
      'url missing',
      har([{ ...minimalEntry, request: { method: 'GET' } }]),
      'not a HAR: log.entries[0].request.url is missing',
    ],
    [
      'header not object',
      har([{ ...minimalEntry, request: { ...minimalEntry.request, headers: ['x'] } }]),
      'not a HAR: log.entries[0].request.headers[0] is not an object',
    ],
    [
      'response not object',
      har([{ ...minimalEntry, response: [] }]),
      'not a HAR: log.entries[0].response is not an object',
    ],
    ['pages not array', har([], { pages: {} }), 'not a HAR: log.pages is not an array'],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    expect(errorOf(() => parseHar(input))).toBe(message);
  });

  it('refuses 200 000-deep nesting quickly, without a stack overflow', () => {
    const t0 = Date.now();
    expect(errorOf(() => parseHar('['.repeat(200_000)))).toBe(
      'nesting deeper than 1000 levels at line 1 column 1001',
    );
    expect(errorOf(() => parseHar('{"a":'.repeat(200_000)))).toBe(
      'nesting deeper than 1000 levels at line 1 column 5001',
    );
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('accepts exactly 1000 levels (then complains about the HAR, not the depth)', () => {
    const deep = '['.repeat(1000) + ']'.repeat(1000);
    expect(errorOf(() => parseHar(deep))).toBe(
      'not a HAR: the top-level JSON value is an array, not an object',
    );
  });

  it('does not count brackets inside strings, including after escaped quotes', () => {
    const s = JSON.stringify({ log: { entries: [], note: '\\"' + '['.repeat(5000) + '\\' } });
    expect(parseHar(s).log.entries).toEqual([]);
  });

  it('never echoes input text in the message', () => {
    const secret = 'sk_live_51ExampleNotARealKeyAbCdEf';
    const msg = errorOf(() => parseHar(`{"token": ${secret}}`));
    expect(msg).toBe('not JSON: unexpected character "s" at line 1 column 11');
    expect(msg).not.toContain('live');
  });
});

describe('parseHar: tolerated oddities', () => {
  it('reads a plain valid HAR unchanged', () => {
    const text = har();
    expect(parseHar(text)).toEqual(JSON.parse(text));
  });

  const wrapped: [string, string][] = [
    ['UTF-8 BOM', '\uFEFF' + har()],
    ['HARP onInputData', `onInputData(${har()});`],
    ['HARP other name, spaces, no semicolon', `  harp_cb.load (\n${har()}\n)\n`],
    ['surrounding whitespace', `\n\n  ${har()}  \n`],
  ];
  it.each(wrapped)('%s', (_name, text) => {
    expect(parseHar(text)).toEqual(JSON.parse(har()));
  });

  it('reports positions in the original text when HARP-wrapped', () => {
    expect(errorOf(() => parseHar('onInputData({"log": x});'))).toBe(
      'not JSON: unexpected character "x" at line 1 column 21',
    );
  });

  it('keeps HAR 1.1 as it is and fills a missing version', () => {
    const v11 = JSON.parse(har());
    v11.log.version = '1.1';
    expect(parseHar(JSON.stringify(v11)).log.version).toBe('1.1');
    delete v11.log.version;
    expect(parseHar(JSON.stringify(v11)).log.version).toBe('1.2');
  });

  it('fills a missing creator', () => {
    const h = JSON.parse(har());
    delete h.log.creator;
    expect(parseHar(JSON.stringify(h)).log.creator).toEqual({ name: 'unknown', version: '' });
  });

  it('converts cookies and headers given as {name: value} maps', () => {
    const e = {
      ...minimalEntry,
      request: {
        ...minimalEntry.request,
        cookies: { sid: 'abc', theme: 'dark' },
        headers: { Accept: '*/*' },
      },
    };
    const out = parseHar(har([e])).log.entries[0].request;
    expect(out.cookies).toEqual([
      { name: 'sid', value: 'abc' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(out.headers).toEqual([{ name: 'Accept', value: '*/*' }]);
  });

  it("reads Fiddler's one cookie given as a {name, value} object as one cookie, not a map (issue 13 §2)", () => {
    const e = {
      ...minimalEntry,
      request: {
        ...minimalEntry.request,
        cookies: { name: 'ASP.NET_SessionId', value: 'k3x9q2m8v7b6n5c4x3z2', path: '/', httpOnly: true },
      },
    };
    const out = parseHar(har([e])).log.entries[0].request;
    expect(out.cookies).toEqual([
      { name: 'ASP.NET_SessionId', value: 'k3x9q2m8v7b6n5c4x3z2', path: '/', httpOnly: true },
    ]);
  });

  it('fills a missing response with a HAR-1.2-valid placeholder', () => {
    const out = parseHar(har([{ ...minimalEntry, response: undefined }])).log.entries[0];
    expect(out.response).toEqual({
      status: 0,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    });
  });

  it('fills missing request fields, timings, cache, time, startedDateTime', () => {
    const out = parseHar(har([{ request: { url: 'https://x.test/' } }])).log.entries[0];
    expect(out.request).toEqual({
      url: 'https://x.test/',
      method: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      queryString: [],
      headersSize: -1,
      bodySize: -1,
    });
    expect(out.timings).toEqual({ send: 0, wait: 0, receive: 0 });
    expect(out.cache).toEqual({});
    expect(out.time).toBe(0);
    expect(out.startedDateTime).toBe('1970-01-01T00:00:00.000Z');
  });

  it('fills partial timings and content, coerces numbers given as strings', () => {
    const e = {
      ...minimalEntry,
      timings: { wait: 5, dns: -1 },
      response: { ...minimalEntry.response, status: '404', content: { text: 'hello' } },
    };
    const out = parseHar(har([e])).log.entries[0];
    expect(out.timings).toEqual({ wait: 5, dns: -1, send: 0, receive: 0 });
    expect(out.response.status).toBe(404);
    expect(out.response.content).toEqual({ text: 'hello', size: 5, mimeType: 'x-unknown' });
  });

  it('coerces header values that are numbers and fills null values', () => {
    const e = {
      ...minimalEntry,
      response: {
        ...minimalEntry.response,
        headers: [
          { name: 'Content-Length', value: 42 },
          { name: 'X-Empty', value: null },
        ],
      },
    };
    expect(parseHar(har([e])).log.entries[0].response.headers).toEqual([
      { name: 'Content-Length', value: '42' },
      { name: 'X-Empty', value: '' },
    ]);
  });

  it('repairs pages and keeps _fields, content._file and invalid base64 untouched', () => {
    const e = {
      ...minimalEntry,
      _resourceType: 'xhr',
      _webSocketMessages: [{ type: 'send', time: 1, opcode: 1, data: '{"a":1}' }],
      response: {
        ...minimalEntry.response,
        content: {
          size: 10,
          mimeType: 'image/png',
          encoding: 'base64',
          text: '!!not base64!!',
          _file: 'x.bin',
        },
      },
    };
    const out = parseHar(har([e], { pages: [{ id: 'p1' }], _custom: { deep: [1] } }));
    const entry = out.log.entries[0] as unknown as Record<string, unknown>;
    expect(entry._resourceType).toBe('xhr');
    expect(entry._webSocketMessages).toEqual(e._webSocketMessages);
    expect(out.log.entries[0].response.content).toEqual(e.response.content);
    expect((out.log as unknown as Record<string, unknown>)._custom).toEqual({ deep: [1] });
    expect(out.log.pages).toEqual([
      { id: 'p1', startedDateTime: '1970-01-01T00:00:00.000Z', title: '', pageTimings: {} },
    ]);
  });

  it('repairs postData without mimeType and params given as a map', () => {
    const e = {
      ...minimalEntry,
      request: { ...minimalEntry.request, postData: { text: 'a=1', params: { a: '1' } } },
    };
    expect(parseHar(har([e])).log.entries[0].request.postData).toEqual({
      mimeType: '',
      text: 'a=1',
      params: [{ name: 'a', value: '1' }],
    });
  });
});

describe('readHarBytes', () => {
  const text = har();
  const expected = JSON.parse(text);
  const enc = new TextEncoder();

  function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
    const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
    const all = (bom ? '\uFEFF' : '') + s;
    for (let i = 0; i < all.length; i++) {
      const c = all.charCodeAt(i);
      out[2 * i + (le ? 0 : 1)] = c & 0xff;
      out[2 * i + (le ? 1 : 0)] = c >> 8;
    }
    return out;
  }

  const good: [string, Uint8Array][] = [
    ['UTF-8', enc.encode(text)],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(text)])],
    ['UTF-16 LE with BOM', utf16(text, true, true)],
    ['UTF-16 BE with BOM', utf16(text, false, true)],
    ['UTF-16 LE without BOM', utf16(text, true, false)],
  ];
  it.each(good)('decodes %s', (_name, bytes) => {
    expect(readHarBytes(bytes)).toEqual(expected);
  });

  it('keeps non-ASCII text intact', () => {
    const h = JSON.parse(text);
    h.log.comment = 'Grüße, 日本, 🎉';
    expect(readHarBytes(utf16(JSON.stringify(h), true, true)).log.comment).toBe('Grüße, 日本, 🎉');
    expect(readHarBytes(enc.encode(JSON.stringify(h))).log.comment).toBe('Grüße, 日本, 🎉');
  });

  const bad: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'empty input'],
    [
      'PNG',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'binary data, not a HAR (starts with bytes 89 50 4e 47)',
    ],
    [
      'gzip',
      new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x12, 0x34]),
      'not a HAR but a gzip file: decompress it (gunzip) and redact the .har inside',
    ],
    [
      'zip',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]),
      'not a HAR but a zip archive: extract it and redact the .har inside',
    ],
    [
      'NUL after JSON-ish start',
      enc.encode('{"log":\u0000\u0000\u0000\u0000}'),
      'binary data, not a HAR (starts with bytes 7b 22 6c 6f)',
    ],
    [
      'invalid UTF-8',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      'not valid UTF-8: byte 0xff at offset 1 (save the HAR again as UTF-8)',
    ],
    [
      'invalid UTF-8 after a BOM and some JSON',
      new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{"log": "caf'), 0xe9, ...enc.encode('"}')]),
      'not valid UTF-8: byte 0xe9 at offset 15 (save the HAR again as UTF-8)',
    ],
    ['BOM then nothing', new Uint8Array([0xef, 0xbb, 0xbf]), 'empty input'],
  ];
  it.each(bad)('refuses %s', (_name, bytes, message) => {
    expect(errorOf(() => readHarBytes(bytes))).toBe(message);
  });

  it('does not refuse a multi-byte character cut by the 1 KB sniff window', () => {
    const h = JSON.parse(text);
    h.log.comment = 'x'.repeat(1000) + 'é'.repeat(50);
    const bytes = enc.encode(JSON.stringify(h));
    expect(readHarBytes(bytes).log.comment).toBe(h.log.comment);
  });
});

describe('serializeHar', () => {
  it('round-trips and is indented', () => {
    const h = parseHar(har());
    const out = serializeHar(h);
    expect(out.startsWith('{\n  "log": {')).toBe(true);
    expect(parseHar(out)).toEqual(h);
  });

  it('stays valid JSON with lone surrogates', () => {
    const h = parseHar(har());
    h.log.comment = 'a\uD800b\uDFFFc';
    const out = serializeHar(h);
    expect(out).toContain('\\ud800');
    expect(JSON.parse(out).log.comment).toBe('a\uD800b\uDFFFc');
  });
});
