import type { Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import type { RedactOptions, RedactResult } from './types';

/** Placeholder until the engine lands (being written now). */
export function redactHar(_har: Har, _rules: RuleSet, _options: RedactOptions = {}): RedactResult {
  throw new Error('redactHar: not implemented yet');
}
