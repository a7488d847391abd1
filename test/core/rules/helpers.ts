import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RulePack } from '../../../src/index';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8'));
}

export const teamPack = (): RulePack => fixture('team-pack.json') as RulePack;

/** A pack with one rule, for table-driven cases that change one thing. */
export function packWith(
  rule: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { schemaVersion: 1, id: 'test', version: '1', rules: [rule], ...extra };
}

export const headerRule = { id: 'r.header', target: 'header', names: ['x-secret'], action: 'redact' };
