/**
 * HAR Redactor core: pure TypeScript that runs in the service worker, pages and Node.
 * @packageDocumentation
 */
export { redactHar } from './redact/engine';
export type { RedactOptions, RedactResult } from './redact/types';
export type { Finding, FindingLocation, RedactionReport, RedactionManifest } from './report/types';
export type {
  Rule,
  RulePack,
  RuleSet,
  RuleSource,
  RuleOrigin,
  RuleTarget,
  RuleAction,
  EffectiveRule,
  PackInfo,
  PackSignature,
} from './rules/types';
export { mergeRules } from './rules/merge';
export { builtinPack } from './rules/builtin';
export { HarReadError } from './har/errors';
export { parseHar, readHarBytes } from './har/read';
export { serializeHar } from './har/write';
