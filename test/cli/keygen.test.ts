// Issue 17.8: placeholder keys made 0600 by the tool; short keys refused.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../src/cli/pipeline';
import { runMain } from '../../src/cli/run';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keygen-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const host: Host = {
    stdin: Readable.from([]),
    stdout: async (s) => void out.push(String(s)),
    stderr: (s) => void err.push(s),
  };
  const code = await runMain(argv, host);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const har = () => {
  const file = path.join(dir, `in-${randomBytes(4).toString('hex')}.har`);
  fs.writeFileSync(
    file,
    JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } }),
  );
  return file;
};

describe('har-redact keygen', () => {
  it('creates a 64-hex-character key with mode 0600 even under a permissive umask', async () => {
    const key = path.join(dir, 'k1');
    const old = process.umask(0o000);
    try {
      const r = await cli('keygen', '-o', key);
      expect(r.code).toBe(0);
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(key, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await cli('scan', har(), '--key-file', key)).code).toBe(0);
  });

  it('never overwrites a file nor writes through a symlink', async () => {
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'keep me');
    const link = path.join(dir, 'link');
    fs.symlinkSync(victim, link);
    for (const target of [victim, link]) {
      const r = await cli('keygen', '-o', target);
      expect(r).toMatchObject({
        code: 2,
        stderr: `har-redact: ${target} already exists; not overwriting a key\n`,
      });
    }
    const dangling = path.join(dir, 'dangling');
    fs.symlinkSync(path.join(dir, 'nowhere'), dangling);
    expect((await cli('keygen', '-o', dangling)).code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('needs -o FILE', async () => {
    expect((await cli('keygen')).stderr).toBe('har-redact: keygen needs -o FILE (where to create the key)\n');
  });
});

describe('--key-file refuses keys shorter than 32 bytes', () => {
  it.each([
    ['16 raw bytes', randomBytes(16)],
    ['31 raw bytes', randomBytes(31)],
    ['32 hex characters (16 bytes)', Buffer.from(randomBytes(16).toString('hex'))],
  ])('%s', async (_name, bytes) => {
    const key = path.join(dir, `short-${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(key, bytes);
    const r = await cli('scan', har(), '--key-file', key);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too short \(at least 32 bytes, or 64 hex characters/);
  });

  it('accepts 32 raw bytes', async () => {
    const key = path.join(dir, 'raw32');
    // No byte is whitespace, so trimming cannot shorten it.
    fs.writeFileSync(key, Buffer.from(Array.from({ length: 32 }, (_, i) => 0x41 + i)));
    expect((await cli('scan', har(), '--key-file', key)).code).toBe(0);
  });
});
