import type { PackInfo, RuleOrigin } from '../rules/types';

/** Where a finding was seen: entry index (null for log-level places such as pages) and a path. */
export interface FindingLocation {
  entry: number | null;
  /** e.g. `request.headers[authorization]`, `response.content.text$.access_token`. */
  path: string;
}

/** One distinct secret value. Never carries the value itself. */
export interface Finding {
  /** The correlation tag used in placeholders (HMAC of the value under the per-export key). */
  tag: string;
  /** What kind of value it is: `cookie`, `password`, `jwt`, `email`, `aws-access-key`, … */
  label: string;
  /** The rule (or detector rule) that first identified it. */
  ruleId: string;
  origin: RuleOrigin;
  locked: boolean;
  /** The name it stood under where it was found by name (header / cookie / field), if any. */
  name?: string;
  /** Every replacement made for this value, including propagated ones. */
  count: number;
  /** Up to 50 locations. */
  locations: FindingLocation[];
  /** True when the user chose to keep this value (options.keepTags). */
  kept?: boolean;
}

export interface RedactionReport {
  findings: Finding[];
  /** Distinct secret values redacted. */
  secrets: number;
  /** Total replacements made. */
  replacements: number;
  entries: number;
  byLabel: Record<string, number>;
  byRule: Record<string, number>;
  /** Non-fatal notes for the user, e.g. "entry 4: base64 content is not valid base64; left as is". */
  warnings: string[];
  /**
   * Values a broad rule would have taken but that cannot be credentials (`theme=dark`, `true`, a
   * timestamp, a language tag), left as they were: how many distinct values, by label (never a value).
   */
  harmless?: Record<string, number>;
  /** Distinct values the user chose to keep (left in clear; not in `secrets`, `replacements`, `byLabel`). */
  kept?: number;
}

/** A value left in clear because the user chose so: its rule and tag, never the value. */
export interface KeptValue {
  ruleId: string;
  label: string;
  tag: string;
  /** Places where it stands in clear. */
  count: number;
  decidedBy: 'user';
}

/** Embedded in the output as `log._redaction`. */
export interface RedactionManifest {
  tool: { name: string; version: string };
  redactedAt?: string;
  packs: PackInfo[];
  counts: { secrets: number; replacements: number; byLabel: Record<string, number>; kept?: number };
  /** Values the user chose to keep in clear (present only when there are some). */
  kept?: KeptValue[];
  note: string;
}
