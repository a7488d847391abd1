import { describe, expect, it } from 'vitest';
import { normalizePolicy, parseInlinePack, readPolicy } from '../../../extension/background/rules/policy';
import { teamConfig } from '../../../extension/background/rules/team-config';
import { fakeBrowser } from './fake-browser';

describe('normalizePolicy', () => {
  it.each([
    ['no policy', undefined, {}],
    ['empty object', {}, {}],
    ['not an object', 'x', {}],
    ['an array', [1], {}],
    [
      'every field well typed',
      {
        teamRulesUrl: ' https://r.example.com/p.json ',
        trustedPublicKeys: ['k1', 'k2'],
        requireSignature: true,
        inlinePack: '{"a":1}',
        lockedRuleIds: ['a.b'],
        allowUserRules: false,
        syncIntervalMinutes: 30,
      },
      {
        teamRulesUrl: 'https://r.example.com/p.json',
        trustedPublicKeys: ['k1', 'k2'],
        requireSignature: true,
        inlinePack: '{"a":1}',
        lockedRuleIds: ['a.b'],
        allowUserRules: false,
        syncIntervalMinutes: 30,
      },
    ],
    [
      'wrong types and empties count as unset',
      {
        teamRulesUrl: '',
        trustedPublicKeys: 'k1',
        requireSignature: 'yes',
        inlinePack: '  ',
        lockedRuleIds: [],
        allowUserRules: 0,
        syncIntervalMinutes: '30',
      },
      {},
    ],
    [
      'non-string list items are dropped',
      { trustedPublicKeys: ['k1', 3, '', null] },
      { trustedPublicKeys: ['k1'] },
    ],
    ['an inline pack as an object is kept', { inlinePack: { id: 'x' } }, { inlinePack: { id: 'x' } }],
  ])('%s', (_name, raw, expected) => {
    expect(normalizePolicy(raw)).toEqual(expected);
  });
});

describe('readPolicy', () => {
  it('treats a managed store that throws (no policy manifest) as no policy', async () => {
    const b = fakeBrowser({ managedThrows: true });
    expect(await readPolicy(b.host)).toEqual({});
  });

  it('treats a missing managed store as no policy', async () => {
    expect(await readPolicy({})).toEqual({});
  });

  it('reads what the admin set', async () => {
    const b = fakeBrowser();
    b.managed.replace({ teamRulesUrl: 'https://r.example.com/p.json', allowUserRules: false });
    expect(await readPolicy(b.host)).toEqual({
      teamRulesUrl: 'https://r.example.com/p.json',
      allowUserRules: false,
    });
  });
});

describe('parseInlinePack', () => {
  it('parses a JSON string', () => {
    expect(parseInlinePack('{"id":"p"}')).toEqual({ ok: true, value: { id: 'p' } });
  });
  it('passes an object through', () => {
    expect(parseInlinePack({ id: 'p' })).toEqual({ ok: true, value: { id: 'p' } });
  });
  it('reports broken JSON in one sentence', () => {
    const r = parseInlinePack('{"id":');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^The policy's inlinePack is not valid JSON .*\.$/);
  });
});

describe('teamConfig', () => {
  it('uses the defaults with neither policy nor settings', () => {
    expect(teamConfig({}, {})).toEqual({
      urlByPolicy: false,
      trustedPublicKeys: [],
      requireSignature: false,
      syncIntervalMinutes: 60,
      allowUserRules: true,
      lockedRuleIds: [],
      managedFields: [],
    });
  });

  it('ignores every typed team setting when policy forbids user rules (issue 17.2)', () => {
    const typed = {
      teamRulesUrl: 'https://typed.example/p.json',
      trustedPublicKeys: ['k'],
      requireSignature: true,
    };
    const cfg = teamConfig({ allowUserRules: false }, typed);
    expect(cfg).toMatchObject({ urlByPolicy: false, trustedPublicKeys: [], requireSignature: false });
    expect(cfg.url).toBeUndefined();
    expect(teamConfig({}, typed)).toMatchObject({ url: typed.teamRulesUrl, urlByPolicy: false });
    expect(teamConfig({ teamRulesUrl: 'https://corp.example/p.json' }, typed).urlByPolicy).toBe(true);
  });

  it('lets policy win field by field over the user settings', () => {
    const cfg = teamConfig(
      { trustedPublicKeys: ['policy-key'], requireSignature: true },
      {
        teamRulesUrl: 'https://user.example.com/p.json',
        trustedPublicKeys: ['user-key'],
        requireSignature: false,
      },
    );
    expect(cfg.url).toBe('https://user.example.com/p.json');
    expect(cfg.trustedPublicKeys).toEqual(['policy-key']);
    expect(cfg.requireSignature).toBe(true);
    expect(cfg.managedFields.sort()).toEqual(['requireSignature', 'trustedPublicKeys']);
  });

  it('takes the policy URL over the user URL', () => {
    const cfg = teamConfig(
      { teamRulesUrl: 'https://corp.example.com/p.json' },
      { teamRulesUrl: 'https://user.example.com/p.json' },
    );
    expect(cfg.url).toBe('https://corp.example.com/p.json');
  });

  it.each([
    [undefined, 60],
    [1, 5],
    [0, 5],
    [-3, 5],
    [30, 30],
    [90.4, 90],
    [999_999, 10_080],
  ])('sync interval %s → %s minutes', (given, expected) => {
    expect(
      teamConfig(given === undefined ? {} : { syncIntervalMinutes: given }, {}).syncIntervalMinutes,
    ).toBe(expected);
  });
});
