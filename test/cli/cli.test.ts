import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { buildCli, cleanFixture, repoRoot, runCli, secretFixture, type CliRun } from './cli-harness';

const broken = path.join(repoRoot, 'test/fixtures/broken');
const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
let tmp: string;

beforeAll(() => {
  buildCli();
  tmp = tempDir('har-redact-cli-');
});

function write(name: string, data: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, data);
  return file;
}

/** Every refusal: exit 2, exactly one `har-redact: ` line on stderr, nothing on stdout, no stack. */
function expectRefusal(r: CliRun, message: string | RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^har-redact: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (typeof message === 'string') expect(r.stderr.trimEnd()).toBe(`har-redact: ${message}`);
  else expect(r.stderr.trimEnd()).toMatch(message);
  expect(r.status).toBe(2);
}

function tempLeftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('.tmp-'));
}

describe('har-redact: help and version', () => {
  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    expect(r).toEqual({ status: 0, stdout: `har-redact ${version}\n`, stderr: '' });
  });

  it.each([['--help'], ['-h'], ['redact', '--help']])('%s prints usage with exit codes', (...args) => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stdout).toContain('har-redact redact IN');
    expect(r.stdout).toMatch(/3 internal error/);
  });
});

describe('har-redact: usage errors', () => {
  const cases: [string, string[], string][] = [
    ['no command', [], 'no command given (try har-redact --help)'],
    ['unknown command', ['frobnicate'], 'unknown command "frobnicate" (expected redact, scan or rules)'],
    ['unknown top-level option', ['--verbose'], 'unknown option "--verbose" (see --help)'],
    ['redact without input', ['redact'], 'redact needs an input file (or - for standard input)'],
    ['scan without input', ['scan', '--json'], 'scan needs an input file (or - for standard input)'],
    ['two inputs', ['redact', 'a.har', 'b.har'], 'unexpected argument "b.har" (one input file only)'],
    ['unknown option', ['redact', 'a.har', '--bogus'], 'unknown option "--bogus" (see --help)'],
    ['unknown option with value', ['redact', 'a.har', '--bogus=1'], 'unknown option "--bogus" (see --help)'],
    ['unknown short option', ['redact', 'a.har', '-x'], 'unknown option "-x" (see --help)'],
    ['option without value', ['redact', 'a.har', '-o'], 'option --output needs a value'],
    ['flag with value', ['redact', 'a.har', '--force=yes'], 'option --force takes no value'],
    ['output twice', ['redact', 'a.har', '-o', 'x', '--output', 'y'], 'option --output given twice'],
    ['scan has no -o', ['scan', 'a.har', '-o', 'x'], 'unknown option "-o" (see --help)'],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    expectRefusal(runCli(args), message);
  });
});

describe('har-redact: unreadable input', () => {
  const cases: [string, string, string][] = [
    ['missing file', 'does-not-exist.har', 'cannot read input MISSING: no such file or directory'],
    ['directory', '.', 'cannot read input DIR: it is a directory'],
    ['empty file', 'empty.har', 'FILE: empty input'],
    ['whitespace only', 'whitespace.har', 'FILE: empty input'],
    ['truncated JSON', 'truncated.har', 'FILE: not JSON: unexpected end of input at line 5 column 67'],
    [
      'top-level array',
      'top-level-array.har',
      'FILE: not a HAR: the top-level JSON value is an array, not an object',
    ],
    ['no entries', 'no-entries.har', 'FILE: not a HAR: log.entries is missing'],
    [
      'request not object',
      'request-not-object.har',
      'FILE: not a HAR: log.entries[0].request is not an object',
    ],
    ['PNG bytes', 'png-bytes.har', 'FILE: binary data, not a HAR (starts with bytes 89 50 4e 47)'],
    [
      'gzip bytes',
      'gzip-bytes.har',
      'FILE: not a HAR but a gzip file: decompress it (gunzip) and redact the .har inside',
    ],
  ];
  it.each(cases)('%s', (name, file, message) => {
    const full =
      name === 'missing file' ? path.join(tmp, file) : name === 'directory' ? tmp : path.join(broken, file);
    const expected = message.replace(/MISSING|DIR|FILE/, full);
    expectRefusal(runCli(['redact', full]), expected);
    expectRefusal(runCli(['scan', full]), expected);
  });

  it('refuses 200 000-deep nesting without a stack overflow', () => {
    const file = write('deep.har', '['.repeat(200_000));
    expectRefusal(runCli(['redact', file]), `${file}: nesting deeper than 1000 levels at line 1 column 1001`);
  });

  it('names stdin as "stdin"', () => {
    expectRefusal(
      runCli(['redact', '-'], { input: '{"log": [' }),
      'stdin: not JSON: unexpected end of input at line 1 column 10',
    );
  });
});

