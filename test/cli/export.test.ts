import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { buildCli, cliPath, repoRoot, runCli, secretFixture } from './cli-harness';
import { harSchemaErrors } from './har-schema';

beforeAll(() => buildCli());

const dir = tempDir('har-export-');
const keyTxt = join(dir, 'key.txt');
execFileSync('age-keygen', ['-o', keyTxt], { stdio: 'pipe' });
const recipient = execFileSync('age-keygen', ['-y', keyTxt]).toString().trim();
const placeholderKey = join(dir, 'k');
writeFileSync(placeholderKey, randomBytes(32).toString('hex'));

const undated = (s: string) => s.replace(/"redactedAt": "[^"]*"/, '');
const sha256sum = (f: string) => execFileSync('sha256sum', [f]).toString().split(' ')[0];
const ageDecrypt = (f: string) =>
  execFileSync('age', ['-d', '-i', keyTxt, f], { maxBuffer: 1 << 28 }).toString();

function fixture(name: string) {
  const f = secretFixture();
  const file = join(dir, name);
  writeFileSync(file, f.text);
  return { file, secrets: f.secrets };
}

/** A HAR big enough (9 MB) for the CLI to split it over threads. */
function bigFixture() {
  const f = secretFixture();
  const entry = f.har.log.entries[0];
  const body = JSON.stringify({ rows: Array.from({ length: 300 }, (_, i) => ({ i, note: 'x'.repeat(80) })) });
  (entry.response.content as { text?: string }).text = body;
  f.har.log.entries = Array.from({ length: 320 }, () => entry);
  const file = join(dir, 'big.har');
  writeFileSync(file, JSON.stringify(f.har, null, 2));
  return { file, secrets: f.secrets };
}

