import { beforeEach, describe, expect, it } from 'vitest';
import { computeRulesState } from '../../../extension/background/rules/state';
import type { Rule } from '../../../src/index';
import { fakeBrowser } from './fake-browser';
import type { FakeBrowser } from './fake-browser';
import { acmePack } from './team-fixtures';

let b: FakeBrowser;
beforeEach(() => {
  b = fakeBrowser();
});

const userRule = (id: string, extra: Partial<Rule> = {}): Rule => ({
  id,
  target: 'header',
  names: [`x-${id.replace(/\W/g, '-')}`],
  action: 'redact',
  ...extra,
});

const inlinePack = {
  schemaVersion: 1,
  id: 'corp-policy',
  version: '7',
  rules: [
    { id: 'corp.pin', target: 'field', names: ['pin'], action: 'redact' },
    { id: 'corp.badge', target: 'header', names: ['x-corp-badge'], action: 'redact' },
  ],
};

describe('loadRulesState (computeRulesState)', () => {
  it('without policy: user rules apply and the user may switch rules off', async () => {
    const s = await computeRulesState(b.host, {
      rules: [userRule('me.one')],
      disabledRules: ['me.one', 'builtin.x'],
    });
    expect(s.userRulesAllowed).toBe(true);
    expect(s.ruleSet.rules.find((r) => r.id === 'me.one')).toMatchObject({ origin: 'user', packId: 'user' });
    expect(s.disabledRules).toEqual(['me.one', 'builtin.x']);
    expect(s.status).toEqual([]);
    expect(s.managedFields).toEqual([]);
  });

  it.each([
    ['a JSON string', JSON.stringify(inlinePack)],
    ['an object', inlinePack],
  ])('applies the policy inline pack given as %s', async (_kind, given) => {
    b.managed.replace({ inlinePack: given });
    const s = await computeRulesState(b.host, { rules: [], disabledRules: [] });
    expect(s.ruleSet.packs).toContainEqual({ id: 'corp-policy', version: '7', origin: 'policy' });
    expect(s.ruleSet.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['corp.pin', 'corp.badge']));
    expect(s.status).toEqual([{ origin: 'policy', packId: 'corp-policy', version: '7' }]);
  });

  it('reports a broken inline pack without applying it', async () => {
    b.managed.replace({
      inlinePack: JSON.stringify({ ...inlinePack, rules: [{ id: 'corp.pin', target: 'field' }] }),
    });
    const s = await computeRulesState(b.host, { rules: [], disabledRules: [] });
    expect(s.ruleSet.packs.some((p) => p.origin === 'policy')).toBe(false);
    expect(s.status[0]?.lastError).toMatch(/^The policy's inline pack is invalid: rules\[0\]/);
    expect(s.status[0]?.validationErrors?.length).toBeGreaterThan(0);
  });

  it('allowUserRules false: user rules and switched-off rules are ignored', async () => {
    b.managed.replace({ allowUserRules: false, inlinePack });
    const s = await computeRulesState(b.host, { rules: [userRule('me.one')], disabledRules: ['corp.pin'] });
    expect(s.userRulesAllowed).toBe(false);
    expect(s.ruleSet.rules.some((r) => r.origin === 'user')).toBe(false);
    expect(s.ruleSet.packs.some((p) => p.origin === 'user')).toBe(false);
    expect(s.disabledRules).toEqual([]);
    expect(s.managedFields).toEqual(expect.arrayContaining(['allowUserRules', 'inlinePack']));
  });

  it('lockedRuleIds: the user can neither switch a locked rule off nor replace it', async () => {
    b.managed.replace({ inlinePack, lockedRuleIds: ['corp.pin'] });
    const s = await computeRulesState(b.host, {
      rules: [userRule('corp.pin', { target: 'field', names: ['pin'], action: 'keep' }), userRule('me.two')],
      disabledRules: ['corp.pin', 'corp.badge'],
    });
    expect(s.disabledRules).toEqual(['corp.badge']);
    expect(s.lockedRuleIds).toContain('corp.pin');
    expect(s.ruleSet.rules.find((r) => r.id === 'corp.pin')).toMatchObject({
      origin: 'policy',
      action: 'redact',
      locked: true,
    });
    expect(s.ruleSet.rules.find((r) => r.id === 'me.two')?.origin).toBe('user');
    expect(s.conflicts).toEqual([
      expect.objectContaining({ ruleId: 'corp.pin', kept: 'policy', ignored: 'user' }),
    ]);
  });

  it('a rule locked in the team pack cannot be switched off either', async () => {
    b.managed.replace({ inlinePack: { ...acmePack(), id: 'acme-inline' } });
    const s = await computeRulesState(b.host, {
      rules: [],
      disabledRules: ['acme.tenant-secret', 'acme.session-field'],
    });
    expect(s.disabledRules).toEqual(['acme.session-field']);
    expect(s.lockedRuleIds).toContain('acme.tenant-secret');
  });

  it('reports invalid user rules instead of passing them to the engine', async () => {
    const s = await computeRulesState(b.host, {
      rules: [{ id: 'me.bad', target: 'headr', action: 'redact' } as unknown as Rule, userRule('me.ok')],
      disabledRules: [],
    });
    expect(s.status).toEqual([
      expect.objectContaining({
        origin: 'user',
        lastError: expect.stringMatching(/^The set of your own rules is invalid: rules\[0\]\.target/),
      }),
    ]);
    expect(s.ruleSet.rules.some((r) => r.origin === 'user')).toBe(false);
  });

  it('shows why a configured team URL will not be fetched, before any sync', async () => {
    b.managed.replace({ teamRulesUrl: 'http://rules.example.com/p.json' });
    const s = await computeRulesState(b.host, { rules: [], disabledRules: [] });
    expect(s.status).toEqual([
      {
        origin: 'team',
        url: 'http://rules.example.com/p.json',
        lastError: expect.stringMatching(/plain HTTP/),
      },
    ]);
  });
});
