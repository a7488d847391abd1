import type { Entry } from 'har-format';
import type { RedactionReport, RuleSet } from '../../src/index';

/** page → review worker. */
export type ReviewWorkerRequest =
  /** The opened file itself (structured-cloned: the worker streams it, the page never reads it). */
  | { type: 'load'; file: File }
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
  /** The file is taken (its entries are counted by the run: see `redacted`). */
  | { type: 'loaded' }
  | { type: 'progress'; id: number; done: number; total: number }
  | {
      type: 'redacted';
      id: number;
      /** The sanitized HAR, built from parts. */
      blob: Blob;
      report: RedactionReport;
      entries: number;
      host: string | null;
      filename: string;
    }
  | { type: 'revealed'; tag: string; value: string | null }
  | { type: 'entry'; index: number; before: Entry | null; after: Entry | null }
  | { type: 'error'; id?: number; message: string };
