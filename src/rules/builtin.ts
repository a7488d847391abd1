import type { RulePack } from './types';

/** The built-in defaults (being written by the lead). */
export const builtinPack: RulePack = { schemaVersion: 1, id: 'builtin', version: '0.0.0', rules: [] };