describe('redact --encrypt-to: age files Debian age decrypts', () => {
  it.each([
    ['one thread', false, ['--threads', '1']],
    ['two threads, armored', true, ['--threads', '2', '--armor']],
  ])('%s: decrypts to the unencrypted output, a valid HAR with no secret', (_n, big, extra) => {
    const { file, secrets } = big ? bigFixture() : fixture('in.har');
    const plain = join(dir, `plain-${extra.join('')}.har`);
    const sealed = join(dir, `sealed-${extra.join('')}.har.age`);
    const audit = join(dir, `audit-${extra.join('')}.jsonl`);
    expect(
      runCli(['redact', file, '-o', plain, '--key-file', placeholderKey, ...extra.slice(0, 2)]).status,
    ).toBe(0);
    const r = runCli([
      'redact',
      file,
      '-o',
      sealed,
      '--key-file',
      placeholderKey,
      '--encrypt-to',
      recipient,
      '--audit-log',
      audit,
      ...extra,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const raw = readFileSync(sealed);
    expect(raw.toString('latin1')).toMatch(
      extra.includes('--armor') ? /^-----BEGIN AGE ENCRYPTED FILE-----\n/ : /^age-encryption\.org\/v1\n/,
    );
    const text = ageDecrypt(sealed);
    expect(undated(text)).toBe(undated(readFileSync(plain, 'utf8')));
    expect(harSchemaErrors(JSON.parse(text))).toEqual([]);
    for (const s of secrets) expect(text).not.toContain(s);

    // One record, whose SHA-256 is the file's, naming no secret; a second run appends a second line.
    const lines = readFileSync(audit, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]);
    expect(rec).toMatchObject({
      via: 'cli',
      sha256: sha256sum(sealed),
      bytes: raw.length,
      recipients: [recipient],
      output: sealed.split('/').pop(),
      packs: [expect.objectContaining({ id: 'builtin' })],
    });
    expect(rec.entries).toBe(JSON.parse(text).log.entries.length);
    for (const s of secrets) expect(lines[0]).not.toContain(s);
  });

  it('writes no plaintext to any file, not even a temp file (every write recorded)', () => {
    for (const threads of ['1', '2']) {
      const { file } = threads === '1' ? fixture('np.har') : bigFixture();
      const log = join(dir, `writes-${threads}.json`);
      const out = join(dir, `np-${threads}.har.age`);
      const env = {
        WRITES_LOG: log,
        NODE_OPTIONS: `--import=${join(repoRoot, 'test/cli/fixtures/record-writes.mjs')}`,
      };
      const ok = runCli(['redact', file, '-o', out, '--encrypt-to', recipient, '--threads', threads], {
        env,
      });
      expect(ok.status, ok.stderr).toBe(0);
      const writes = JSON.parse(readFileSync(log, 'utf8')) as { bytes: number; plaintext: boolean }[];
      expect(writes.reduce((n, w) => n + w.bytes, 0)).toBe(readFileSync(out).length);
      expect(writes.filter((w) => w.plaintext)).toEqual([]);
      // The same probe sees the plaintext when nothing is encrypted: it can fail.
      const plainOut = join(dir, `np-${threads}.har`);
      expect(runCli(['redact', file, '-o', plainOut, '--threads', threads], { env }).status).toBe(0);
      expect(
        (JSON.parse(readFileSync(log, 'utf8')) as { plaintext: boolean }[]).some((w) => w.plaintext),
      ).toBe(true);
    }
  });

  it('to standard output: the age file, and nothing else', () => {
    const { file } = fixture('stdout.har');
    const r = runCli(['redact', file, '--encrypt-to', recipient, '--armor']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]*-----END AGE ENCRYPTED FILE-----\n$/,
    );
    const f = join(dir, 'stdout.age');
    writeFileSync(f, r.stdout);
    expect(JSON.parse(ageDecrypt(f)).log.entries).toHaveLength(2);
  });

  it('a recipients file in age -R format', () => {
    const { file } = fixture('rfile.har');
    const rf = join(dir, 'recipients.txt');
    writeFileSync(rf, `# support team\n${recipient}\n`);
    const out = join(dir, 'rfile.har.age');
    expect(runCli(['redact', file, '-o', out, '--recipients-file', rf]).status).toBe(0);
    expect(JSON.parse(ageDecrypt(out)).log.entries).toHaveLength(2);
  });

  it.each([
    [['--encrypt-to', 'age1nope'], /"age1nope" is not an age recipient/],
    [['--encrypt-to', recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q')], /checksum mismatch/],
    [['--encrypt-to', 'AGE-SECRET-KEY-1' + 'Q'.repeat(58)], /secret key, not a recipient/],
    [['--armor'], /--armor needs --encrypt-to/],
    [['--upload', 'http://example.test/x'], /use HTTPS/],
  ])('refuses %j in one line, exit 2, writing nothing', (args, why) => {
    const { file } = fixture('bad.har');
    const sub = mkdtempSync(join(dir, 'bad-'));
    const r = runCli([
      'redact',
      file,
      '-o',
      join(sub, 'out.age'),
      '--audit-log',
      join(sub, 'a.jsonl'),
      ...args,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(sub)).toEqual([]);
  });
});

describe('redact --upload', () => {
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(status).end();
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** spawnSync would block the server in this process: run the CLI asynchronously. */
  const runAsync = (args: string[]) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => resolve({ status: code, stderr }));
    });

  it('PUTs the file written, byte for byte, with no cookie; the record has the URL without its query', async () => {
    const { file } = fixture('up.har');
    const out = join(dir, 'up.har.age');
    const audit = join(dir, 'up.jsonl');
    received.length = 0;
    const url = `${base}/bucket/case-1234/up.har.age?X-Amz-Signature=fakesig0123&X-Amz-Credential=fakecred`;
    const r = await runAsync([
      'redact',
      file,
      '-o',
      out,
      '--encrypt-to',
      recipient,
      '--audit-log',
      audit,
      '--upload',
      url,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('PUT');
    expect(received[0].url).toBe(new URL(url).pathname + new URL(url).search);
    expect(received[0].headers.cookie).toBeUndefined();
    expect(received[0].headers.authorization).toBeUndefined();
    expect(received[0].body.equals(readFileSync(out))).toBe(true);
    const rec = JSON.parse(readFileSync(audit, 'utf8'));
    expect(rec.upload).toEqual({ url: `${base}/bucket/case-1234/up.har.age`, status: 200 });
    expect(readFileSync(audit, 'utf8')).not.toMatch(/fakesig|fakecred/);
  });

  it('without -o: uploads only; a refused upload is exit 2 with the URL and no query', async () => {
    const { file } = fixture('up2.har');
    received.length = 0;
    status = 403;
    const r = await runAsync([
      'redact',
      file,
      '--encrypt-to',
      recipient,
      '--upload',
      `${base}/x?sig=fakesig999`,
    ]);
    status = 200;
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`har-redact: upload to ${base}/x failed: HTTP 403 Forbidden\n`);
    expect(received).toHaveLength(1);
    const f = join(dir, 'up2.age');
    writeFileSync(f, received[0].body);
    expect(JSON.parse(ageDecrypt(f)).log.entries).toHaveLength(2);
  });
});
