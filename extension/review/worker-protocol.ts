import type { Entry } from 'har-format';
import type { RedactionReport, RuleSet } from '../../src/index';

/** page → review worker. */
export type ReviewWorkerRequest =
  | { type: 'load'; bytes: ArrayBuffer }
  | {
      type: 'redact';
      id: number;
      ruleSet: RuleSet;
      disabledRules: string[];
      keepTags: string[];
      key: Uint8Array;
      now: string;
    }
  | { type: 'reveal'; tag: string }
  | { type: 'entry'; index: number };

/** review worker → page. */
export type ReviewWorkerResponse =
  | { type: 'loaded'; entries: number; host: string | null }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'redacted'; id: number; bytes: Uint8Array; report: RedactionReport; filename: string }
  | { type: 'revealed'; tag: string; value: string | null }
  | { type: 'entry'; index: number; before: Entry | null; after: Entry | null }
  | { type: 'error'; id?: number; message: string };
