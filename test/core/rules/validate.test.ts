import { describe, expect, it } from 'vitest';
import {
  builtinPack,
  formatValidationErrors,
  knownDetectorIds,
  parseRulePack,
  validateRulePack,
} from '../../../src/index';
import { fixture, headerRule, packWith, teamPack } from './helpers';

type Case = [name: string, input: unknown, errors: [path: string, message: RegExp][]];

const cases: Case[] = [
  ['not an object', 42, [['(root)', /expected a rule pack object/]]],
  ['array at root', [], [['(root)', /expected a rule pack object/]]],
  ['wrong schemaVersion', packWith(headerRule, { schemaVersion: 2 }), [['schemaVersion', /expected 1/]]],
  [
    'schemaVersion as string',
    packWith(headerRule, { schemaVersion: '1' }),
    [['schemaVersion', /expected 1/]],
  ],
  [
    'missing id, version and rules',
    { schemaVersion: 1 },
    [
      ['id', /required property is missing/],
      ['rules', /required property is missing/],
      ['version', /required property is missing/],
    ],
  ],
  ['pack id with a space', packWith(headerRule, { id: 'my pack' }), [['id', /letters, digits/]]],
  [
    'empty version',
    packWith(headerRule, { version: '' }),
    [['version', /expected a version of dotted numbers/]],
  ],
  [
    'rules not an array',
    { schemaVersion: 1, id: 'p', version: '1', rules: {} },
    [['rules', /array of rules/]],
  ],
  [
    'rule not an object',
    { schemaVersion: 1, id: 'p', version: '1', rules: ['x'] },
    [['rules[0]', /rule object/]],
  ],
  [
    'rule is an array',
    { schemaVersion: 1, id: 'p', version: '1', rules: [[]] },
    [['rules[0]', /rule object/]],
  ],
  ['empty rule id', packWith({ ...headerRule, id: '' }), [['rules[0].id', /non-empty id/]]],
  ['rule id with a slash', packWith({ ...headerRule, id: 'a/b' }), [['rules[0].id', /letters, digits/]]],
  [
    'unknown target',
    packWith({ ...headerRule, target: 'headers' }),
    [['rules[0].target', /^expected one of header, cookie, query, field, name, value$/]],
  ],
  [
    'unknown action',
    packWith({ ...headerRule, action: 'erase' }),
    [['rules[0].action', /one of redact, remove, keep/]],
  ],
  ['missing action', packWith({ id: 'a', target: 'header', names: ['x'] }), [['rules[0].action', /missing/]]],
  ['locked not boolean', packWith({ ...headerRule, locked: 'yes' }), [['rules[0].locked', /true or false/]]],
  ['enabled not boolean', packWith({ ...headerRule, enabled: 0 }), [['rules[0].enabled', /true or false/]]],
  [
    'header without names',
    packWith({ id: 'a', target: 'header', action: 'redact' }),
    [['rules[0]', /target header needs names, nameContains or nameEndsWith/]],
  ],
  ['empty names list', packWith({ ...headerRule, names: [] }), [['rules[0].names', /at least one name/]]],
  ['empty name', packWith({ ...headerRule, names: ['ok', ''] }), [['rules[0].names[1]', /non-empty string/]]],
  [
    'names not strings',
    packWith({ ...headerRule, names: [7] }),
    [['rules[0].names[0]', /expected a string/]],
  ],
  [
    'nameEndsWith on a value rule',
    packWith({ id: 'v', target: 'value', detector: 'jwt', nameEndsWith: ['pass'], action: 'redact' }),
    [['rules[0].nameEndsWith', /does not apply to target value/]],
  ],
  [
    'nameContains not an array',
    packWith({ ...headerRule, nameContains: 'token' }),
    [['rules[0].nameContains', /array of strings/]],
  ],
  [
    'pattern on a header rule',
    packWith({ ...headerRule, pattern: 'x+' }),
    [['rules[0].pattern', /applies only to target value/]],
  ],
  [
    'value rule with neither pattern nor detector',
    packWith({ id: 'v', target: 'value', action: 'redact' }),
    [['rules[0]', /exactly one of pattern or detector/]],
  ],
  [
    'value rule with both',
    packWith({ id: 'v', target: 'value', pattern: 'x+', detector: 'jwt', action: 'redact' }),
    [['rules[0]', /exactly one of pattern or detector/]],
  ],
  [
    'value rule with names',
    packWith({ id: 'v', target: 'value', pattern: 'x+', names: ['a'], action: 'redact' }),
    [['rules[0].names', /does not apply to target value/]],
  ],
  [
    'pattern that does not compile',
    packWith({ id: 'v', target: 'value', pattern: 'ab(', action: 'redact' }),
    [['rules[0].pattern', /does not compile with flags "gu": .*Unterminated group/]],
  ],
  [
    'pattern valid without u but not with it',
    packWith({ id: 'v', target: 'value', pattern: '\\-a]', action: 'redact' }),
    [['rules[0].pattern', /does not compile/]],
  ],
  [
    'pattern that matches the empty string',
    packWith({ id: 'v', target: 'value', pattern: 'a*', action: 'redact' }),
    [['rules[0].pattern', /empty string/]],
  ],
  [
    'pattern the linear-time engine cannot run (lookahead)',
    packWith({ id: 'v', target: 'value', pattern: 'key=(?!test)\\w+', action: 'redact' }),
    [['rules[0].pattern', /cannot run in the linear-time engine/]],
  ],
  [
    'over-long pattern',
    packWith({ id: 'v', target: 'value', pattern: 'a'.repeat(1001), action: 'redact' }),
    [['rules[0].pattern', /limit is 1000/]],
  ],
  [
    'empty detector',
    packWith({ id: 'v', target: 'value', detector: '', action: 'redact' }),
    [['rules[0].detector', /non-empty/]],
  ],
  [
    'duplicate rule ids',
    { schemaVersion: 1, id: 'p', version: '1', rules: [headerRule, { ...headerRule, names: ['other'] }] },
    [['rules[1].id', /duplicate id "r.header" \(first used by rules\[0\]\)/]],
  ],
  [
    'typo in a rule key',
    packWith({ ...headerRule, nmes: ['x'] }),
    [['rules[0].nmes', /unknown property "nmes"; did you mean "names"\?/]],
  ],
  [
    'unknown pack key',
    packWith(headerRule, { author: 'me' }),
    [['author', /unknown property "author".*"x-"/]],
  ],
  [
    'unknown scope key',
    packWith({ ...headerRule, scope: { host: ['a.example'] } }),
    [['rules[0].scope.host', /did you mean "hosts"/]],
  ],
  [
    'scope host not a string',
    packWith({ ...headerRule, scope: { hosts: [1] } }),
    [['rules[0].scope.hosts[0]', /string/]],
  ],
  [
    'scope paths not an array',
    packWith({ ...headerRule, scope: { paths: '/api' } }),
    [['rules[0].scope.paths', /array/]],
  ],
  [
    'signature with an unknown alg',
    packWith(headerRule, { signature: { alg: 'RS256', keyId: 'abc', value: 'AAAA' } }),
    [['signature.alg', /one of Ed25519, ECDSA-P256/]],
  ],
  [
    'odd key is quoted in the path',
    packWith(headerRule, { 'my key': 1 }),
    [['["my key"]', /unknown property/]],
  ],
];

