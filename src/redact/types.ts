import type { Har } from 'har-format';
import type { RedactionReport } from '../report/types';

export interface RedactOptions {
  /**
   * Per-export HMAC key for placeholder tags. Random (crypto.getRandomValues) when absent.
   * Pass the same key to re-run a review with the same tags.
   */
  key?: Uint8Array;
  /** Finding tags the user chose to keep (refused for locked rules: those stay redacted). */
  keepTags?: string[];
  /** Rule ids the user switched off (ignored for locked rules). */
  disabledRules?: string[];
  /** Written into log._redaction. */
  tool?: { name: string; version: string };
  /** ISO date written into log._redaction (left out when absent, for determinism). */
  now?: string;
  /** Called now and then with entries done / total. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between entries; when `aborted` is true redactHar throws a RedactionCancelled error. */
  signal?: { readonly aborted: boolean };
}

export interface RedactResult {
  har: Har;
  report: RedactionReport;
}
