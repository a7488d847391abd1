import { describe, expect, it } from 'vitest';
import {
  effectiveDisabled,
  mergeRules,
  type Rule,
  type RuleOrigin,
  type RulePack,
  type RuleSource,
} from '../../../src/index';

const rule = (id: string, extra: Partial<Rule> = {}): Rule => ({
  id,
  target: 'header',
  names: [id],
  action: 'redact',
  ...extra,
});
const pack = (id: string, rules: Rule[]): RulePack => ({ schemaVersion: 1, id, version: '1', rules });
const src = (origin: RuleOrigin, rules: Rule[], packId: string = origin): RuleSource => ({
  pack: pack(packId, rules),
  origin,
});
const summary = (sources: RuleSource[], opts?: Parameters<typeof mergeRules>[1]) =>
  mergeRules(sources, opts).rules.map((r) => `${r.id}:${r.origin}:${r.action}${r.locked ? ':locked' : ''}`);

describe('mergeRules', () => {
  it('keeps first-seen order and lets a later source replace an unlocked rule', () => {
    const result = summary([
      src('builtin', [rule('a'), rule('b')]),
      src('team', [rule('b', { action: 'remove' }), rule('c')]),
      src('user', [rule('a', { action: 'keep' })]),
    ]);
    expect(result).toEqual(['a:user:keep', 'b:team:remove', 'c:team:redact']);
  });

  type Case = [
    name: string,
    sources: RuleSource[],
    opts: Parameters<typeof mergeRules>[1],
    rules: string[],
    conflicts: string[],
  ];
  const cases: Case[] = [
    [
      'a locked built-in rule wins over every later source',
      [
        src('builtin', [rule('a', { locked: true })]),
        src('team', [rule('a', { action: 'keep' })]),
        src('user', [rule('a', { action: 'keep' })]),
        src('cli', [rule('a', { action: 'remove' })]),
      ],
      {},
      ['a:builtin:redact:locked'],
      ['a builtin>team', 'a builtin>user', 'a builtin>cli'],
    ],
    [
      'a team rule may lock its own replacement of an unlocked built-in',
      [
        src('builtin', [rule('a')]),
        src('team', [rule('a', { action: 'remove', locked: true })]),
        src('user', [rule('a', { action: 'keep' })]),
      ],
      {},
      ['a:team:remove:locked'],
      ['a team>user'],
    ],
    [
      'lockedRuleIds lock a built-in rule against user and CLI sources',
      [
        src('builtin', [rule('a'), rule('b')]),
        src('user', [rule('a', { action: 'keep' }), rule('b', { action: 'keep' })]),
        src('cli', [rule('a', { action: 'keep' })]),
      ],
      { lockedRuleIds: ['a'] },
      ['a:builtin:redact:locked', 'b:user:keep'],
      ['a builtin>user', 'a builtin>cli'],
    ],
    [
      'lockedRuleIds let the policy pack supply the locked version',
      [
        src('builtin', [rule('a')]),
        src('team', [rule('a', { action: 'remove' })]),
        src('policy', [rule('a', { label: 'corp' })]),
        src('user', [rule('a', { action: 'keep' })]),
      ],
      { lockedRuleIds: ['a'] },
      ['a:policy:redact:locked'],
      ['a policy>user'],
    ],
    [
      'lockedRuleIds lock a rule a user source adds',
      [src('builtin', []), src('user', [rule('u')])],
      { lockedRuleIds: ['u'] },
      ['u:user:redact:locked'],
      [],
    ],
    [
      'allowUserRules false drops user sources but not CLI ones',
      [
        src('builtin', [rule('a')]),
        src('user', [rule('a', { action: 'keep' }), rule('u')]),
        src('cli', [rule('c')]),
      ],
      { allowUserRules: false },
      ['a:builtin:redact', 'c:cli:redact'],
      [],
    ],
    [
      'allowUserRules true (the default) keeps them',
      [src('builtin', [rule('a')]), src('user', [rule('u')])],
      { allowUserRules: true },
      ['a:builtin:redact', 'u:user:redact'],
      [],
    ],
  ];

  it.each(cases)('%s', (_name, sources, opts, rules, conflicts) => {
    const merged = mergeRules(sources, opts);
    expect(summary(sources, opts)).toEqual(rules);
    expect(merged.conflicts.map((c) => `${c.ruleId} ${c.kept}>${c.ignored}`)).toEqual(conflicts);
  });

  it('reports pack ids in conflicts and lists packs in order, with key ids', () => {
    const merged = mergeRules(
      [
        src('builtin', [rule('a', { locked: true })], 'builtin'),
        { ...src('team', [rule('a')], 'acme'), keyId: '0123456789abcdef' },
        src('user', [], 'mine'),
      ],
      { allowUserRules: false },
    );
    expect(merged.conflicts).toEqual([
      { ruleId: 'a', kept: 'builtin', keptPackId: 'builtin', ignored: 'team', ignoredPackId: 'acme' },
    ]);
    expect(merged.packs).toEqual([
      { id: 'builtin', version: '1', origin: 'builtin' },
      { id: 'acme', version: '1', origin: 'team', keyId: '0123456789abcdef' },
    ]);
    expect(merged.droppedPacks).toEqual([{ id: 'mine', version: '1', origin: 'user' }]);
  });

  it('stamps each rule with its pack and origin and does not mutate the input', () => {
    const sources = [src('builtin', [rule('a')]), src('team', [rule('a', { action: 'remove' })], 'acme')];
    const before = structuredClone(sources);
    const merged = mergeRules(sources, { lockedRuleIds: ['a'] });
    expect(merged.rules[0]).toMatchObject({ id: 'a', packId: 'acme', origin: 'team', locked: true });
    expect(sources).toEqual(before);
  });

  it('still accepts the one-argument call', () => {
    expect(mergeRules([src('builtin', [rule('a')])]).rules).toHaveLength(1);
  });
});

describe('effectiveDisabled', () => {
  it('drops locked ids and duplicates, keeps the rest', () => {
    const set = mergeRules([src('builtin', [rule('a', { locked: true }), rule('b'), rule('c')])], {
      lockedRuleIds: ['c'],
    });
    expect(effectiveDisabled(set, ['a', 'b', 'b', 'c', 'gone'])).toEqual(['b', 'gone']);
    expect(effectiveDisabled(set, [])).toEqual([]);
  });
});