describe('validateRulePack', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const result = validateRulePack(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(expected.map(([p]) => p));
    result.errors.forEach((e, i) => expect(e.message).toMatch(expected[i][1]));
  });

  it('reports every error of a pack at once, sorted by path', () => {
    const result = validateRulePack(fixture('invalid-pack.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatValidationErrors(result.errors)).toEqual([
      'rules[1].id: expected a non-empty id of letters, digits and . _ : -',
      'rules[1].target: expected one of header, cookie, query, field, name, value',
      'rules[2].action: expected one of redact, remove, keep',
      'rules[2].id: duplicate id "ok.one" (first used by rules[0])',
      expect.stringMatching(/^rules\[2\]\.pattern: pattern cannot run in the linear-time engine/),
    ]);
  });

  it('sorts rules[10] after rules[2]', () => {
    const rules = Array.from({ length: 11 }, (_, i) => ({
      ...headerRule,
      id: `r${i}`,
      action: i % 8 === 2 ? 'x' : 'redact',
    }));
    const result = validateRulePack({ schemaVersion: 1, id: 'p', version: '1', rules });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      'rules[2].action',
      'rules[10].action',
    ]);
  });

  it.each([
    ['the team fixture', teamPack()],
    ['the minimal fixture', fixture('minimal-pack.json')],
    ['the built-in pack', builtinPack],
  ])('accepts %s', (_name, pack) => {
    const result = validateRulePack(pack);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.pack).toBe(pack);
  });

  it('accepts the built-in pack against the real detector list', () => {
    const known = knownDetectorIds();
    expect(known).toContain('jwt');
    const result = validateRulePack(builtinPack, { knownDetectors: known });
    expect(result.ok ? [] : formatValidationErrors(result.errors)).toEqual([]);
  });

  it('accepts x- keys at every level', () => {
    const pack = packWith(
      { ...headerRule, 'x-why': 'ticket 42', scope: { hosts: ['a.example'], 'x-n': 1 } },
      {
        'x-owner': 'me',
      },
    );
    expect(validateRulePack(pack).ok).toBe(true);
  });

  it('checks detector ids against a list only when one is given', () => {
    const pack = packWith({ id: 'v', target: 'value', detector: 'no-such', action: 'redact' });
    expect(validateRulePack(pack).ok).toBe(true);
    const result = validateRulePack(pack, { knownDetectors: ['jwt', 'email'] });
    expect(result.ok ? [] : formatValidationErrors(result.errors)).toEqual([
      'rules[0].detector: unknown detector "no-such"',
    ]);
    const known = packWith({ id: 'v', target: 'value', detector: 'jwt', action: 'redact' });
    expect(validateRulePack(known, { knownDetectors: ['jwt'] }).ok).toBe(true);
  });

  it('caps the number of rules', () => {
    const rules = Array.from({ length: 2001 }, (_, i) => ({ ...headerRule, id: `r${i}` }));
    const result = validateRulePack({ schemaVersion: 1, id: 'p', version: '1', rules });
    expect(result.ok ? [] : formatValidationErrors(result.errors)).toEqual([
      'rules: expected at most 2000 rules',
    ]);
    expect(
      validateRulePack({ schemaVersion: 1, id: 'p', version: '1', rules: rules.slice(0, 2000) }).ok,
    ).toBe(true);
  });

  it('caps the size of a pack at 1 MB', () => {
    const big = packWith({ ...headerRule, description: 'x'.repeat(1024 * 1024) });
    const result = validateRulePack(big);
    expect(result.ok ? [] : formatValidationErrors(result.errors)).toEqual([
      expect.stringMatching(/^\(root\): pack is \d+ bytes; the limit is 1048576$/),
    ]);
    const text = JSON.stringify(big);
    expect(parseRulePack(text).ok).toBe(false);
  });
});

