import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../extension/background/rules/pack-version';

describe('compareVersions', () => {
  it.each([
    ['2026.1.0', '2026.1.0', 0],
    ['2026.2.0', '2026.1.9', 1],
    ['2026.1.0', '2026.10.0', -1],
    ['3', '12', -1],
    ['1.0', '1', 0],
    ['1.0.1', '1', 1],
    ['1.0.0-beta', '1.0.0', undefined],
    ['v2', '1', undefined],
    ['', '1', undefined],
  ])('%s vs %s → %s', (a, b, sign) => {
    const r = compareVersions(a, b);
    expect(r === undefined ? undefined : Math.sign(r)).toBe(sign);
  });
});
