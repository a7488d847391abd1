import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildCli, repoRoot, runCli, secretFixture } from './cli-harness';

beforeAll(() => buildCli());

/** The output without its run date: the only thing two runs under one key may differ in. */
const undated = (s: string) => s.replace(/"redactedAt": "[^"]*"/, '');

function keyFile(dir: string): string {
  const k = join(dir, 'k');
  writeFileSync(k, randomBytes(32).toString('hex'));
  return k;
}

/** Redacts `input` with 1 to 4 threads under one key: every output and report must be the same. */
function expectSameWithAnyThreads(input: string, dir: string) {
  const key = keyFile(dir);
  const outs: string[] = [];
  const reports: string[] = [];
  for (const t of [1, 2, 3, 4]) {
    const out = join(dir, `out-${t}.har`);
    const rep = join(dir, `rep-${t}.json`);
    const r = runCli([
      'redact',
      input,
      '-o',
      out,
      '--report',
      rep,
      '--key-file',
      key,
      '--threads',
      String(t),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    outs.push(undated(readFileSync(out, 'utf8')));
    reports.push(readFileSync(rep, 'utf8'));
  }
  for (let i = 1; i < outs.length; i++) {
    expect(outs[i]).toBe(outs[0]);
    expect(reports[i]).toBe(reports[0]);
  }
  return outs[0];
}

describe('--threads', () => {
  it('gives the same HAR and report with any number of threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'har-threads-'));
    const { har, secrets } = secretFixture();
    // Many entries, the fixture's secrets recurring in all of them.
    const entries = Array.from({ length: 9 }, () => structuredClone(har.log.entries)).flat();
    const input = join(dir, 'in.har');
    writeFileSync(input, JSON.stringify({ log: { ...har.log, entries } }, null, 1));
    const out = expectSameWithAnyThreads(input, dir);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(JSON.parse(readFileSync(join(dir, 'out-4.har'), 'utf8')).log.entries.length).toBe(entries.length);
    // Same output to standard output.
    const piped = runCli(['redact', input, '--threads', '3', '--key-file', join(dir, 'k')]);
    expect(undated(piped.stdout)).toBe(out);
    // And from standard input (each worker gets a copy of its range, and writes its output there).
    const fromStdin = runCli(['redact', '-', '--threads', '3', '--key-file', join(dir, 'k')], {
      input: readFileSync(input),
    });
    expect(undated(fromStdin.stdout)).toBe(out);
    // scan lists the same findings.
    const a = runCli(['scan', input, '--json', '--key-file', join(dir, 'k'), '--threads', '1']);
    const b = runCli(['scan', input, '--json', '--key-file', join(dir, 'k'), '--threads', '3']);
    expect(b.status).toBe(1);
    expect(b.stdout).toBe(a.stdout);
  });

  it.each([['main'], ['worker'], ['race']])(
    'the same whichever thread takes the pool of middle ranges (pool to: %s)',
    (side) => {
      const dir = mkdtempSync(join(tmpdir(), 'har-threads-'));
      const { har, secrets } = secretFixture();
      // Enough entries for a pool of small ranges; the fixture's secrets recur in all of them.
      const entries = Array.from({ length: 30 }, () => structuredClone(har.log.entries)).flat();
      const input = join(dir, 'in.har');
      writeFileSync(input, JSON.stringify({ log: { ...har.log, entries } }, null, 2));
      const key = keyFile(dir);
      const run = (threads: string, env: Record<string, string> = {}) => {
        const out = join(dir, `out-${threads}-${side}.har`);
        const rep = join(dir, `rep-${threads}-${side}.json`);
        const r = runCli(
          ['redact', input, '-o', out, '--report', rep, '--key-file', key, '--threads', threads],
          { env },
        );
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).not.toContain('warning');
        return { har: undated(readFileSync(out, 'utf8')), report: readFileSync(rep, 'utf8') };
      };
      const one = run('1');
      const two = run('2', { HAR_REDACT_TEST_POOL: side });
      expect(two.har).toBe(one.har);
      expect(two.report).toBe(one.report);
      for (const s of secrets) expect(two.har).not.toContain(s);
    },
  );

  it('the same when a guessed cut lands outside the entries (the HAR is then laid out first)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'har-threads-'));
    const { har, secrets } = secretFixture();
    const entries = Array.from({ length: 4 }, () => structuredClone(har.log.entries)).flat();
    // After the entries, more bytes than they hold, in objects indented as entries are.
    const size = JSON.stringify(entries).length;
    const after = Array.from({ length: 40 }, (_, i) => ({ i, pad: 'p'.repeat(Math.ceil(size / 30)) }));
    const input = join(dir, 'in.har');
    writeFileSync(input, JSON.stringify({ log: { ...har.log, entries, _after: after } }, null, 2));
    const out = expectSameWithAnyThreads(input, dir);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(JSON.parse(readFileSync(join(dir, 'out-2.har'), 'utf8')).log._after).toEqual(after);
  });

  it.each([
    ['on one line', undefined],
    ['one entry a line', 2],
  ])(
    "a broken entry in another thread's range is refused as with one thread, nothing written (%s)",
    (_, indent) => {
      const dir = mkdtempSync(join(tmpdir(), 'har-threads-'));
      const { har } = secretFixture();
      const entries = Array.from({ length: 8 }, () => structuredClone(har.log.entries[0]));
      (entries[7] as unknown as Record<string, unknown>).request = 'not an object';
      const input = join(dir, 'in.har');
      writeFileSync(input, JSON.stringify({ log: { ...har.log, entries } }, null, indent));
      const one = runCli(['redact', input, '-o', join(dir, 'o1.har'), '--threads', '1']);
      const four = runCli(['redact', input, '-o', join(dir, 'o4.har'), '--threads', '4']);
      expect(one.status).toBe(2);
      expect(four.status).toBe(2);
      expect(four.stderr).toBe(one.stderr);
      expect(four.stderr.trim().split('\n')).toHaveLength(1);
      expect(four.stderr).toContain('log.entries[7]');
      expect(readdirSync(dir).sort()).toEqual(['in.har']);
      // From standard input too (the text cannot be read again there).
      const stdin = runCli(['redact', '-', '--threads', '4'], { input: readFileSync(input) });
      expect(stdin.status).toBe(2);
      expect(stdin.stderr).toBe(one.stderr.replace(input, 'stdin'));
    },
  );

  it.each([
    ['job', 'on one line', undefined],
    ['job', 'one entry a line', 2],
    ['merged', 'on one line', undefined],
    ['merged', 'one entry a line', 2],
  ])(
    'a worker that fails at its %s: a warning, then the same result from one thread (%s)',
    (step, _, indent) => {
      const dir = mkdtempSync(join(tmpdir(), 'har-threads-'));
      const { har, secrets } = secretFixture();
      const entries = Array.from({ length: 6 }, () => structuredClone(har.log.entries)).flat();
      const input = join(dir, 'in.har');
      writeFileSync(input, JSON.stringify({ log: { ...har.log, entries } }, null, indent));
      const key = keyFile(dir);
      const env = { HAR_REDACT_TEST_FAIL_WORKER: step };
      const r = runCli(['redact', input, '-o', join(dir, 'o2.har'), '--key-file', key, '--threads', '2'], {
        env,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        /^har-redact: warning: parallel redaction failed \(test: worker failure\); redacting in one thread$/m,
      );
      runCli(['redact', input, '-o', join(dir, 'o1.har'), '--key-file', key, '--threads', '1']);
      const two = readFileSync(join(dir, 'o2.har'), 'utf8');
      expect(undated(two)).toBe(undated(readFileSync(join(dir, 'o1.har'), 'utf8')));
      for (const s of secrets) expect(two).not.toContain(s);
    },
  );

  it.each([['0'], ['17'], ['two'], ['1.5']])('refuses --threads %s in one line', (n) => {
    const r = runCli(['redact', join(repoRoot, 'test/fixtures/sample/sample.har'), '--threads', n]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^har-redact: option --threads needs a number from 1 to 16/);
  });
});

