import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../src/cli/rules-command';
import { builtinPack, type RulePack } from '../../src/index';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const p = (name: string) => path.join(dir, name);
const write = (name: string, data: unknown) => {
  fs.writeFileSync(p(name), typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return p(name);
};

async function rules(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRulesCommand(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const alnum = (n: number) =>
  Array.from(
    randomBytes(n),
    (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62],
  ).join('');

const teamPack: RulePack = {
  schemaVersion: 1,
  id: 'acme-support',
  version: '2026.11.1',
  rules: [
    {
      id: 'acme.tenant-header',
      target: 'header',
      names: ['X-Acme-Tenant-Key'],
      action: 'redact',
      label: 'acme-tenant',
    },
    {
      id: 'acme.api-key',
      target: 'value',
      pattern: 'acme-sk-[0-9A-Za-z]{32}',
      action: 'redact',
      label: 'acme-api-key',
    },
    { id: 'acme.unused', target: 'field', names: ['nothing-has-this-name'], action: 'redact' },
  ],
};

describe('rules validate', () => {
  it('accepts a valid pack', async () => {
    const r = await rules('validate', write('ok.json', teamPack));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/valid rule pack acme-support 2026\.11\.1 \(3 rules\)/);
  });

  it('prints every error with its path and exits 2', async () => {
    const bad = {
      ...teamPack,
      rules: [
        ...teamPack.rules,
        { id: 'acme.tenant-header', target: 'headers', names: ['x'], action: 'redact' },
      ],
    };
    const file = write('bad.json', bad);
    const r = await rules('validate', file);
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')).toEqual([
      `${file}: rules[3].id: duplicate id "acme.tenant-header" (first used by rules[0])`,
      `${file}: rules[3].target: expected one of header, cookie, query, field, name, value`,
    ]);
    expect(r.stderr).toBe(`har-redact: invalid rule pack ${file} (2 errors)`);
  });

  it('checks detector ids against the engine', async () => {
    const pack = {
      ...teamPack,
      rules: [{ id: 'v', target: 'value', detector: 'no-such-detector', action: 'redact' }],
    };
    const file = write('det.json', pack);
    const r = await rules('validate', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${file}: rules[0].detector: unknown detector "no-such-detector"`);
    const known = { ...teamPack, rules: [{ id: 'v', target: 'value', detector: 'jwt', action: 'redact' }] };
    expect((await rules('validate', write('det-ok.json', known))).code).toBe(0);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,', /\(root\): not valid JSON/],
    ['with a BOM', '\ufeff' + JSON.stringify(teamPack), /valid rule pack/],
  ])('reads a file %s', async (_name, text, expected) => {
    const r = await rules('validate', write('t.json', text));
    expect(r.stdout).toMatch(expected);
  });

  it.each([
    [['validate'], /rules validate needs PACK/],
    [['validate', 'a', 'b'], /rules validate needs PACK only/],
    [['validate', '/no/such/pack.json'], /cannot read rule pack \/no\/such\/pack\.json: no such file/],
    [['frobnicate'], /unknown rules command "frobnicate"/],
    [['sign', 'x.json', '--bogus'], /unknown option "--bogus"/],
  ])('refuses %j with one line on stderr', async (args, message) => {
    const r = await rules(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^har-redact: /);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('prints help', async () => {
    expect(await rules('--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/keygen \[--alg/) });
    expect((await rules()).code).toBe(2);
  });
});

describe('rules keygen, sign, verify', () => {
  it.each(['ed25519', 'p256'])('round-trips with --alg %s (embedded and detached)', async (alg) => {
    const prefix = p(`key-${alg}`);
    const gen = await rules('keygen', '--alg', alg, '--out', prefix);
    expect(gen.code).toBe(0);
    const keyId = /key id: ([0-9a-f]{16})/.exec(gen.stdout)?.[1];
    expect(keyId).toBeDefined();
    expect(fs.statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(`${prefix}.pub`, 'utf8')).toMatch(/^[A-Za-z0-9+/=]+\n$/);

    const pack = write(`pack-${alg}.json`, teamPack);
    const signedFile = p(`signed-${alg}.json`);
    const sign = await rules('sign', pack, '--key', `${prefix}.key`, '-o', signedFile);
    expect(sign).toMatchObject({ code: 0, stdout: `${signedFile}: signed by key ${keyId}` });
    const signed = JSON.parse(fs.readFileSync(signedFile, 'utf8')) as RulePack;
    expect(signed.signature?.keyId).toBe(keyId);
    expect(signed.rules).toEqual(teamPack.rules);

    const ok = await rules('verify', signedFile, '--pub', `${prefix}.pub`);
    expect(ok).toMatchObject({ code: 0, stdout: `${signedFile}: signature ok (key ${keyId})` });
    // The signed pack still validates (signature is part of the format).
    expect((await rules('validate', signedFile)).stdout).toMatch(`signed by key ${keyId}`);

    const detached = await rules('sign', pack, '--key', `${prefix}.key`, '--detached');
    expect(detached.code).toBe(0);
    const sigFile = write(`pack-${alg}.sig`, detached.stdout);
    expect(JSON.parse(detached.stdout)).toMatchObject({ keyId, value: expect.any(String) });
    expect((await rules('verify', pack, '--pub', `${prefix}.pub`, '--sig', sigFile)).code).toBe(0);
  });

  it('rejects a tampered pack, an untrusted key and an unsigned pack; accepts a rotated key', async () => {
    await rules('keygen', '--out', p('old'));
    await rules('keygen', '--out', p('new'));
    const signedFile = p('rot.json');
    await rules('sign', write('rot-src.json', teamPack), '--key', p('new.key'), '-o', signedFile);

    const both = await rules('verify', signedFile, '--pub', p('old.pub'), '--pub', p('new.pub'));
    expect(both.code).toBe(0);

    const untrusted = await rules('verify', signedFile, '--pub', p('old.pub'));
    expect(untrusted.code).toBe(2);
    expect(untrusted.stderr).toMatch(/^har-redact: .*which is not trusted/);

    const tampered = JSON.parse(fs.readFileSync(signedFile, 'utf8')) as RulePack;
    tampered.rules[0].action = 'keep';
    const t = await rules('verify', write('tampered.json', tampered), '--pub', p('new.pub'));
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/does not match/);

    const unsigned = await rules('verify', write('unsigned.json', teamPack), '--pub', p('new.pub'));
    expect(unsigned).toMatchObject({ code: 2, stderr: expect.stringMatching(/not signed/) });
  });

  it('refuses to overwrite a key, to sign an invalid pack, or to sign without --key', async () => {
    await rules('keygen', '--out', p('once'));
    const again = await rules('keygen', '--out', p('once'));
    expect(again).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists/) });

    const invalid = await rules(
      'sign',
      write('inv.json', { ...teamPack, version: '' }),
      '--key',
      p('once.key'),
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toMatch(/version: expected a non-empty string/);

    expect((await rules('sign', write('v.json', teamPack))).stderr).toMatch(/needs --key/);
    const wrongKey = await rules('sign', p('v.json'), '--key', p('once.pub'));
    expect(wrongKey).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot sign with/) });
    expect((await rules('keygen', '--alg', 'rsa')).stderr).toMatch(/expected ed25519 or p256/);
  });

  it('names the key files after the key id by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await rules('keygen');
      const keyId = /key id: ([0-9a-f]{16})/.exec(r.stdout)?.[1];
      expect(fs.existsSync(p(`har-redact-${keyId}.key`))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('rules test', () => {
  it("lists only the pack's findings: rule ids, labels, locations, counts, never values", async () => {
    const tenant = `tenant-${alnum(24)}`;
    const apiKey = `acme-sk-${alnum(32)}`;
    const bearer = `fake-bearer-${alnum(30)}`;
    const entry = {
      startedDateTime: '2026-01-02T03:04:05.000Z',
      time: 1,
      request: {
        method: 'POST',
        url: 'https://api.acme.example/v1/items',
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'X-Acme-Tenant-Key', value: tenant },
          { name: 'Authorization', value: `Bearer ${bearer}` },
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: -1,
        postData: { mimeType: 'application/json', text: JSON.stringify({ note: `use ${apiKey}` }) },
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [],
        cookies: [],
        content: { size: 2, mimeType: 'application/json', text: '{}' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    const har = { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry] } };
    const r = await rules('test', write('test-pack.json', teamPack), write('sample.har', har));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^acme-support 2026\.11\.1: 2 of 3 rules matched in .*sample\.har \(1 entry\)/);
    expect(r.stdout).toMatch(/^acme\.tenant-header \(acme-tenant\): 1 value, \d+ replacements?$/m);
    expect(r.stdout).toMatch(/^acme\.api-key \(acme-api-key\): 1 value/m);
    expect(r.stdout).toMatch(/^ {2}entry 0 request\.headers\[x-acme-tenant-key\]/im);
    expect(r.stdout).toMatch(/^matched nothing: acme\.unused$/m);
    for (const secret of [tenant, apiKey, bearer]) expect(r.stdout).not.toContain(secret);
    // The built-in Authorization finding is not this pack's.
    expect(r.stdout).not.toMatch(/authorization/i);
  });

  // Only meaningful while the built-in pack locks some rule.
  const locked = builtinPack.rules.find((rule) => rule.locked);
  it.skipIf(!locked)('says which of its rules a locked built-in rule overrides', async () => {
    if (!locked) return;
    const pack = { ...teamPack, rules: [{ ...locked, action: 'keep' }] };
    const har = { log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } };
    const r = await rules('test', write('lock-pack.json', pack), write('empty.har', har));
    expect(r.stdout).toContain(`${locked.id}: ignored, the builtin rule with this id is locked`);
  });

  it('refuses a HAR it cannot read', async () => {
    const r = await rules('test', write('tp.json', teamPack), write('broken.har', '{"log": '));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^har-redact: /);
  });
});
