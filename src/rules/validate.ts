import * as v from 'valibot';
import { DOTTED_VERSION, VERSION_RULE, claimShapeProblem } from './claims';
import { joinPath } from './json-path';
import { parsePackJson } from './pack-json';
import { patternProblem } from './regex-safety';
import type { RulePack } from './types';
import { parseRecipient } from '../export/recipients';

export interface ValidationError {
  /** JSON path of the offending value, e.g. `rules[3].target`; `(root)` for the document itself. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; pack: RulePack } | { ok: false; errors: ValidationError[] };

export interface ValidateOptions {
  /** Detector ids the engine knows; when given, a rule's `detector` must be one of them. */
  knownDetectors?: string[];
}

export const MAX_RULES = 2000;
export const MAX_PACK_BYTES = 1024 * 1024;
export const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

const TARGETS = ['header', 'cookie', 'query', 'field', 'name', 'value'] as const;
const ACTIONS = ['redact', 'remove', 'keep'] as const;
const ALGS = ['Ed25519', 'ECDSA-P256'] as const;

const str = (what = 'a string') => v.string(`expected ${what}`);
const nonEmptyString = v.pipe(str(), v.minLength(1, 'expected a non-empty string'));
const id = v.pipe(str(), v.regex(ID_PATTERN, 'expected a non-empty id of letters, digits and . _ : -'));
const bool = v.optional(v.boolean('expected true or false'));
const nameList = v.optional(
  v.pipe(
    v.array(nonEmptyString, 'expected an array of strings'),
    v.minLength(1, 'expected at least one name'),
  ),
);
const stringList = v.optional(v.array(nonEmptyString, 'expected an array of strings'));
const oneOf = (xs: readonly string[]) => `expected one of ${xs.join(', ')}`;

// Loose objects: unknown keys are reported by `unknownKeys` below, which also knows about `x-` keys
// and suggests the likely intended name.
const ruleEntries = v.looseObject(
  {
    id,
    description: v.optional(str()),
    target: v.picklist(TARGETS, oneOf(TARGETS)),
    names: nameList,
    nameContains: nameList,
    nameEndsWith: nameList,
    pattern: v.optional(str()),
    detector: v.optional(nonEmptyString),
    scope: v.optional(
      v.looseObject({ hosts: stringList, paths: stringList }, 'expected an object with hosts and/or paths'),
    ),
    action: v.picklist(ACTIONS, oneOf(ACTIONS)),
    locked: bool,
    enabled: bool,
    label: v.optional(nonEmptyString),
    group: v.optional(nonEmptyString),
  },
  'expected a rule object',
);
// valibot's objects accept arrays (and then report every key missing): one clear error instead.
const plainObject = (message: string) => v.custom<Record<string, unknown>>(isObject, message);
const ruleSchema = v.pipe(plainObject('expected a rule object'), ruleEntries);

function ageRecipientOk(r: string): boolean {
  try {
    return parseRecipient(r) === r;
  } catch {
    return false;
  }
}

const packSchema = v.looseObject(
  {
    // Editors use it to find this format's JSON Schema.
    $schema: v.optional(str()),
    schemaVersion: v.literal(1, 'expected 1 (the only format version this tool reads)'),
    id,
    version: v.pipe(str(), v.regex(DOTTED_VERSION, `expected a version of ${VERSION_RULE}`)),
    description: v.optional(str()),
    audience: v.optional(str()),
    expires: v.optional(str()),
    rules: v.pipe(
      v.array(ruleSchema, 'expected an array of rules'),
      v.maxLength(MAX_RULES, `expected at most ${MAX_RULES} rules`),
    ),
    // age recipients exports are encrypted to (issue 16); covered by the signature like every field.
    recipients: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            str(),
            v.check((r) => ageRecipientOk(r), 'expected an age X25519 recipient (age1…)'),
          ),
          'expected an array of age recipients',
        ),
        v.maxLength(32, 'expected at most 32 recipients'),
      ),
    ),
    signature: v.optional(
      v.looseObject(
        { alg: v.picklist(ALGS, oneOf(ALGS)), keyId: nonEmptyString, value: nonEmptyString },
        'expected a signature object',
      ),
    ),
  },
  'expected a rule pack object',
);

const KNOWN_KEYS = {
  pack: Object.keys(packSchema.entries),
  rule: Object.keys(ruleEntries.entries),
  scope: ['hosts', 'paths'],
  signature: ['alg', 'keyId', 'value'],
};

/**
 * Validates a parsed rule pack and returns every error with its JSON path, or the pack.
 * Beyond shape: unique ids, target/field consistency, safe value patterns, known detectors,
 * no unknown properties (except `x-…`), and size caps.
 */
export function validateRulePack(input: unknown, opts: ValidateOptions = {}): ValidationResult {
  const size = jsonBytes(input);
  if (size > MAX_PACK_BYTES) {
    return {
      ok: false,
      errors: [{ path: '(root)', message: `pack is ${size} bytes; the limit is ${MAX_PACK_BYTES}` }],
    };
  }
  if (!isObject(input))
    return { ok: false, errors: [{ path: '(root)', message: 'expected a rule pack object' }] };
  const errors: ValidationError[] = [];
  const shape = v.safeParse(packSchema, input, { abortEarly: false });
  if (!shape.success) {
    for (const issue of shape.issues) {
      const path = pathOf(issue.path);
      // valibot reports a missing key with the enclosing object's message; say what is missing.
      const missing = issue.path && issue.received === 'undefined' && issue.kind === 'schema';
      errors.push({ path, message: missing ? 'required property is missing' : issue.message });
    }
  }
  semanticChecks(input, opts, errors);
  errors.sort((a, b) => comparePaths(a.path, b.path));
  return errors.length
    ? { ok: false, errors: dedupe(errors) }
    : { ok: true, pack: input as unknown as RulePack };
}

