import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'har-redact-realworld-'));
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

    // Where the input is valid HAR 1.2, the output must be too; where it is not (Firefox's cache
    // objects, k6's missing creator, …), the output may not be any less valid.
    const before = harSchemaErrors(original);
    const after = harSchemaErrors(redacted);
    if (before.length === 0) expect(after).toEqual([]);
    else expect(after.length).toBeLessThanOrEqual(before.length);
  });
});

describe.skipIf(present)('real-world HAR files', () => {
  it.skip(`skipped: ${dir} is absent`, () => {});
});
