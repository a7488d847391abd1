import { describe, expect, it } from 'vitest';
import { compareVersions, expiryTime, signedClaimsProblem } from '../../../src/rules/claims';
import { validateRulePack } from '../../../src/index';
import type { RulePack } from '../../../src/index';
import { headerRule, packWith } from './helpers';

describe('compareVersions (the one version scheme: dotted numbers)', () => {
  it.each([
    ['2026.1.0', '2026.1.0', 0],
    ['2026.2.0', '2026.1.9', 1],
    ['2026.1.0', '2026.10.0', -1],
    ['3', '12', -1],
    ['1.0', '1', 0],
    ['1.0.1', '1', 1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it.each(['1.0.0-beta', 'v2', '', '1..2', '2026.1.0.', '1234567890'])(
    'the validator refuses version %j',
    (v) => {
      const r = validateRulePack(packWith(headerRule, { version: v }));
      expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        v === ''
          ? expect.stringMatching(/^version: /)
          : 'version: expected a version of dotted numbers such as 2026.11.1 or 12',
      ]);
    },
  );
});

describe('audience and expires', () => {
  it('a bare date lasts to the end of that day (UTC); offsets are honoured', () => {
    expect(expiryTime('2026-12-31')).toBe(Date.parse('2026-12-31T23:59:59.999Z'));
    expect(expiryTime('2026-12-31T10:00:00+02:00')).toBe(Date.parse('2026-12-31T08:00:00Z'));
    expect(expiryTime('31/12/2026')).toBeNaN();
    expect(expiryTime('2026-12-31T10:00')).toBeNaN();
  });

  it('the validator checks their shape', () => {
    const r = validateRulePack(packWith(headerRule, { audience: 'pack.json', expires: 'soon' }));
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['audience', 'expires']);
    expect(
      validateRulePack(packWith(headerRule, { audience: 'https://a.test/p.json', expires: '2030-01-01' })).ok,
    ).toBe(true);
  });

  const pack = (extra: Partial<RulePack>): RulePack =>
    ({ ...packWith(headerRule), ...extra }) as unknown as RulePack;
  const now = new Date('2026-06-01T00:00:00Z');

  it.each([
    [{}, /does not cover audience or expires: the pack was signed in the old format/],
    [{ audience: 'https://a.test/p.json' }, /does not cover expires/],
    [{ audience: 'https://a.test/p.json', expires: '2026-05-31' }, /expired on 2026-05-31/],
    [
      { audience: 'https://b.test/p.json', expires: '2026-12-31' },
      /signed for https:\/\/b\.test\/p\.json, not for/,
    ],
  ])('a signed pack with %j is refused', (extra, message) => {
    expect(signedClaimsProblem(pack(extra), { url: 'https://a.test/p.json', now })).toMatch(message);
  });

  it('accepts the same URL spelled differently (host case, default port)', () => {
    const p = pack({ audience: 'https://A.test:443/p.json', expires: '2026-06-01' });
    expect(signedClaimsProblem(p, { url: 'https://a.test/p.json', now })).toBeNull();
  });
});
