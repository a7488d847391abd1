/**
 * One line of the export log: what left the machine, when, under which rules. Built only from
 * counts, tags, ids and names: never a value, a header, a body or a URL's query.
 */
import type { RedactionReport } from '../report/types';
import type { PackInfo } from '../rules/types';
import { splitUrl } from '../redact/url';

export type ExportVia = 'cli' | 'panel' | 'popup' | 'review';

export interface ExportRecord {
  /** Format of this record. */
  v: 1;
  time: string;
  via: ExportVia;
  /** The tab's host or the input file's name. */
  source: string;
  /** The file name written (or `stdout`). */
  output: string;
  /** SHA-256 of the bytes written (the encrypted file when encrypted), as sha256sum prints it. */
  sha256: string;
  bytes: number;
  entries: number;
  /** Distinct values removed, by kind (cookie, jwt, email, …). */
  findings: Record<string, number>;
  secrets: number;
  replacements: number;
  /** Tags of values the user kept on purpose (the tags, never the values). */
  kept: string[];
  packs: PackInfo[];
  /** age recipients the file was encrypted to; empty when it was not. */
  recipients: string[];
  /** Where it was uploaded: origin and path, never the query (a pre-signed URL's query is a credential). */
  upload?: { url: string; status: number };
  tool: { name: string; version: string };
}

export interface ExportFacts {
  time: Date | string;
  via: ExportVia;
  source: string;
  output: string;
  digest: { sha256: string; bytes: number };
  report: RedactionReport;
  packs: PackInfo[];
  recipients: string[];
  tool: { name: string; version: string };
  upload?: { url: string; status: number };
}

/** A URL as the log may show it: scheme, host and path; no user info, query or fragment. */
export function loggableUrl(raw: string): string {
  const u = splitUrl(raw.trim());
  if (!u || !u.scheme || u.authority === undefined) return '(not a URL)';
  const hostport = u.authority.slice(u.authority.lastIndexOf('@') + 1);
  return `${u.scheme.toLowerCase()}//${hostport.toLowerCase()}${u.path}`;
}

/** A name for the log: the last path segment, without anything that looks like a query. */
export function loggableName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/[?#].*$/s, '').slice(0, 200) || '(unnamed)';
}

export function buildExportRecord(f: ExportFacts): ExportRecord {
  const kept = f.report.findings.filter((x) => x.kept).map((x) => x.tag);
  const record: ExportRecord = {
    v: 1,
    time: typeof f.time === 'string' ? f.time : f.time.toISOString(),
    via: f.via,
    source: loggableName(f.source),
    output: loggableName(f.output),
    sha256: f.digest.sha256,
    bytes: f.digest.bytes,
    entries: f.report.entries,
    findings: { ...f.report.byLabel },
    secrets: f.report.secrets,
    replacements: f.report.replacements,
    kept,
    packs: f.packs.map((p) => ({
      id: p.id,
      version: p.version,
      origin: p.origin,
      ...(p.keyId ? { keyId: p.keyId } : {}),
    })),
    recipients: [...f.recipients],
    tool: { name: f.tool.name, version: f.tool.version },
  };
  if (f.upload) record.upload = { url: loggableUrl(f.upload.url), status: f.upload.status };
  return record;
}

/** One JSON Lines line (with its line feed). */
export function recordLine(record: ExportRecord): string {
  return JSON.stringify(record) + '\n';
}
