// Places a leak probe found secrets kept in (twenty-fourth session): each case failed before its
// fix, and each has a neighbour that must stay as it was.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { pick, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(7) });
const posted = (text: string, mimeType: string) =>
  run(har([entry({ method: 'POST', url: 'https://app.example.test/app/rpc', postData: { mimeType, text } })]))
    .har.log.entries[0].request.postData!.text!;

const rng = seeded(2024);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A password-like value: letters of both cases, digits and a sign. */
const password = () => `${pick(rng, ALNUM, 6)}${pick(rng, '0123456789', 3)}#${pick(rng, ALNUM, 5)}`;

/** A GWT-RPC request: its string table, then the call's places in it and its values. */
const gwt = (table: string[], call: (string | number)[]) =>
  `7|0|${table.length}|${table.join('|')}|${call.join('|')}|`;
const GWT_BASE = ['https://app.example.test/app/', '29F4EA1240F157649C12466F01F46F60'];
const STRING = 'java.lang.String/2004016611';

describe('GWT-RPC calls, by the method', () => {
  it("replaces a sign-in's password and keeps its user's name and the call's layout", () => {
    const pw = password();
    const table = [...GWT_BASE, 'com.acme.client.LoginService', 'login', STRING, 'alice', pw];
    const out = posted(gwt(table, [1, 2, 3, 4, 2, 5, 5, 6, 7]), 'text/x-gwt-rpc; charset=utf-8');
    expect(out).not.toContain(pw);
    const tokens = out.split('|');
    expect(tokens.length).toBe(gwt(table, [1, 2, 3, 4, 2, 5, 5, 6, 7]).split('|').length);
    expect(tokens[8]).toBe('alice');
    expect(tokens[9]).toMatch(/^\[REDACTED field:password #[0-9a-f]{8}\]$/);
    expect(tokens.slice(10).join('|')).toBe('1|2|3|4|2|5|5|6|7|');
  });

  it('reads escapes in the table and writes the placeholder back in its place', () => {
    const pw = `${password()}|x\\y`;
    const escaped = pw.replace(/\\/g, '\\\\').replace(/\|/g, '\\!');
    const table = [...GWT_BASE, 'com.acme.client.AuthService', 'authenticate', STRING, 'I', 'bob', escaped];
    const out = posted(gwt(table, [1, 2, 3, 4, 3, 5, 5, 6, 7, 8, 12]), 'text/x-gwt-rpc');
    expect(out).not.toContain(escaped);
    expect(out).not.toContain(pw.split('|')[0]);
    expect(out).toContain('|bob|[REDACTED field:password #');
    expect(out.endsWith('|1|2|3|4|3|5|5|6|7|8|12|')).toBe(true);
  });

  it('leaves calls that are no sign-in, or pass an object, as they were', () => {
    const greet = gwt(
      [...GWT_BASE, 'com.acme.client.GreetingService', 'greetServer', STRING, 'Hello, GWT User!'],
      [1, 2, 3, 4, 1, 5, 6],
    );
    expect(posted(greet, 'text/x-gwt-rpc')).toBe(greet);
    // An object parameter is written by its class's serializer: not read by position.
    const object = gwt(
      [
        ...GWT_BASE,
        'com.acme.client.LoginService',
        'login',
        'com.acme.shared.Credentials/123456',
        'carol',
        'S3cretWord',
      ],
      [1, 2, 3, 4, 1, 5, 5, 6, 7],
    );
    expect(posted(object, 'text/x-gwt-rpc')).toBe(object);
  });
});

describe("a password's change or reset, by the method", () => {
  it('replaces the old and new passwords and a reset token, keeps the user and a setting', () => {
    const [old, neu] = [password(), password()];
    const token = pick(rng, '0123456789abcdef', 32);
    const calls = [
      { jsonrpc: '2.0', id: 1, method: 'user.changePassword', params: ['alice', old, neu] },
      { jsonrpc: '2.0', id: 2, method: 'account.reset_password', params: [token, neu] },
      { jsonrpc: '2.0', id: 3, method: 'setPasswordPolicy', params: ['strict'] },
    ];
    const out = posted(JSON.stringify(calls), 'application/json');
    for (const s of [old, neu, token]) expect(out).not.toContain(s);
    const parsed = JSON.parse(out) as { params: string[] }[];
    expect(parsed[0].params[0]).toBe('alice');
    expect(parsed[2].params).toEqual(['strict']);
  });
});
