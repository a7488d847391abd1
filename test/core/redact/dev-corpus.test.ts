import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinPack, mergeRules, parseHar, redactHar, serializeHar } from '../../../src/index';
import { harSchemaErrors } from '../../cli/har-schema';

// Regression guard on the shared development corpus (real Chromium recordings with planted secrets),
// scored by the project's own scorer. Skipped when ../shared is not beside the checkout.
const evalDir = resolve(__dirname, '../../../../shared/eval');
const present = existsSync(join(evalDir, 'corpus-dev.tar.gz'));

describe.skipIf(!present)('development corpus', () => {
  it('nothing leaks, everything kept, every output valid', () => {
    const work = mkdtempSync(join(tmpdir(), 'har-corpus-'));
    try {
      execFileSync('tar', ['xzf', join(evalDir, 'corpus-dev.tar.gz'), '-C', work]);
      const src = join(work, 'corpus-dev');
      const out = join(work, 'out');
      mkdirSync(out);
      const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
      for (const f of readdirSync(src).filter((f) => f.endsWith('.har'))) {
        const { har } = redactHar(parseHar(readFileSync(join(src, f), 'utf8')), rules);
        expect(harSchemaErrors(har), f).toEqual([]);
        writeFileSync(join(out, f), serializeHar(har));
      }
      const res = JSON.parse(
        execFileSync(
          'node',
          [
            join(evalDir, 'score.mjs'),
            '--truth',
            join(src, 'truth.json'),
            '--in',
            src,
            '--out',
            out,
            '--json',
          ],
          {
            encoding: 'utf8',
          },
        ),
      );
      expect(res.leaks).toBe(0);
      expect(res.valid).toBe(res.files);
      expect(res.kept / res.keep).toBeGreaterThanOrEqual(0.95);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
