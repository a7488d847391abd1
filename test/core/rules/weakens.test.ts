// Issue 17.3: packs that weaken what the built-ins protect are recognised.
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../../../src/index';
import type { Rule, RulePack } from '../../../src/index';
import { weakeningsOf } from '../../../src/rules/weakens';

const pack = (...rules: Rule[]): RulePack => ({ schemaVersion: 1, id: 'p', version: '1', rules });
const keep = (id: string, target: Rule['target'], names: string[], extra: Partial<Rule> = {}): Rule => ({
  id,
  target,
  names,
  action: 'keep',
  ...extra,
});

describe('weakeningsOf', () => {
  it.each<[string, Rule, RegExp]>([
    ['keep on *', keep('k.all', 'cookie', ['*']), /^k\.all: keeps every cookie name$/],
    [
      'keep on a credential header, any spelling',
      keep('k.auth', 'header', ['Authorization']),
      /keeps "Authorization"/,
    ],
    ['keep on a credential field', keep('k.pw', 'field', ['password']), /keeps "password"/],
    [
      'keep on a substring of credential names',
      { id: 'k.sub', target: 'name', nameContains: ['token'], action: 'keep' },
      /keeps names containing "token"/,
    ],
    [
      'keep on a last word of credential names',
      { id: 'k.end', target: 'name', nameEndsWith: ['pass'], action: 'keep' },
      /keeps names ending in "pass"/,
    ],
    [
      'keep on a name ending in a credential word',
      keep('k.mq', 'field', ['RABBITMQ_DEFAULT_PASS']),
      /keeps "RABBITMQ_DEFAULT_PASS"/,
    ],
    [
      'a built-in rule replaced by one without its endings',
      { ...builtinPack.rules.find((r) => r.id === 'name.credentials')!, nameEndsWith: undefined },
      /replaces built-in rule name\.credentials with one that matches less/,
    ],
    [
      'a built-in detector switched off',
      { id: 'detect.jwt', target: 'value', detector: 'jwt', action: 'redact', enabled: false },
      /^detect\.jwt: switches off built-in rule detect\.jwt$/,
    ],
    [
      'a built-in rule replaced by a narrower one',
      { id: 'header.auth', target: 'header', names: ['authorization'], action: 'redact' },
      /replaces built-in rule header\.auth with one that matches less/,
    ],
    [
      'a built-in rule turned into keep',
      { ...builtinPack.rules.find((r) => r.id === 'cookie.all')!, action: 'keep' },
      /turns built-in rule cookie\.all into keep/,
    ],
  ])('flags %s', (_name, rule, reason) => {
    const got = weakeningsOf(pack(rule));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(reason);
  });

  it.each<[string, Rule]>([
    ['a new redact rule', { id: 'acme.t', target: 'header', names: ['x-acme-tenant'], action: 'redact' }],
    ['keep on a harmless name', keep('acme.debug', 'header', ['x-acme-debug-id'])],
    ['a built-in rule restated as it is', builtinPack.rules.find((r) => r.id === 'header.auth')!],
    [
      'a built-in rule widened',
      {
        ...builtinPack.rules.find((r) => r.id === 'header.auth')!,
        names: [
          'authorization',
          'x-acme',
          ...(builtinPack.rules.find((r) => r.id === 'header.auth')!.names ?? []),
        ],
      },
    ],
    [
      'more harmless headers in the built-in keep rule',
      { ...builtinPack.rules.find((r) => r.id === 'header.harmless')!, names: ['x-request-id'] },
    ],
  ])('does not flag %s', (_name, rule) => {
    expect(weakeningsOf(pack(rule))).toEqual([]);
  });

  it('the built-in pack does not weaken itself', () => {
    expect(weakeningsOf(builtinPack)).toEqual([]);
  });
});