/**
 * Parses JSON text and validates it; a syntax error or a duplicate key is reported at `(root)`, in
 * one line that never quotes the text.
 */
export function parseRulePack(text: string, opts: ValidateOptions = {}): ValidationResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PACK_BYTES) {
    return {
      ok: false,
      errors: [{ path: '(root)', message: `pack is ${bytes} bytes; the limit is ${MAX_PACK_BYTES}` }],
    };
  }
  const parsed = parsePackJson(text);
  if (!parsed.ok) return { ok: false, errors: [{ path: '(root)', message: parsed.error }] };
  return validateRulePack(parsed.value, opts);
}

/** Formats errors one per line, `path: message`. */
export function formatValidationErrors(errors: ValidationError[]): string[] {
  return errors.map((e) => `${e.path}: ${e.message}`);
}

function semanticChecks(
  pack: Record<string, unknown>,
  opts: ValidateOptions,
  errors: ValidationError[],
): void {
  unknownKeys(pack, KNOWN_KEYS.pack, '', errors);
  for (const k of ['audience', 'expires'] as const) {
    const value = pack[k];
    const problem = typeof value === 'string' ? claimShapeProblem(k, value) : null;
    if (problem) errors.push({ path: k, message: problem });
  }
  if (isObject(pack.signature)) unknownKeys(pack.signature, KNOWN_KEYS.signature, 'signature', errors);
  if (!Array.isArray(pack.rules)) return;
  const firstIndexOfId = new Map<string, number>();
  pack.rules.forEach((rule: unknown, i: number) => {
    const at = `rules[${i}]`;
    if (!isObject(rule)) return;
    unknownKeys(rule, KNOWN_KEYS.rule, at, errors);
    if (isObject(rule.scope)) unknownKeys(rule.scope, KNOWN_KEYS.scope, `${at}.scope`, errors);
    if (typeof rule.id === 'string' && rule.id !== '') {
      const first = firstIndexOfId.get(rule.id);
      if (first === undefined) firstIndexOfId.set(rule.id, i);
      else
        errors.push({
          path: `${at}.id`,
          message: `duplicate id "${rule.id}" (first used by rules[${first}])`,
        });
    }
    targetChecks(rule, at, opts, errors);
  });
}

function targetChecks(
  rule: Record<string, unknown>,
  at: string,
  opts: ValidateOptions,
  errors: ValidationError[],
): void {
  const has = (k: string) => rule[k] !== undefined;
  if (rule.target === 'value') {
    if (has('pattern') === has('detector')) {
      errors.push({ path: at, message: 'target value needs exactly one of pattern or detector' });
    }
    for (const k of ['names', 'nameContains', 'nameEndsWith']) {
      if (has(k)) errors.push({ path: `${at}.${k}`, message: `${k} does not apply to target value` });
    }
  } else if (typeof rule.target === 'string' && (TARGETS as readonly string[]).includes(rule.target)) {
    if (!has('names') && !has('nameContains') && !has('nameEndsWith')) {
      errors.push({ path: at, message: `target ${rule.target} needs names, nameContains or nameEndsWith` });
    }
    for (const k of ['pattern', 'detector']) {
      if (has(k)) errors.push({ path: `${at}.${k}`, message: `${k} applies only to target value` });
    }
  }
  if (typeof rule.pattern === 'string') {
    const problem = patternProblem(rule.pattern);
    if (problem) errors.push({ path: `${at}.pattern`, message: problem });
  }
  if (typeof rule.detector === 'string' && rule.detector !== '' && opts.knownDetectors) {
    if (!opts.knownDetectors.includes(rule.detector)) {
      errors.push({ path: `${at}.detector`, message: `unknown detector "${rule.detector}"` });
    }
  }
}

function unknownKeys(
  obj: Record<string, unknown>,
  known: string[],
  at: string,
  errors: ValidationError[],
): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key) || key.startsWith('x-')) continue;
    const near = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
    const hint = near ? `; did you mean "${near}"?` : '; extension keys must start with "x-"';
    errors.push({ path: joinPath(at, key), message: `unknown property "${key}"${hint}` });
  }
}

function pathOf(items: readonly { key: unknown }[] | undefined): string {
  let out = '';
  for (const { key } of items ?? []) {
    out = typeof key === 'number' ? `${out}[${key}]` : joinPath(out, String(key));
  }
  return out || '(root)';
}

// Orders `rules[2]…` before `rules[10]…` so errors read rule by rule.
function comparePaths(a: string, b: string): number {
  const key = (p: string) => p.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(6, '0')}]`);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

function dedupe(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function jsonBytes(input: unknown): number {
  try {
    return new TextEncoder().encode(JSON.stringify(input) ?? '').length;
  } catch {
    return 0;
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
