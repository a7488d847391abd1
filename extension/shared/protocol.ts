/**
 * The one typed protocol between the extension's contexts and the background worker.
 * Request/response messages go through `runtime.sendMessage`; streams (capture, jobs, panel updates)
 * go over named ports, because messages are size-limited and the worker may restart.
 */
import type { Entry, Page } from 'har-format';
import type { RedactionReport, RuleSet } from '../../src/index';
import type { RuleSourceStatus } from '../background/rules/index';
import type { Settings } from './storage';
import type {
  AgeRecipient,
  AuditQueueStatus,
  ExportConfig,
  ExportNotice,
  ExportRecord,
} from './export-types';
import type { FindingsSummary } from './ui/categories';

/** One row of the panel's request list: never carries header or body values. */
export interface EntrySummary {
  index: number;
  method: string;
  status: number;
  url: string;
  type: string;
  size: number;
  /** Findings located in this entry (from the last analysis), or null while not analysed. */
  findings: number | null;
  bodyNotAvailable: boolean;
  /** Total time of the request in ms (HAR `time`), for the panel's Time column. */
  time?: number;
}

export interface CaptureSummary {
  tabId: number;
  count: number;
  /** Bumped whenever the list changes in a way that is not an append (clear, analysis). */
  generation: number;
  /** Entries covered by `report` (the analysis runs behind the capture). */
  analysedCount: number;
  report: RedactionReport | null;
  analysisError: string | null;
  /** Entries whose response body DevTools did not deliver. */
  bodiesNotAvailable: number;
  /** Entries kept only in memory (session storage full): lost if the worker restarts. */
  notPersisted: number;
  host: string | null;
  /**
   * What `report` finds, by category and name (computed once per analysis step). Updates carry this
   * and `report` without its findings: a busy capture has thousands, sent several times a second.
   */
  overview?: FindingsSummary | null;
}

export interface RulesStateDto {
  ruleSet: RuleSet;
  disabledRules: string[];
  status: RuleSourceStatus[];
  userRulesAllowed: boolean;
  lockedRuleIds: string[];
}

export interface Messages {
  'capture:summary': { payload: { tabId: number }; response: CaptureSummary };
  'capture:list': {
    payload: { tabId: number; from: number; count: number };
    response: { total: number; generation: number; rows: EntrySummary[] };
  };
  'capture:entry': {
    payload: { tabId: number; index: number };
    response: { before: Entry | null; after: Entry | null; bodyNotAvailable: boolean };
  };
  'capture:clear': { payload: { tabId: number }; response: { ok: true } };
  /** The capture analysis' whole report (Copy report). */
  'capture:report': { payload: { tabId: number }; response: { report: RedactionReport | null } };
  /** Entries from `getHAR()` (before the devtools page loaded, open WebSockets): deduplicated. */
  'capture:merge': {
    payload: { tabId: number; entries: Entry[]; pages: Page[] };
    response: { added: number };
  };
  /** Entries holding `text` in a header, cookie, query or body (the panel's search): indexes only. */
  'capture:search': { payload: { tabId: number; text: string }; response: { indexes: number[] } };
  'settings:get': { payload: Record<string, never>; response: Settings };
  'settings:update': { payload: Partial<Omit<Settings, 'version'>>; response: Settings };
  'rules:state': { payload: Record<string, never>; response: RulesStateDto };
  'rules:syncNow': { payload: Record<string, never>; response: RuleSourceStatus[] };
  /** Exports (issue 16): encryption in force, the export log, the audit endpoint's queue. */
  'export:config': { payload: Record<string, never>; response: ExportConfig };
  'export:setRecipients': { payload: { recipients: AgeRecipient[] }; response: ExportConfig };
  'export:record': { payload: ExportNotice; response: ExportRecord };
  'export:log': {
    payload: Record<string, never>;
    response: { records: ExportRecord[]; audit: AuditQueueStatus };
  };
}

export type MessageName = keyof Messages;
export type Payload<K extends MessageName> = Messages[K]['payload'];
export type Response<K extends MessageName> = Messages[K]['response'];

export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: Payload<K>;
}

/** What a handler table must look like: every message handled, with the right types. */
export type Handlers = {
  [K in MessageName]: (payload: Payload<K>) => Promise<Response<K>> | Response<K>;
};

/** A reply on the wire: errors travel as data so the caller can show the message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

// ---- Ports ----------------------------------------------------------------------------------

export const CAPTURE_PORT_PREFIX = 'capture:';
export const PANEL_PORT_PREFIX = 'panel:';
export const JOB_PORT = 'job';

export const capturePortName = (tabId: number): string => `${CAPTURE_PORT_PREFIX}${tabId}`;
export const panelPortName = (tabId: number): string => `${PANEL_PORT_PREFIX}${tabId}`;

/** devtools page → background. `seq` is per capture session so replays after a reconnect are idempotent. */
export type CaptureClientMessage =
  | { type: 'hello'; session: string }
  | { type: 'entry'; session: string; seq: number; entry: Entry }
  | { type: 'navigated'; url: string }
  /** An entry sent again whole, because the background asked for it (`need`) after a worker restart. */
  | { type: 'resupply'; session: string; seq: number; entry: Entry }
  /** After a `need`: everything asked for (and everything pending) has been sent again. */
  | { type: 'resent'; session: string };

/**
 * background → devtools page. `ack`: stored; `hold`: not in session storage whole (quota), so the
 * page keeps it. `need` answers every `hello`: the entries `seqs` lost their bodies (send them again
 * as `resupply`), and every held entry above `after` is unknown to this worker (send it again as
 * `entry`, with the pending ones, then `resent`). `release`: the capture was cleared.
 */
export type CaptureServerMessage =
  | { type: 'ack'; session: string; seq: number; hold?: true }
  | { type: 'need'; session: string; seqs: number[]; after: number }
  | { type: 'release'; session: string };

/** background → panel: something changed; the panel fetches what it needs. */
export type PanelServerMessage = { type: 'changed'; summary: CaptureSummary };

export type JobSource = { kind: 'capture'; tabId: number };

/** page → background over the `job` port. */
export type JobClientMessage = { type: 'start'; source: JobSource; keepTags?: string[] } | { type: 'cancel' };

/** background → page. The redacted text follows in `chunk`s; the page assembles and downloads it. */
export type JobServerMessage =
  | { type: 'progress'; phase: 'redact' | 'send'; done: number; total: number }
  | {
      type: 'result';
      filename: string;
      report: RedactionReport;
      chunks: number;
      length: number;
    }
  | { type: 'chunk'; index: number; data: string }
  | { type: 'done' }
  | { type: 'error'; message: string };
