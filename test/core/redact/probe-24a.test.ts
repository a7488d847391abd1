// Places a leak probe found secrets kept in (twenty-fourth session, helper A): each case failed
// before its fix, and each has a neighbour that must stay as it was.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { pick, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(7) });
const served = (text: string, mimeType = 'text/plain') =>
  run(har([entry({ content: { mimeType, text } })])).har.log.entries[0].response.content.text!;

const rng = seeded(2024);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A password-like value: letters of both cases, digits and a sign. */
const password = () => `${pick(rng, ALNUM, 6)}${pick(rng, '0123456789', 3)}-${pick(rng, ALNUM, 5)}`;
const hex = (n: number) => pick(rng, '0123456789abcdef', n);

describe('a password or a key passed by position to a call that says it takes one', () => {
  it("reads a sign-in call's password in a script", () => {
    const pw = password();
    const out = served(`doLogin('alice', '${pw}'); login('google');`, 'application/javascript');
    expect(out).not.toContain(pw);
    expect(out).toMatch(/^doLogin\('alice', '\[REDACTED [^']*\]'\); login\('google'\);$/);
  });

  it("keeps a sign-in call's words (a provider, a message)", () => {
    const js = `signIn('credentials', { redirect: false }); this.login("Log in", "Welcome back"); function login(user, pass) { return post(user, pass); }`;
    expect(served(js, 'application/javascript')).toBe(js);
  });

  it("reads a wallet's private key and recovery phrase, wrapped or not", () => {
    const key = `0x${hex(64)}`;
    const viem = `0x${hex(64)}`;
    const sol = pick(rng, '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz', 88);
    const phrase = 'test test test test test test test test test test test junk';
    const out = served(
      [
        `const w = new ethers.Wallet("${key}", provider);`,
        `const a = privateKeyToAccount('${viem}');`,
        `const kp = Keypair.fromSecretKey(bs58.decode('${sol}'));`,
        `const m = ethers.Wallet.fromPhrase('${phrase}');`,
      ].join('\n'),
      'application/javascript',
    );
    for (const s of [key, viem, sol, phrase]) expect(out).not.toContain(s);
    expect(out).toContain('new ethers.Wallet("[REDACTED field:private_key');
    expect(out).toContain('Keypair.fromSecretKey(bs58.decode(');
  });

  it('keeps 32 bytes in hex elsewhere (a hash, a topic) and a shop wallet', () => {
    const js = [
      `const tx = await provider.getTransaction('0x${hex(64)}');`,
      `const topic = '0x${hex(64)}';`,
      `const w = new Wallet('USD'); sign('0x${hex(64)}');`,
    ].join('\n');
    expect(served(js, 'application/javascript')).toBe(js);
  });
});

describe('attributes whose value is a script', () => {
  it("reads a javascript: link's and a handler's code, escaped as written", () => {
    const pw = password();
    const pw2 = `${password()}&x`;
    const escaped = pw2.replace('&', '&amp;');
    const out = served(
      `<a href="javascript:doLogin('alice','${pw}')">Quick login</a>` +
        `<button onclick="doLogin(&quot;bob&quot;,&quot;${escaped}&quot;); return false">Go</button>`,
      'text/html',
    );
    expect(out).not.toContain(pw);
    expect(out).not.toContain(escaped);
    expect(out).toMatch(
      /^<a href="javascript:doLogin\('alice','\[REDACTED [^']*\]'\)">Quick login<\/a><button onclick="doLogin\(&quot;bob&quot;,&quot;\[REDACTED [^&]*\]&quot;\); return false">Go<\/button>$/,
    );
  });

  it('keeps handlers and links that hold no credential', () => {
    const html = `<a href="javascript:void(0)" onclick="toggle(this, 'menu-open')">Menu</a><a href="/login" onmouseover="hint('Sign in')">Sign in</a>`;
    expect(served(html, 'text/html')).toBe(html);
  });
});

describe('base64 in a script', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

  it("reads atob()'s Basic credentials and a base64 literal's JSON", () => {
    const pw = password();
    const pw2 = password();
    const out = served(
      `var creds = atob("${b64(`svc-user:${pw}`)}").split(":");\nvar cfg = '${b64(JSON.stringify({ user: 'a', password: pw2 }))}';`,
      'application/javascript',
    );
    const [, creds, cfg] = /atob\("([^"]*)"\)[\s\S]*cfg = '([^']*)'/.exec(out)!;
    expect(Buffer.from(creds, 'base64').toString()).toMatch(/^svc-user:\[REDACTED [^\]]*\]$/);
    const config = JSON.parse(Buffer.from(cfg, 'base64').toString()) as { password: string };
    expect(config.password).toMatch(/^\[REDACTED /);
    expect(out).not.toContain(pw);
    expect(out).not.toContain(pw2);
  });

  it('keeps base64 that decodes to prose, and an id with a colon in JSON', () => {
    const js = `var msg = atob('${b64('Hello, world! This is fine.')}'); var id = atob('${b64('{"type":"User","id":"42"}')}');`;
    expect(served(js, 'application/javascript')).toBe(js);
  });
});

