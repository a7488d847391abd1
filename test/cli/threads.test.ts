import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Entry, Har } from 'har-format';
import { builtinPack, mergeRules, redactHar, serializeHar } from '../../src/index';
import { buildCli, repoRoot, runCli, secretFixture } from './cli-harness';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);

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
    const dir = tempDir('har-threads-');
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
    // And from standard input (spilled to a private temp file, read twice).
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

  it('--keep streams too: the value kept, the rest gone, the same HAR as the whole-file path', () => {
    const dir = tempDir('har-threads-keep-');
    const { har, secrets } = secretFixture();
    const [bearer, session] = secrets;
    const entries = Array.from({ length: 9 }, () => structuredClone(har.log.entries)).flat();
    const input = join(dir, 'in.har');
    const whole = { log: { ...har.log, entries } };
    writeFileSync(input, JSON.stringify(whole, null, 2));
    const key = keyFile(dir);
    const findings = JSON.parse(runCli(['scan', input, '--json', '--key-file', key]).stdout).findings as {
      tag: string;
      label: string;
    }[];
    const cookie = findings.find((f) => f.label.startsWith('cookie:'))!;
    const raw = [1, 2, 4].map((t) => {
      const out = join(dir, `keep-${t}.har`);
      const r = runCli([
        'redact',
        input,
        '-o',
        out,
        '--key-file',
        key,
        '--keep',
        cookie.tag,
        '--threads',
        String(t),
      ]);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8');
    });
    const outs = raw.map(undated);
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    expect(outs[0]).toContain(session);
    expect(outs[0]).not.toContain(bearer);
    // What redactHar writes for the same key and choice (the path a file is read whole by).
    const parsed = JSON.parse(raw[0]) as { log: { _redaction: { tool: unknown; redactedAt: string } } };
    const { har: expected } = redactHar(structuredClone(whole) as Har, rules, {
      key: Uint8Array.from(Buffer.from(readFileSync(key, 'utf8').trim(), 'hex')),
      keepTags: [cookie.tag],
      tool: parsed.log._redaction.tool as { name: string; version: string },
      now: parsed.log._redaction.redactedAt,
    });
    expect(outs[0]).toBe(undated(serializeHar(expected)));
  });

  it('the same with fields after the entries, indented as entries are', () => {
    const dir = tempDir('har-threads-');
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
      const dir = tempDir('har-threads-');
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

  it.each([['find'], ['adopt'], ['rewrite']])(
    'a worker that fails at %s: one "internal error" line, exit 3, nothing written',
    (step) => {
      const dir = tempDir('har-threads-');
      const { har } = secretFixture();
      const input = join(dir, 'in.har');
      writeFileSync(input, JSON.stringify(har, null, 2));
      const env = { HAR_REDACT_TEST_FAIL_WORKER: step };
      const r = runCli(['redact', input, '-o', join(dir, 'out.har'), '--threads', '2'], { env });
      expect(r.status).toBe(3);
      expect(r.stderr).toBe('har-redact: internal error: test: worker failure\n');
      expect(readdirSync(dir)).toEqual(['in.har']);
    },
  );

  it('redacts again in this thread when a worker runs out of memory, with the same output', () => {
    const dir = tempDir('har-oom-');
    const { har, secrets } = secretFixture();
    // 8 MB of binary with a generated token in it: more than a 16 MB worker heap takes.
    const token =
      'ghp_' +
      randomBytes(27)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, 'x')
        .slice(0, 36);
    const bytes = randomBytes(8 * 1024 * 1024);
    Buffer.from(` token=${token} `).copy(bytes, 4096);
    const big = structuredClone(har.log.entries[0]) as Entry;
    big.response.content = {
      size: bytes.length,
      mimeType: 'application/octet-stream',
      encoding: 'base64',
      text: bytes.toString('base64'),
    };
    const input = join(dir, 'in.har');
    writeFileSync(input, JSON.stringify({ log: { ...har.log, entries: [...har.log.entries, big] } }));
    const key = keyFile(dir);
    const run = (out: string, env: Record<string, string> = {}) =>
      runCli(['redact', input, '-o', join(dir, out), '--key-file', key, '--threads', '2'], { env });
    const free = run('free.har');
    const capped = run('capped.har', { HAR_REDACT_TEST_WORKER_HEAP_MB: '16' });
    expect(free.status, free.stderr).toBe(0);
    expect(free.stderr).not.toContain('out of memory');
    expect(capped.status, capped.stderr).toBe(0);
    expect(capped.stderr).toContain('a worker thread ran out of memory; redacting again in one thread');
    const out = readFileSync(join(dir, 'capped.har'), 'utf8');
    expect(undated(out)).toBe(undated(readFileSync(join(dir, 'free.har'), 'utf8')));
    for (const s of [...secrets, token]) expect(out).not.toContain(s);
    const body = (JSON.parse(out) as Har).log.entries[har.log.entries.length].response.content.text ?? '';
    expect(Buffer.from(body, 'base64').toString('latin1')).not.toContain(token);
  });

  it('spills standard input to a temp file that is never left in the directory', () => {
    const dir = tempDir('har-spill-');
    const { har, secrets } = secretFixture();
    const r = runCli(['redact', '-'], { input: JSON.stringify(har), env: { TMPDIR: dir } });
    expect(r.status, r.stderr).toBe(0);
    for (const s of secrets) expect(r.stdout).not.toContain(s);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([['0'], ['17'], ['two'], ['1.5']])('refuses --threads %s in one line', (n) => {
    const r = runCli(['redact', join(repoRoot, 'test/fixtures/sample/sample.har'), '--threads', n]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^har-redact: option --threads needs a number from 1 to 16/);
  });
});

const corpus = resolve(repoRoot, '../shared/eval/corpus-dev.tar.gz');
describe.skipIf(!existsSync(corpus))('--threads on recorded HARs', () => {
  it('every dev-corpus HAR comes out the same with one thread or four', () => {
    const dir = tempDir('har-threads-corpus-');
    execFileSync('tar', ['xzf', corpus, '-C', dir]);
    const src = join(dir, 'corpus-dev');
    for (const f of readdirSync(src).filter((n) => n.endsWith('.har'))) {
      expectSameWithAnyThreads(join(src, f), mkdtempSync(join(dir, 'run-')));
    }
    // Four CLI runs a file, each starting its worker threads: slow on a busy machine.
  }, 240_000);
});