describe('har-redact: --rules packs', () => {
  it('refuses an invalid pack with every error and its path, on one line', () => {
    const pack = {
      schemaVersion: 1,
      id: 'acme',
      version: '1.0.0',
      rules: [
        { id: 'acme.tenant', target: 'bogus-target', names: ['x-acme-tenant'], action: 'redact' },
        { id: 'acme.other', target: 'header', names: ['x-other'], action: 'explode' },
      ],
    };
    const file = write('bad-pack.json', JSON.stringify(pack));
    const r = runCli(['redact', path.join(broken, 'truncated.har'), '--rules', file]);
    expectRefusal(r, new RegExp(`^har-redact: invalid rule pack ${file} \\(\\d+ errors\\): `));
    expect(r.stderr).toContain('rules[0].target: ');
    expect(r.stderr).toContain('rules[1].action: ');
  });

  it('refuses a pack naming a detector the engine does not know', () => {
    const pack = {
      schemaVersion: 1,
      id: 'acme',
      version: '1.0.0',
      rules: [{ id: 'acme.v', target: 'value', detector: 'no-such-detector', action: 'redact' }],
    };
    const file = write('bad-detector.json', JSON.stringify(pack));
    expectRefusal(
      runCli(['scan', '-', '--rules', file]),
      `invalid rule pack ${file} (1 error): rules[0].detector: unknown detector "no-such-detector"`,
    );
  });

  it('applies a valid pack: a custom header is redacted', () => {
    const pack = {
      schemaVersion: 1,
      id: 'acme',
      version: '1.0.0',
      rules: [
        { id: 'acme.tenant', target: 'header', names: ['X-Acme-Tenant'], action: 'redact', label: 'tenant' },
      ],
    };
    const file = write('good-pack.json', JSON.stringify(pack));
    const { har } = secretFixture();
    const tenant = `tenant-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    har.log.entries[1].request.headers.push({ name: 'x-acme-tenant', value: tenant });
    const input = JSON.stringify(har);
    expect(runCli(['redact', '-'], { input }).stdout).toContain(tenant);
    const r = runCli(['redact', '-', '--rules', file, '--json'], { input });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(tenant);
    expect(JSON.parse(r.stderr).byRule['acme.tenant']).toBeGreaterThanOrEqual(1);
  });

  it('refuses a pack that is not JSON, saying where', () => {
    const file = write('pack-not-json.json', '{\n  "id": nope\n}');
    expectRefusal(
      runCli(['scan', path.join(broken, 'truncated.har'), '--rules', file]),
      `invalid rule pack ${file}: not JSON: unexpected character "n" at line 2 column 9`,
    );
  });

  it('refuses a missing pack file', () => {
    const file = path.join(tmp, 'no-such-pack.json');
    expectRefusal(
      runCli(['redact', '-', '--rules', file]),
      `cannot read rule pack ${file}: no such file or directory`,
    );
  });

  it('checks the packs before reading the input', () => {
    const file = write('bad-pack-2.json', '[]');
    const r = runCli(['redact', path.join(tmp, 'missing.har'), '--rules', file]);
    expectRefusal(r, new RegExp(`^har-redact: invalid rule pack ${file}`));
  });
});

describe('har-redact: output safety', () => {
  it('refuses -o equal to the input without --force, leaving the input alone', () => {
    const { text } = secretFixture();
    const input = write('same.har', text);
    expectRefusal(
      runCli(['redact', input, '-o', input]),
      `refusing to write over the input file ${input} (use --force to allow it)`,
    );
    expectRefusal(
      runCli(['redact', input, '-o', path.join(tmp, '.', 'same.har')]),
      /refusing to write over the input file/,
    );
    expect(fs.readFileSync(input, 'utf8')).toBe(text);
  });

  it('refuses -o naming the input through a symlink', () => {
    const input = write('linked.har', secretFixture().text);
    const link = path.join(tmp, 'link.har');
    fs.symlinkSync(input, link);
    expectRefusal(runCli(['redact', input, '-o', link]), /refusing to write over the input file/);
  });

  it('keeps a pre-existing OUT byte-identical when the run fails, and leaves no temp file', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'atomic-'));
    const out = path.join(dir, 'out.har');
    const report = path.join(dir, 'report.json');
    const original = Buffer.from('ORIGINAL CONTENT \u0000\u00ff', 'latin1');
    fs.writeFileSync(out, original);
    fs.writeFileSync(report, original);
    for (const input of ['truncated.har', 'png-bytes.har', 'no-entries.har']) {
      const r = runCli(['redact', path.join(broken, input), '-o', out, '--report', report]);
      expect(r.status).toBe(2);
      expect(fs.readFileSync(out).equals(original)).toBe(true);
      expect(fs.readFileSync(report).equals(original)).toBe(true);
      expect(tempLeftovers(dir)).toEqual([]);
    }
  });

  it('refuses an OUT in a directory that does not exist, with nothing left behind', () => {
    const out = path.join(tmp, 'no-such-dir', 'out.har');
    const r = runCli(['redact', '-', '-o', out], { input: secretFixture().text });
    expectRefusal(r, `cannot write ${out}: no such file or directory`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses --report equal to -o', () => {
    const out = path.join(tmp, 'x.har');
    expectRefusal(
      runCli(['redact', '-', '-o', out, '--report', out]),
      '--report and --output name the same file',
    );
  });
});

// These need the real engine (src/redact/engine.ts): they fail while it is a stub.
describe('har-redact: redaction (needs the engine)', () => {
  it('writes the redacted HAR to stdout, the summary to stderr', () => {
    const { text, secrets } = secretFixture();
    const input = write('stdout.har', text);
    const r = runCli(['redact', input]);
    expect(r.stderr).toMatch(/^Redacted \d+ secrets? \(\d+ replacements?\) in 2 entries/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.log.entries).toHaveLength(2);
    expect(out.log.entries.map((e: { request: { url: string } }) => e.request.url)).toEqual([
      'https://api.example.test/v1/projects?page=2',
      'https://cdn.example.test/app.css',
    ]);
    for (const s of secrets) expect(r.stdout).not.toContain(s);
    // The headers are still there (support needs to know they were sent), only the values went.
    const names = out.log.entries[0].request.headers.map((h: { name: string }) => h.name.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['authorization', 'cookie']));
  });

  it('reads stdin with -, writes -o OUT, nothing on stdout', () => {
    const { text, secrets } = secretFixture();
    const out = path.join(tmp, 'from-stdin.redacted.har');
    const r = runCli(['redact', '-', '-o', out], { input: text });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Wrote ${out}`);
    const written = fs.readFileSync(out, 'utf8');
    for (const s of secrets) expect(written).not.toContain(s);
    expect(JSON.parse(written).log.entries).toHaveLength(2);
    expect(tempLeftovers(tmp)).toEqual([]);
  });

  it('replaces an existing OUT on success', () => {
    const { text, secrets } = secretFixture();
    const out = write('replace-me.har', 'old');
    const r = runCli(['redact', '-', '-o', out], { input: text });
    expect(r.status).toBe(0);
    const written = fs.readFileSync(out, 'utf8');
    expect(written).not.toBe('old');
    for (const s of secrets) expect(written).not.toContain(s);
  });

  it('treats -o - as standard output', () => {
    const { text, secrets } = secretFixture();
    const r = runCli(['redact', '-', '-o', '-'], { input: text });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).log.entries).toHaveLength(2);
    for (const s of secrets) expect(r.stdout).not.toContain(s);
    expect(fs.existsSync(path.join(repoRoot, '-'))).toBe(false);
  });

  it('keeps the permissions of a replaced OUT', () => {
    const out = write('mode.har', 'old');
    fs.chmodSync(out, 0o640);
    expect(runCli(['redact', '-', '-o', out], { input: secretFixture().text }).status).toBe(0);
    expect(fs.statSync(out).mode & 0o777).toBe(0o640);
  });

  it('overwrites the input with --force', () => {
    const { text, secrets } = secretFixture();
    const input = write('forced.har', text);
    const r = runCli(['redact', input, '-o', input, '--force']);
    expect(r.status).toBe(0);
    const written = fs.readFileSync(input, 'utf8');
    for (const s of secrets) expect(written).not.toContain(s);
  });

  it('writes --report (findings, never values) and --json summary', () => {
    const { text, secrets } = secretFixture();
    const out = path.join(tmp, 'rep.har');
    const report = path.join(tmp, 'rep.report.json');
    const r = runCli(['redact', '-', '-o', out, '--report', report, '--json'], { input: text });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stderr);
    expect(summary).toMatchObject({ command: 'redact', input: 'stdin', output: out, report, entries: 2 });
    expect(summary.secrets).toBeGreaterThanOrEqual(2);
    const rep = fs.readFileSync(report, 'utf8');
    expect(JSON.parse(rep).findings.length).toBeGreaterThanOrEqual(2);
    for (const s of secrets) {
      expect(rep).not.toContain(s);
      expect(r.stderr).not.toContain(s);
    }
  });

  it('handles UTF-16 and HARP input', () => {
    const { text, secrets } = secretFixture();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const input of [utf16, Buffer.from(`onInputData(${text});`)]) {
      const r = runCli(['redact', '-'], { input });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).log.entries).toHaveLength(2);
      for (const s of secrets) expect(r.stdout).not.toContain(s);
    }
  });

  it('scan exits 1 and lists findings without values', () => {
    const { text, secrets } = secretFixture();
    const input = write('scan.har', text);
    const r = runCli(['scan', input]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Found \d+ secrets? /);
    expect(r.stdout).toContain('entry 0');
    const j = runCli(['scan', input, '--json']);
    expect(j.status).toBe(1);
    const parsed = JSON.parse(j.stdout);
    expect(parsed.entries).toBe(2);
    expect(parsed.findings.length).toBeGreaterThanOrEqual(2);
    expect(parsed.findings[0].locations[0]).toHaveProperty('path');
    for (const s of secrets) {
      expect(r.stdout + r.stderr + j.stdout + j.stderr).not.toContain(s);
    }
  });

  it('scan exits 1 on a body too big to read, and redact removes it', () => {
    // 80 MB of zeros gzipped: about 80 KB, past the 64 MB a body is inflated to.
    const bomb = zlib.gzipSync(Buffer.alloc(80 << 20), { level: 9 }).toString('base64');
    const har = JSON.parse(cleanFixture()) as { log: { entries: { response: { content: object } }[] } };
    har.log.entries[0].response.content = {
      size: 80 << 20,
      mimeType: 'application/gzip',
      encoding: 'base64',
      text: bomb,
    };
    const input = write('unread.har', JSON.stringify(har));
    const r = runCli(['scan', input]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^No secrets found in 1 entry, but 1 body could not be read \(see the warnings\)\.\n/,
    );
    expect(r.stdout + r.stderr).toMatch(/inflates to more than 64 MB: removed, since it could not be read/);
    const out = write('unread.out.har', '');
    expect(runCli(['redact', input, '-o', out]).status).toBe(0);
    const content = JSON.parse(fs.readFileSync(out, 'utf8')).log.entries[0].response.content;
    expect(content.text).toBe('');
    expect(content.comment).toMatch(/could not be checked for secrets$/);
  });

  it('scan exits 0 on a clean HAR', () => {
    const r = runCli(['scan', '-'], { input: cleanFixture() });
    expect(r.stdout).toBe('No secrets found in 1 entry.\n');
    expect(r.status).toBe(0);
  });
});
