import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { buildCli, repoRoot, runCli } from './cli-harness';
import { harSchemaErrors } from './har-schema';

/**
 * Every public HAR in ../shared/realworld either comes out redacted and (at least as) valid, or is
 * refused with one clear line: never a crash, a hang or a half-written file.
 */
const dir = path.resolve(repoRoot, '../shared/realworld');
const present = fs.existsSync(dir);
const files = present
  ? fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.har'))
      .sort()
  : [];

/** Known not to be HARs: these must be refused. */
const mustRefuse: Record<string, string> = {
  'mitmproxy__brokenfile.har': 'not JSON: unexpected character',
  'harviewer__not-valid.har': 'not a HAR: log.entries is missing',
};

/**
 * Inputs that are not valid HAR 1.2 themselves, and why. The reader fills in what is missing, so
 * their output validates, except where that would mean inventing data: Firefox's cache objects
 * lack lastAccess/eTag/hitCount, and those stay as recorded (the output may not be less valid).
 */
const invalidInputs: Record<string, string> = {
  'har-examples__multipart-data-dataurl.har': 'timings without send/wait/receive',
  'k6__example-full.har': 'no log.version or log.creator; pages and entries missing required fields',
  'mitmproxy__charles.har': 'response.redirectURL is null',
  'mitmproxy__firefox.har': 'cache.afterRequest without lastAccess, eTag, hitCount',
  ...mustRefuse,
};
const leftInvalid = new Set(['mitmproxy__firefox.har']);

function originalJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

type Entry = { request: { method: string; url: string } };

let out: string;
beforeAll(() => {
  if (!present) return;
  buildCli();
  out = tempDir('har-redact-realworld-');
});

describe.skipIf(!present)('real-world HAR files (../shared/realworld)', () => {
  it('has the files the test names', () => {
    for (const f of Object.keys(mustRefuse)) expect(files).toContain(f);
  });

  it.each(files)('%s', (name) => {
    const input = path.join(dir, name);
    const output = path.join(out, name);
    const r = runCli(['redact', input, '-o', output]);
    expect(r.stderr).not.toMatch(/\n\s+at /);

    if (mustRefuse[name] || r.status === 2) {
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^har-redact: /);
      if (mustRefuse[name]) expect(r.stderr).toContain(mustRefuse[name]);
      expect(fs.existsSync(output)).toBe(false);
      return;
    }

    expect(r.status, r.stderr).toBe(0);
    const original = originalJson(input) as { log: { entries: Entry[] } };
    const redacted = JSON.parse(fs.readFileSync(output, 'utf8'));
    // Same entries in the same order (path segments holding secrets may be redacted, not the host).
    expect(redacted.log.entries).toHaveLength(original.log.entries.length);
    const shape = (e: Entry) => {
      const u = URL.canParse(e.request.url) ? new URL(e.request.url) : null;
      return `${e.request.method} ${u ? u.host : '(unparsable url)'}`;
    };
    expect(redacted.log.entries.map(shape)).toEqual(original.log.entries.map(shape));

    const before = harSchemaErrors(original);
    const after = harSchemaErrors(redacted);
    expect(before.length > 0, `input validity: ${before.slice(0, 3).join('; ')}`).toBe(name in invalidInputs);
    if (leftInvalid.has(name)) expect(after.length).toBeLessThanOrEqual(before.length);
    else expect(after).toEqual([]);
  });
});

describe.skipIf(present)('real-world HAR files', () => {
  it.skip(`skipped: ${dir} is absent`, () => {});
});
