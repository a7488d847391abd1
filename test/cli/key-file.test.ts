import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildCli, runCli, secretFixture } from './cli-harness';

beforeAll(() => buildCli());

describe('--key-file: stable tags across runs, so --keep can name a finding', () => {
  it('scan --json shows tags; redact --keep keeps exactly that value; tags repeat from run to run', () => {
    const dir = tempDir('har-key-');
    const { har, secrets } = secretFixture();
    const [bearer, session] = secrets;
    const input = join(dir, 'in.har');
    const key = join(dir, 'k');
    writeFileSync(input, JSON.stringify(har));
    writeFileSync(key, randomBytes(32).toString('hex'));

    const scan = runCli(['scan', input, '--json', '--key-file', key]);
    expect(scan.status).toBe(1);
    const findings = JSON.parse(scan.stdout).findings as { tag: string; label: string }[];
    const cookie = findings.find((f) => f.label.startsWith('cookie:'))!;
    expect(cookie.tag).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.parse(runCli(['scan', input, '--json', '--key-file', key]).stdout).findings).toEqual(
      findings,
    );

    const out = join(dir, 'out.har');
    const r = runCli(['redact', input, '-o', out, '--key-file', key, '--keep', cookie.tag]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(session);
    expect(text).not.toContain(bearer);
    expect(text).toContain(`#${findings.find((f) => f.label.startsWith('header:'))!.tag}]`);
  });

  it('--keep without --key-file is refused in one line; a short key file too', () => {
    const dir = tempDir('har-key-');
    const input = join(dir, 'in.har');
    writeFileSync(input, JSON.stringify(secretFixture().har));
    const a = runCli(['redact', input, '--keep', 'abcd1234']);
    expect(a.status).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(a.stderr).toMatch(/--keep needs --key-file/);
    writeFileSync(join(dir, 'short'), 'abc');
    const b = runCli(['scan', input, '--key-file', join(dir, 'short')]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/too short/);
  });
});
