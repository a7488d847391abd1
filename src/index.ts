/**
 * HAR Redactor core: pure TypeScript that runs in the service worker, pages and Node.
 * @packageDocumentation
 */
export { redactHar, redactHarAsync, RedactionCancelled } from './redact/engine';
export type { RedactOptions, RedactResult } from './redact/types';
export type { Finding, FindingLocation, KeptValue, RedactionReport, RedactionManifest } from './report/types';
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
export { mergeRules, effectiveDisabled } from './rules/merge';
export type { MergeOptions, MergedRuleSet, RuleConflict } from './rules/merge';
export { validateRulePack, parseRulePack, formatValidationErrors } from './rules/validate';
export type { ValidationError, ValidationResult, ValidateOptions } from './rules/validate';
export { canonicalizePack } from './rules/canonical';
export { parsePackJson, findDuplicateKey } from './rules/pack-json';
export {
  claimShapeProblem,
  claimsProblem,
  compareVersions,
  expiryTime,
  signedClaimsProblem,
  VERSION_RULE,
} from './rules/claims';
export type { ClaimContext } from './rules/claims';
export { weakeningsOf } from './rules/weakens';
export type { PackJson } from './rules/pack-json';
export { knownDetectorIds } from './rules/known-detectors';
export {
  generateSigningKeyPair,
  keyIdOf,
  signPack,
  detachedSignature,
  verifyPack,
  parseSigningAlg,
} from './rules/signature';
export type { SigningAlg, SigningKeyPair, VerifyResult } from './rules/signature';
export { builtinPack } from './rules/builtin';
export { HarReadError } from './har/errors';
export { parseHar, readHarBytes } from './har/read';
export { layoutOf, serializeHar } from './har/write';
export type { HarLayout } from './har/write';
