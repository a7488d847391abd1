/**
 * Page side of an export (issue 16): encrypt to the recipients in force (refuse when policy requires it
 * and there are none), hash the bytes that leave, save or upload them, and tell the background so the
 * export log has a record. The plaintext is never saved when a recipient exists.
 */
import {
  loggableUrl,
  sealStream,
  sealedName,
  sha256Hasher,
  utf8Slices,
  type ExportVia,
} from '../../src/export/index';
import type { RedactionReport } from '../../src/index';
import { send } from './messaging';
import { saveParts } from './download';
import type { ExportConfig, ExportRecord } from './export-types';

export interface ExportInput {
  /** A Blob (the review page's output, made in its worker) is read here in slices, never whole. */
  parts: (string | Uint8Array | Blob)[];
  /** `<name>.redacted.har` */
  filename: string;
  report: RedactionReport;
  /** What was redacted, for the export log: the opened file's name (a capture: from `filename`). */
  source?: string;
}

export interface PreparedExport {
  parts: (Uint8Array | Blob)[];
  filename: string;
  digest: { sha256: string; bytes: number };
  recipients: string[];
  contentType: string;
}

/** Policy requires encryption and nobody to encrypt to: nothing leaves. */
export class ExportRefused extends Error {}

export const REFUSED_NO_RECIPIENT =
  'your organisation requires encrypted exports, and no age recipient is set (by policy, a signed team pack, or Options → Encryption).';

/**
 * Hashing and encryption run here, on the page's thread, in slices this big with a pause between them,
 * so a 100 MB file never freezes the page (one piece at once stalled it for 2.4 s on 50 MB).
 */
const SLICE = 1024 * 1024;
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function* slices(parts: (string | Uint8Array)[]): Generator<Uint8Array> {
  for (const p of parts)
    for (const bytes of typeof p === 'string' ? utf8Slices(p) : [p])
      for (let i = 0; i < bytes.length; i += SLICE) yield bytes.subarray(i, i + SLICE);
}

export async function prepareExport(input: ExportInput, config?: ExportConfig): Promise<PreparedExport> {
  const cfg = config ?? (await send('export:config', {}));
  const recipients = cfg.recipients.map((r) => r.key);
  if (recipients.length === 0 && cfg.required) throw new ExportRefused(REFUSED_NO_RECIPIENT);
  const hasher = sha256Hasher();
  const parts: (Uint8Array | Blob)[] = [];
  const emit = (bytes: Uint8Array) => {
    hasher.update(bytes);
    parts.push(bytes);
  };
  const seal = recipients.length ? sealStream(recipients, { write: emit }) : null;
  try {
    for (const part of input.parts) {
      if (part instanceof Blob) {
        // Read a slice at a time; a plain save keeps the Blob's own slices (no copy on this page).
        for (let at = 0; at < part.size; at += SLICE) {
          const piece = part.slice(at, at + SLICE);
          const bytes = new Uint8Array(await piece.arrayBuffer());
          if (seal) seal.write(bytes);
          else {
            hasher.update(bytes);
            parts.push(piece);
          }
          await pause();
        }
        continue;
      }
      for (const slice of slices([part])) {
        if (seal) seal.write(slice);
        else emit(slice);
        await pause();
      }
    }
    await seal?.close();
  } catch (err) {
    seal?.abort();
    throw err;
  }
  return {
    parts,
    filename: recipients.length ? sealedName(input.filename) : input.filename,
    digest: { sha256: hasher.hex(), bytes: hasher.length },
    recipients,
    contentType: recipients.length ? 'application/octet-stream' : 'application/json',
  };
}

/** Which page this is, for the record. */
export function viaHere(): ExportVia {
  const path = typeof location !== 'undefined' ? location.pathname : '';
  if (path.includes('/popup/')) return 'popup';
  if (path.includes('/review/')) return 'review';
  return 'panel';
}

/** The tab's host (captures are `<host>-<date>.redacted.har`) or the input file's name. */
export function sourceOf(filename: string): string {
  return filename.replace(/(-\d{4}-\d{2}-\d{2})?\.redacted\.har$/, '') || filename;
}

/** Only what the record needs: kept findings' tags and the counts; no locations. */
function slimReport(r: RedactionReport): RedactionReport {
  return {
    ...r,
    findings: r.findings.filter((f) => f.kept).map((f) => ({ ...f, locations: [] })),
    warnings: [],
  };
}

/** Adds the record to the export log; a failure is returned, never thrown (the file already left). */
export async function recordExport(
  input: ExportInput,
  prepared: PreparedExport,
  upload?: { url: string; status: number },
): Promise<ExportRecord | null> {
  try {
    return await send('export:record', {
      via: viaHere(),
      source: input.source ?? sourceOf(input.filename),
      output: prepared.filename,
      digest: prepared.digest,
      report: slimReport(input.report),
      recipients: prepared.recipients,
      ...(upload ? { upload: { url: loggableUrl(upload.url), status: upload.status } } : {}),
    });
  } catch {
    return null;
  }
}

/** Download: encrypted when recipients exist, then recorded. */
export async function saveExport(input: ExportInput): Promise<PreparedExport> {
  const prepared = await prepareExport(input);
  await saveParts(prepared.parts as BlobPart[], prepared.filename);
  await recordExport(input, prepared);
  return prepared;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An upload link: HTTPS (plain HTTP only to this machine), no user name or password in it. */
export function checkUploadUrl(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'Paste the whole upload link (https://…).' };
  }
  if (url.username || url.password)
    return { ok: false, reason: 'The link must not contain a user name or password.' };
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return { ok: true, url };
  return { ok: false, reason: `Refused: ${url.protocol}//${url.host} is not HTTPS.` };
}

/**
 * PUTs the bytes with upload progress (fetch has none). Never with credentials: no cookie, no
 * authorization of the user's goes with it; the link itself authorises the upload.
 */
export function putWithProgress(
  url: string,
  prepared: PreparedExport,
  onProgress: (loaded: number, total: number) => void,
): { done: Promise<number>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<number>((resolve, reject) => {
    xhr.open('PUT', url);
    xhr.withCredentials = false;
    xhr.setRequestHeader('content-type', prepared.contentType);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : prepared.digest.bytes);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve(xhr.status)
        : reject(
            new Error(`the server answered HTTP ${xhr.status}${xhr.statusText ? ' ' + xhr.statusText : ''}`),
          );
    xhr.onerror = () =>
      reject(
        new Error(
          `could not reach ${new URL(url).origin} (offline, or it does not accept uploads from here)`,
        ),
      );
    xhr.onabort = () => reject(new Error('Cancelled.'));
    xhr.send(new Blob(prepared.parts as BlobPart[], { type: prepared.contentType }));
  });
  return { done, abort: () => xhr.abort() };
}