describe("Ably's API keys", () => {
  it('finds a key wherever it stands', () => {
    const key = `${pick(rng, ALNUM, 6)}.${pick(rng, ALNUM, 6)}:${pick(rng, `${ALNUM}-_`, 40)}a1B`;
    const out = served(
      `var realtime = new Ably.Realtime('${key}');\n// key ${key}`,
      'application/javascript',
    );
    expect(out).not.toContain(key);
    expect(out).toMatch(/^var realtime = new Ably\.Realtime\('\[REDACTED ably-api-key #[0-9a-f]+\]'\);/);
  });

  it('keeps dotted names with a colon that are no key', () => {
    const text = `abcdef.ghijkl:${'a'.repeat(43)} x.abcdef.ghijkl:Ab3${'a'.repeat(40)}`;
    expect(served(text)).toBe(text);
  });
});

describe("a session replay's input events", () => {
  it('removes the text an input event carries and keeps the rest of the event', () => {
    const pw = password();
    const events = [
      { type: 3, data: { source: 5, text: pw, isChecked: false, id: 42 }, timestamp: 1714557600000 },
      { type: 3, data: { source: 5, text: '********', isChecked: false, id: 43 }, timestamp: 1714557600001 },
      { type: 3, data: { source: 2, type: 1, id: 42, x: 10, y: 20 }, timestamp: 1714557600002 },
    ];
    const out = served(JSON.stringify(events), 'application/json');
    expect(out).not.toContain(pw);
    const read = JSON.parse(out) as typeof events;
    expect(read[0].data.text).toMatch(/^\[REDACTED /);
    expect(read[0].data).toMatchObject({ source: 5, isChecked: false, id: 42 });
    expect(read.slice(1)).toEqual(events.slice(1));
  });

  it("keeps a text under source 5 outside an rrweb event's data", () => {
    const json = JSON.stringify([
      { type: 2, data: { source: 5, text: 'Quarterly report' } },
      { data: { source: 5, text: 'Release notes for 4.2' } },
    ]);
    expect(served(json, 'application/json')).toBe(json);
  });
});

describe('configuration files: continued values and .pgpass', () => {
  it('reads a .properties value continued on the next lines, under its name', () => {
    const pw = password() + password();
    const out = served(`db.user=app\ndb.password=${pw.slice(0, 10)}\\\n    ${pw.slice(10)}\nnext.line=1\n`);
    expect(out).not.toContain(pw.slice(0, 10));
    expect(out).not.toContain(pw.slice(10));
    expect(out).toMatch(/^db\.user=app\ndb\.password=\[REDACTED [^\]]*\]\nnext\.line=1\n$/);
  });

  it('keeps a continued value no credential names, and an escaped backslash at a line end', () => {
    const text = `message = hello \\\n  world\npath = C:\\\\temp\\\\\nnext = 1\n`;
    expect(served(text)).toBe(text);
  });

  it("leaves a shell's next command after a value a blank parts from its backslash", () => {
    const token = hex(40);
    const out = served(`API_TOKEN=${token} \\\n  ./deploy.sh --prod\n`);
    expect(out).not.toContain(token);
    expect(out).toMatch(/ \\\n {2}\.\/deploy\.sh --prod\n$/);
  });

  it("reads a PostgreSQL password file's passwords", () => {
    const pw = password();
    const pw2 = password();
    const out = served(`# local\ndb.example.test:5432:*:app:${pw}\n*:*:*:postgres:${pw2}\n`);
    expect(out).not.toContain(pw);
    expect(out).not.toContain(pw2);
    expect(out).toMatch(
      /^# local\ndb\.example\.test:5432:\*:app:\[REDACTED [^\]]*\]\n\*:\*:\*:postgres:\[REDACTED /,
    );
  });

  it('keeps colon-separated lines that are no password file', () => {
    const text = `10:30:00:abc:def\nat com.example.Foo:42:run:main:Thread-1\ndb.example.test:5432:*:app:${password()}\n`;
    expect(served(text)).toBe(text);
  });
});
