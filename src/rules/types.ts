/**
 * Rule-pack format v1. Rules are data: they name *where* to look (a location family and names)
 * or *what* to look for (a value pattern or a built-in detector), and what to do.
 */

/** Where a rule's names are matched. `name` = every named location (header, cookie, query, field). */
export type RuleTarget = 'header' | 'cookie' | 'query' | 'field' | 'name' | 'value';

/**
 * redact: replace the value with a placeholder (the name stays: support sees it was sent).
 * remove: drop the header / cookie / parameter / field entirely.
 * keep:   an allow rule: names it matches are not redacted by name rules (value detectors still run).
 */
export type RuleAction = 'redact' | 'remove' | 'keep';

export interface RuleScope {
  /** Host names; `*.example.com` matches sub-domains. Case-insensitive, literal. */
  hosts?: string[];
  /** Path prefixes, e.g. `/api/`. Literal. */
  paths?: string[];
}

export interface Rule {
  /** Unique across all packs in force, e.g. `header.authorization` or `acme.x-acme-tenant`. */
  id: string;
  description?: string;
  target: RuleTarget;
  /** Exact names, matched case-insensitively and ignoring `-`, `_`, `.`, `[`, `]`, spaces (never as regexes). */
  names?: string[];
  /** Substrings of names, matched case-insensitively, ignoring `-`, `_`, `.` and spaces. */
  nameContains?: string[];
  /**
   * Last words of names, case-insensitive, after a separator (`-`, `_`, `.`, a space) or as the
   * whole name: `pass` matches `DB_PASS`, `ansible_become_pass`, not `compass` or `boardingPass`.
   */
  nameEndsWith?: string[];
  /** target `value`: a JavaScript regular expression source (no flags; `g`/`u` added by us). */
  pattern?: string;
  /** target `value`: a built-in detector id (see src/detect/registry.ts). */
  detector?: string;
  scope?: RuleScope;
  action: RuleAction;
  /** A locked rule cannot be switched off or overridden by a later source or by the user. */
  locked?: boolean;
  /** Default true. */
  enabled?: boolean;
  /** What the placeholder says was removed, e.g. `cookie`, `password`, `email`. Defaults from target. */
  label?: string;
  /** Built-in group for the options page (e.g. `auth-headers`, `pii`). */
  group?: string;
}

export interface PackSignature {
  alg: 'Ed25519' | 'ECDSA-P256';
  /** Identifies the signing key (e.g. the first 16 hex chars of the SHA-256 of its SPKI). */
  keyId: string;
  /** base64 signature over the canonical form of the pack without `signature`. */
  value: string;
}

export interface RulePack {
  schemaVersion: 1;
  id: string;
  version: string;
  description?: string;
  /**
   * The URL the pack is published at. Covered by the signature, so a signed pack is only accepted
   * from that URL. Required in signed packs.
   */
  audience?: string;
  /** Date or date-time (ISO 8601) after which the pack is refused. Required in signed packs. */
  expires?: string;
  rules: Rule[];
  /** age recipients every export is encrypted to (trusted only from a signed team pack). */
  recipients?: string[];
  signature?: PackSignature;
}

export type RuleOrigin = 'builtin' | 'team' | 'policy' | 'user' | 'cli';

export interface RuleSource {
  pack: RulePack;
  origin: RuleOrigin;
  /** The key that verified the pack's signature, if any. */
  keyId?: string;
}

export interface EffectiveRule extends Rule {
  packId: string;
  origin: RuleOrigin;
}

export interface PackInfo {
  id: string;
  version: string;
  origin: RuleOrigin;
  keyId?: string;
}

/** What redactHar consumes: the merged, conflict-resolved rules in force. */
export interface RuleSet {
  packs: PackInfo[];
  rules: EffectiveRule[];
}
