import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { builtinPack, validateRulePack } from '../../../src/index';
import { fixture, headerRule, packWith, teamPack } from './helpers';

const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../public/rule-pack.schema.json', import.meta.url)), 'utf8'),
);
const ajvValidate = new Ajv({ allErrors: true }).compile(schema);

describe('public/rule-pack.schema.json', () => {
  it.each([
    ['the built-in pack', builtinPack],
    ['the team fixture', teamPack()],
    ['the minimal fixture', fixture('minimal-pack.json')],
  ])('accepts %s, as the validator does', (_name, pack) => {
    expect(ajvValidate(pack), JSON.stringify(ajvValidate.errors)).toBe(true);
    expect(validateRulePack(pack).ok).toBe(true);
  });

  // Shape errors: both the JSON Schema (for editors) and the validator must refuse them.
  it.each([
    ['schemaVersion 2', packWith(headerRule, { schemaVersion: 2 })],
    ['missing version', { schemaVersion: 1, id: 'p', rules: [] }],
    ['bad pack id', packWith(headerRule, { id: 'a b' })],
    ['unknown target', packWith({ ...headerRule, target: 'headers' })],
    ['unknown action', packWith({ ...headerRule, action: 'erase' })],
    ['typo in a key', packWith({ ...headerRule, nmes: ['x'] })],
    ['unknown pack key', packWith(headerRule, { author: 'x' })],
    ['header without names', packWith({ id: 'h', target: 'header', action: 'redact' })],
    ['empty names', packWith({ ...headerRule, names: [] })],
    ['value without pattern or detector', packWith({ id: 'v', target: 'value', action: 'redact' })],
    [
      'value with both',
      packWith({ id: 'v', target: 'value', pattern: 'x', detector: 'jwt', action: 'redact' }),
    ],
    [
      'value with names',
      packWith({ id: 'v', target: 'value', pattern: 'x', names: ['n'], action: 'redact' }),
    ],
    ['header with a pattern', packWith({ ...headerRule, pattern: 'x' })],
    [
      'value with nameEndsWith',
      packWith({ id: 'v', target: 'value', pattern: 'x', nameEndsWith: ['pass'], action: 'redact' }),
    ],
    ['empty nameEndsWith', packWith({ id: 'e', target: 'field', nameEndsWith: [], action: 'redact' })],
    ['scope host not a string', packWith({ ...headerRule, scope: { hosts: [1] } })],
    ['long pattern', packWith({ id: 'v', target: 'value', pattern: 'a'.repeat(1001), action: 'redact' })],
    ['bad signature alg', packWith(headerRule, { signature: { alg: 'RS256', keyId: 'k', value: 'v' } })],
  ])('rejects %s in both', (_name, pack) => {
    expect(ajvValidate(pack)).toBe(false);
    expect(validateRulePack(pack).ok).toBe(false);
  });

  // What a JSON Schema cannot say: only the validator catches these.
  it.each([
    ['duplicate ids', { schemaVersion: 1, id: 'p', version: '1', rules: [headerRule, headerRule] }],
    [
      'pattern with a backreference',
      packWith({ id: 'v', target: 'value', pattern: '(a+)\\1', action: 'redact' }),
    ],
    [
      'pattern that does not compile',
      packWith({ id: 'v', target: 'value', pattern: 'a(', action: 'redact' }),
    ],
  ])('leaves %s to the validator', (_name, pack) => {
    expect(ajvValidate(pack)).toBe(true);
    expect(validateRulePack(pack).ok).toBe(false);
  });
});