const corpus = resolve(repoRoot, '../shared/eval/corpus-dev.tar.gz');
describe.skipIf(!existsSync(corpus))('--threads on recorded HARs', () => {
  it('every dev-corpus HAR comes out the same with one thread or four', () => {
    const dir = mkdtempSync(join(tmpdir(), 'har-threads-corpus-'));
    execFileSync('tar', ['xzf', corpus, '-C', dir]);
    const src = join(dir, 'corpus-dev');
    for (const f of readdirSync(src).filter((n) => n.endsWith('.har'))) {
      expectSameWithAnyThreads(join(src, f), mkdtempSync(join(dir, 'run-')));
    }
  });
});

describe('readFileShared', () => {
  it('reads a file whole into memory a worker can share, as readFileSync does', async () => {
    const { readFileShared } = await import('../../src/cli/files');
    const dir = mkdtempSync(join(tmpdir(), 'har-shared-'));
    for (const size of [0, 1, 65_537, 3 * 1024 * 1024 + 5]) {
      const file = join(dir, `f${size}`);
      const data = randomBytes(size);
      writeFileSync(file, data);
      const got = await readFileShared(file);
      expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.compare(got, data)).toBe(0);
    }
    await expect(readFileShared(join(dir, 'missing'))).rejects.toThrow(/cannot read input .*missing/);
  });
});
