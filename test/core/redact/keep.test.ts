import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32) }).har;

// Debugging value that must survive, including harmless names that look like credentials.
describe('what support needs stays', () => {
  it('method, status, host and path, timings, request ids, content-type', () => {
    const input = har([
      entry({
        method: 'PATCH',
        status: 409,
        url: 'https://api.example.test/v1/projects/prj_8f7a6b5c4d3e2f1a/members?page=2&sort=updated_at',
      }),
    ]);
    const e = run(input).log.entries[0];
    expect(e.request.method).toBe('PATCH');
    expect(e.response.status).toBe(409);
    expect(e.request.url).toBe(
      'https://api.example.test/v1/projects/prj_8f7a6b5c4d3e2f1a/members?page=2&sort=updated_at',
    );
    expect(e.timings).toEqual({ send: 1, wait: 10, receive: 1.5 });
    expect(e.response.headers).toEqual([
      { name: 'content-type', value: 'application/json; charset=utf-8' },
      { name: 'x-request-id', value: 'req_4f7e9434e5e905fed368' },
    ]);
  });

  const harmless: [string, { name: string; value: string }][] = [
    ['HTTP/2 :authority is not "auth"', { name: ':authority', value: 'api.example.test' }],
    ['keep-alive is not "key"', { name: 'keep-alive', value: 'timeout=5, max=1000' }],
    ['x-request-id', { name: 'x-request-id', value: 'req_cad27bba151315aca5f1' }],
    [
      'CORS header listing credential header names',
      { name: 'access-control-allow-headers', value: 'authorization, x-api-key, x-csrf-token' },
    ],
    ['Sec-WebSocket-Version', { name: 'Sec-WebSocket-Version', value: '13' }],
    [
      'user-agent',
      {
        name: 'user-agent',
        value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/156.0.0.0',
      },
    ],
  ];
  it.each(harmless)('header stays: %s', (_, h) => {
    const e = run(har([entry({ requestHeaders: [h] })])).log.entries[0];
    expect(e.request.headers).toEqual([h]);
  });

  const keptQuery: [string, string][] = [
    ['client_id (public OAuth id)', 'client_id=0oa9calendarSync1x7'],
    ['scope', 'scope=openid%20calendar.read'],
    ['redirect_uri', 'redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb'],
    ['response_type', 'response_type=code'],
    ['uid', 'uid=usr_LeCqNGDmpPFbqw'],
    ['X-Amz-Date', 'X-Amz-Date=20241104T101500Z'],
    ['free text search', 'q=invoice%20overdue'],
  ];
  it.each(keptQuery)('query stays: %s', (_, q) => {
    const url = `https://api.example.test/v1/x?${q}`;
    expect(run(har([entry({ url })])).log.entries[0].request.url).toBe(url);
  });

  it('JSON body: ids, names, token counts and token_type stay; numbers keep their type', () => {
    const body = {
      id: 'usr_LhwDU1JyeTlGQc',
      workspace: { id: 'ws_grfIDA24lLWyB0', name: 'orbital-ledger-1392' },
      release: 'web-2024.11.3-d67326b',
      usage: { prompt_tokens: 120, completion_tokens: 80, max_tokens: 1024 },
      token_type: 'Bearer',
      expires_in: 3600,
      items: [{ type: 'project.created', actor: 'usr_LhwDU1JyeTlGQc' }],
    };
    const text = JSON.stringify(body, null, 2);
    const e = run(har([entry({ content: { mimeType: 'application/json', text } })])).log.entries[0];
    expect(e.response.content.text).toBe(text);
  });

  it('a JSON body that was changed keeps its formatting and number spelling', () => {
    const text = '{\n  "amount": 10.50,\n  "big": 12345678901234567890,\n  "password": "correct horse"\n}';
    const out = run(har([entry({ content: { mimeType: 'application/json', text } })])).log.entries[0].response
      .content.text!;
    expect(out).toContain('"amount": 10.50');
    expect(out).toContain('"big": 12345678901234567890');
    expect(out).not.toContain('correct horse');
    expect(JSON.parse(out).password).toMatch(/^\[REDACTED field:password #[0-9a-f]{8}\]$/);
  });

  it('cookie values that cannot be credentials stay, where they stand and elsewhere (issue 13 §2)', () => {
    const input = har([
      entry({
        requestHeaders: [
          {
            name: 'cookie',
            value: 'theme=dark; lang=en-US; timeline=true; seen=1515916354753; sid=Zq8vLm2pXw7k',
          },
        ],
        content: { mimeType: 'text/plain', text: 'dark mode is on' },
      }),
    ]);
    const e = run(input).log.entries[0];
    expect(e.request.headers[0].value).toMatch(
      /^theme=dark; lang=en-US; timeline=true; seen=1515916354753; sid=\[REDACTED cookie:sid #/,
    );
    expect(e.response.content.text).toBe('dark mode is on');
    // The report lists them as kept (how many, by label; never a value), apart from what went.
    const { report } = redactHar(input, rules, { key: new Uint8Array(32) });
    expect(report.harmless).toEqual({
      'cookie:lang': 1,
      'cookie:seen': 1,
      'cookie:theme': 1,
      'cookie:timeline': 1,
    });
    expect(report.findings.map((f) => f.label)).toEqual(['cookie:sid']);
  });

  it('binary media content is left byte for byte', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]).toString('base64');
    const e = run(har([entry({ content: { mimeType: 'image/png', encoding: 'base64', text: png } })])).log
      .entries[0];
    expect(e.response.content.text).toBe(png);
  });

  it('a header name stays when its value goes (support sees auth was sent)', () => {
    const e = run(
      har([entry({ requestHeaders: [{ name: 'Authorization', value: 'Bearer abcdefghijklmnop1234' }] })]),
    ).log.entries[0];
    expect(e.request.headers[0].name).toBe('Authorization');
    expect(e.request.headers[0].value).toMatch(/^Bearer \[REDACTED header:authorization #[0-9a-f]{8}\]$/);
  });
});

describe('header names, both ways (substring matching says which way each goes)', () => {
  const redacted = [
    'X-Tenant-Key',
    'X-Auth-User',
    'X-Acme-Session',
    'X-Client-Ticket',
    'X-Amz-Security-Token',
    'X-Functions-Key',
  ];
  const kept = [
    ':authority',
    'WWW-Authenticate',
    'Keep-Alive',
    'Idempotency-Key',
    'Access-Control-Allow-Credentials',
    'X-Request-Id',
  ];
  it.each(redacted)('%s is redacted', (name) => {
    const e = run(har([entry({ requestHeaders: [{ name, value: 'v4lue-0f-the-header-123' }] })])).log
      .entries[0];
    expect(e.request.headers[0].value).toMatch(/^\[REDACTED /);
  });
  it.each(kept)('%s stays', (name) => {
    const e = run(har([entry({ requestHeaders: [{ name, value: 'Bearer realm="api", true' }] })])).log
      .entries[0];
    expect(e.request.headers[0].value).toBe('Bearer realm="api", true');
  });
  it('JSON names beyond the anchors: authKey, passcode, verification_code; footprint is not "otp"', () => {
    const text = JSON.stringify({
      authKey: 'ak-123456789',
      passcode: '90210x',
      verification_code: '483920',
      footprint: 'small-and-light',
    });
    const out = JSON.parse(
      run(har([entry({ content: { mimeType: 'application/json', text } })])).log.entries[0].response.content
        .text!,
    );
    expect(out.authKey).toMatch(/REDACTED/);
    expect(out.passcode).toMatch(/REDACTED/);
    expect(out.verification_code).toMatch(/REDACTED/);
    expect(out.footprint).toBe('small-and-light');
  });

  it("a repository's full_name (owner/repo) is no person's name; a person's full_name goes", () => {
    const text = JSON.stringify([
      { full_name: 'octo-org/hello.world', owner: { login: 'octo-org' } },
      { full_name: 'Ada Lovelace', firstName: 'Ada' },
      { fullName: '/home/ada/notes' },
    ]);
    const out = JSON.parse(
      run(har([entry({ content: { mimeType: 'application/json', text } })])).log.entries[0].response.content
        .text!,
    );
    expect(out[0].full_name).toBe('octo-org/hello.world');
    expect(out[1].full_name).toMatch(/^\[REDACTED /);
    expect(out[1].firstName).toMatch(/^\[REDACTED /);
    // A path from the root is not a repository's.
    expect(out[2].fullName).toMatch(/^\[REDACTED /);
  });

  it('a number of one to three digits under a name matched by a substring is a constant; four are a code', () => {
    const text = JSON.stringify({
      cookie_enabled: 1,
      cookie_count: '3',
      sms_code_length: '6',
      pincode: '4821',
    });
    const e = run(
      har([
        entry({
          url: 'https://ads.example.test/ad?cookie_enabled=1&smscode=731&otpcode=5931',
          content: { mimeType: 'application/json', text },
        }),
      ]),
    ).log.entries[0];
    const out = JSON.parse(e.response.content.text!);
    expect(out).toMatchObject({ cookie_enabled: 1, cookie_count: '3', sms_code_length: '6' });
    expect(out.pincode).toMatch(/REDACTED/);
    expect(e.request.url).toMatch(
      /^https:\/\/ads\.example\.test\/ad\?cookie_enabled=1&smscode=731&otpcode=%5BREDACTED/,
    );
  });
});

describe('exact names ignore case and separators', () => {
  it('accessToken, Access-Token and addressLine1 match access_token and address_line1', () => {
    const text = JSON.stringify({
      accessToken: 'abc123def456',
      'Access-Token': 'zzz999yyy888',
      addressLine1: '221B Baker Street',
    });
    const out = JSON.parse(
      run(har([entry({ content: { mimeType: 'application/json', text } })])).log.entries[0].response.content
        .text!,
    );
    expect(Object.values(out).every((v) => String(v).startsWith('[REDACTED'))).toBe(true);
  });
});
