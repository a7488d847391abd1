/** What the pages and the background say to each other about exports (issue 16). */
import type { AgeRecipient, ExportRecord, ExportVia } from '../../src/export/index';
import type { RedactionReport } from '../../src/index';

export type { AgeRecipient, ExportRecord, ExportVia };

export interface ExportRecipient extends AgeRecipient {
  from: 'policy' | 'team' | 'user';
}

/** How exports leave right now: to whom they are encrypted, whether they must be, where uploads go. */
export interface ExportConfig {
  /** Every recipient in force (policy, then the signed team pack, then the user's). */
  recipients: ExportRecipient[];
  /** Policy's requireEncryption. */
  required: boolean;
  /** The user's own recipients (editable in options). */
  userRecipients: AgeRecipient[];
  /** Policy's upload endpoint, if any. */
  uploadUrl?: string;
  /** Policy's audit endpoint, if any (origin and path only, for display). */
  auditLogUrl?: string;
  /** One sentence each: policy recipients that were ignored, and why. */
  problems: string[];
}

/** A finished export, as the page reports it; the background adds packs and the tool version. */
export interface ExportNotice {
  via: ExportVia;
  source: string;
  output: string;
  digest: { sha256: string; bytes: number };
  /** The report without locations (only what the record needs). */
  report: RedactionReport;
  recipients: string[];
  upload?: { url: string; status: number };
}

/** The audit endpoint's queue, for the options page. */
export interface AuditQueueStatus {
  url?: string;
  pending: number;
  sent: number;
  dropped: number;
  lastError?: string;
}
