/**
 * The Firefox build (scripts/build-firefox.mjs: dist/ with a Firefox manifest) passes `web-ext lint`
 * with no errors. The one warning left is Preact's own innerHTML assignment (dangerouslySetInnerHTML
 * support), which this extension never uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt } from './harness';

const out = mkdtempSync(join(tmpdir(), 'har-redactor-firefox-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Firefox build', () => {
  it('has a Firefox manifest and passes web-ext lint with 0 errors', () => {
    assertBuilt();
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-firefox.mjs'), relative(ROOT, out)], {
      cwd: ROOT,
    });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.background.scripts).toHaveLength(1);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.key).toBeUndefined();

    let stdout: string;
    try {
      stdout = execFileSync('npx', ['web-ext', 'lint', '--source-dir', out, '--output', 'json'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (err) {
      // web-ext exits non-zero when there are errors; its JSON report is still on stdout.
      stdout = (err as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(stdout) as {
      summary: { errors: number; warnings: number };
      errors: { code: string; message: string }[];
      warnings: { code: string; file?: string }[];
    };
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
    // Preact's innerHTML support is the only accepted warning: our own code never assigns innerHTML.
    const unexpected = report.warnings.filter((w) => w.code !== 'UNSAFE_VAR_ASSIGNMENT');
    expect(unexpected).toEqual([]);
    let ours = '';
    try {
      ours = execFileSync(
        'grep',
        ['-rlE', 'innerHTML|dangerouslySetInnerHTML|insertAdjacentHTML', 'extension'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
    } catch {
      // grep exits 1 when nothing matches: what we want
    }
    expect(ours).toBe('');
  });
});