describe('parseRulePack', () => {
  it('reports JSON syntax errors at the root', () => {
    const result = parseRulePack('{"schemaVersion": 1,');
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['(root)']);
    // Issue 17.7: the reader's own one-line error, never V8's (which quotes the text).
    expect(result.ok ? '' : result.errors[0].message).toBe(
      'not JSON: unexpected end of input at line 1 column 21',
    );
  });

  it('never quotes the text in a syntax error', () => {
    const secret = 'sk_live_FAKE0000000000000000000000';
    const result = parseRulePack(`{"schemaVersion": 1, "id": "${secret}" x}`);
    expect(result.ok ? '' : result.errors[0].message).toBe(
      'not JSON: unexpected character "x" at line 1 column 65',
    );
  });

  // Issue 17.10: JSON.parse keeps the last of two equal keys; a reader of the file sees the first.
  it.each([
    ['at the top', '{"schemaVersion":1,"id":"a","id":"b","version":"1","rules":[]}', 'id'],
    [
      'inside a rule',
      '{"schemaVersion":1,"id":"a","version":"1","rules":[{"id":"r","target":"header","names":["x"],"action":"redact","action":"keep"}]}',
      'rules[0].action',
    ],
    [
      'in a scope, with odd spacing and escapes',
      '{ "schemaVersion" : 1 , "id":"a","version":"1","rules":[{"id":"r","target":"header","names":["x"],"action":"redact","scope":{"hosts":[],"h\u006fsts":["x"]}}]}',
      'rules[0].scope.hosts',
    ],
  ])('refuses a duplicate key %s, with its path', (_name, text, path) => {
    const result = parseRulePack(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors[0].message).toMatch(
      new RegExp(`^duplicate key "[a-z]+" at ${path.replace(/[[\].]/g, '\\$&')}$`),
    );
  });

  it('accepts equal keys in different objects', () => {
    const text =
      '{"schemaVersion":1,"id":"a","version":"1","rules":[{"id":"r","target":"header","names":["x"],"action":"redact"},{"id":"s","target":"header","names":["y"],"action":"redact"}]}';
    expect(parseRulePack(text).ok).toBe(true);
  });

  it('parses and validates', () => {
    expect(parseRulePack(JSON.stringify(teamPack())).ok).toBe(true);
    const bad = parseRulePack(JSON.stringify(packWith({ ...headerRule, target: 'x' })));
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['rules[0].target']);
  });
});

describe('recipients (issue 16)', () => {
  const good = 'age1a2yneqzk786pdgfm8cu00gdfv2c34luann6nnettm26qakezu9sqs6ymh4';
  it('accepts age X25519 recipients, refuses anything else with its path', () => {
    const base = { schemaVersion: 1, id: 'p', version: '1', rules: [] };
    expect(validateRulePack({ ...base, recipients: [good] }).ok).toBe(true);
    const bad = validateRulePack({ ...base, recipients: [good, good.slice(0, -1) + 'q', 'ssh-rsa AAAA'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path)).toEqual(['recipients[1]', 'recipients[2]']);
  });
});
