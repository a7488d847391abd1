import type { Content, Param, PostData } from 'har-format';
import type { Pass } from './context';
import { readBody } from './readers';
import { looksBinary, rewriteBinary } from './readers/binary';
import {
  compressionOfBase64,
  compressionOfBytes,
  MAX_INFLATED,
  throughCompressed,
  throughCompressedBytes,
} from './readers/compressed';
import { isZip, MAX_ARCHIVE_DEPTH, throughZip, withStoredChecksums, ZIP_BASE64 } from './readers/zip';
import { withWorkbookSecrets, workbookSecrets, type WorkbookSecrets } from './readers/xlsx';
import { scrubRecurringText, scrubText } from './text';
import { scrubParamValue } from './url';
import {
  base64Decode,
  base64DecodeLatin1,
  base64Encode,
  isBase64,
  latin1Encode,
  utf16DecodeMarked,
  utf16Encode,
  utf8DecodeStrict,
  utf8Encode,
} from '../util/bytes';

export const MAX_NESTING = 2000;

/** Media: images (but SVG, which is XML), sound, video, fonts, archives, PDF. */
const MEDIA =
  /^(image\/(?!svg)|audio\/|video\/|font\/)|^application\/(font|x-font|vnd\.ms-fontobject|wasm|zip|gzip|x-gzip|pdf)/i;

const ARCHIVE_TYPE = /^application\/(?:x-)?(?:gzip|zip)\b/i;

/** The type of a file in an archive, by its name's extension ('' : told by what it holds). */
function mimeOfFile(name: string): string {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1].toLowerCase() ?? '';
  return FILE_TYPES[ext] ?? '';
}
const FILE_TYPES: Record<string, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
  js: 'application/javascript',
  mjs: 'application/javascript',
  cjs: 'application/javascript',
  css: 'text/css',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  rels: 'application/xml',
  svg: 'image/svg+xml',
  plist: 'application/xml',
};

/** A body text in its own language (see readers/). */
export function processBodyText(p: Pass, text: string, mimeType: string, path: string): string {
  return readBody(p, text, mimeType, path);
}

export function processParamsArray(p: Pass, params: Param[] | undefined, path: string): Param[] {
  if (!Array.isArray(params)) return params as unknown as Param[];
  return params.map((prm) => {
    if (!prm || typeof prm !== 'object') return prm;
    const name = String(prm.name ?? '');
    let out = prm;
    if (typeof prm.value === 'string' && prm.value) {
      const d = p.decide('field', name) ?? p.decide('query', name);
      const where = `${path}[${name}]`;
      // A form field is read as the same field in the body's text is (by its name too); a part
      // with a type or a file name, as a body of that type.
      const value = d
        ? p.named(prm.value, d, 'field', name, where)
        : prm.contentType || prm.fileName
          ? processBodyText(p, prm.value, prm.contentType ?? '', where)
          : scrubParamValue(p, prm.value, name, where, 1);
      if (value !== prm.value) out = { ...out, value };
    }
    if (typeof prm.fileName === 'string' && prm.fileName.length >= 5) {
      const fileName = scrubText(p, prm.fileName, `${path}[${name}].fileName`);
      if (fileName !== prm.fileName) out = { ...out, fileName };
    }
    return out;
  });
}

export function processPostData(p: Pass, pd: PostData | undefined, path: string): PostData | undefined {
  if (!pd || typeof pd !== 'object') return pd;
  let out: PostData = pd;
  const mime = typeof pd.mimeType === 'string' ? pd.mimeType : '';
  if (typeof pd.text === 'string' && pd.text) {
    const text = processBodyText(p, pd.text, mime, `${path}.text`);
    if (text !== pd.text) out = { ...out, text } as PostData;
  }
  if (Array.isArray(pd.params)) {
    const params = processParamsArray(p, pd.params, `${path}.params`);
    if (params.some((x, i) => x !== pd.params![i])) out = { ...out, params } as PostData;
  }
  return processUnknownFields(p, out, path);
}

/** Decoded bytes read as text: valid UTF-8, not binary-looking, not a protobuf or gRPC type. */
function readsAsText(text: string | null, mimeType: string): text is string {
  return text !== null && !looksBinary(text) && !/grpc|protobuf/i.test(mimeType);
}

/**
 * Decoded or inflated bytes: an archive in them opened (gzip, ZIP), text read through `scan` (UTF-8,
 * or UTF-16 with its byte order mark), else binary as rewriteBinary reads it.
 */
function readBytes(
  p: Pass,
  bytes: Uint8Array,
  mimeType: string,
  path: string,
  scan: (text: string) => string,
  depth = 0,
  /** Binary masked in place (false in an archive's files: their images and blobs stay). */
  mask = true,
): Uint8Array {
  const zip = isZip(bytes);
  if (zip || compressionOfBytes(bytes) === 'gzip') {
    if (depth >= MAX_ARCHIVE_DEPTH)
      p.warnings.push(
        `entry ${p.entry}: ${path} holds archives nested deeper than ${MAX_ARCHIVE_DEPTH}: the innermost is not opened`,
      );
    else if (zip) return readZip(p, bytes, path, depth + 1) ?? bytes;
    else {
      const next = throughCompressedBytes(
        bytes,
        'gzip',
        (inflated) => readBytes(p, inflated, mimeType, `${path}(gzip)`, scan, depth + 1, mask),
        () => unreadable(path, 'is gzip-compressed and inflates'),
      );
      if (next !== null) return next;
    }
  }
  const text = utf8DecodeStrict(bytes);
  if (readsAsText(text, mimeType)) {
    const next = scan(text);
    return next === text ? bytes : utf8Encode(next);
  }
  const utf16 = text === null ? readUtf16(bytes, mimeType, scan) : null;
  if (utf16) return utf16;
  // (A 30 MB blob in a bundle, read byte by byte as text, took a capped thread past its memory.)
  return mask ? rewriteBinary(p, bytes, mimeType, path) : bytes;
}

/**
 * Bytes of UTF-16 text with its byte order mark, read through `scan` without the mark (JSON starts
 * after it) and written back as they came (the same bytes when nothing changed); null for others.
 */
function readUtf16(bytes: Uint8Array, mimeType: string, scan: (text: string) => string): Uint8Array | null {
  const utf16 = utf16DecodeMarked(bytes);
  if (!utf16 || !readsAsText(utf16.text, mimeType)) return null;
  const mark = utf16.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = utf16.text.slice(mark);
  const next = scan(body);
  return next === body ? bytes : utf16Encode(utf16.text.slice(0, mark) + next, utf16.littleEndian);
}

/**
 * A body that inflates past MAX_INFLATED cannot be read, and what it holds would leave unread:
 * it is removed whole (processBase64 catches this), with a warning and a comment that say why.
 */
class UnreadableBody extends Error {}

function unreadable(path: string, what: string): never {
  throw new UnreadableBody(`${path} ${what} to more than ${MAX_INFLATED >> 20} MB`);
}

/** How a warning ends that tells of a body removed unread (a scan cannot vouch for the file). */
export const REMOVED_UNREAD_WARNING = 'removed, since it could not be read';

/** What stands in content's comment for a body removed unread. */
export const REMOVED_UNREAD = `removed by HAR Redactor: compressed, and inflates past ${MAX_INFLATED >> 20} MB, so it could not be checked for secrets`;

/**
 * A ZIP archive's files read as bodies of their own types (an export's `users.csv`, a bundle's
 * `.env`, an .xlsx's sheets, a rotated `app.log.gz`), the archive written again when one changed;
 * null, with a warning, when it is not one the reader opens.
 */
function readZip(p: Pass, bytes: Uint8Array, path: string, depth: number): Uint8Array | null {
  let big = false;
  let workbook: WorkbookSecrets | undefined;
  const next = throughZip(
    bytes,
    (name, data) => {
      const mime = mimeOfFile(name.replace(/\.gz$/i, ''));
      const where = `${path}(zip:${name})`;
      if (workbook) data = withWorkbookSecrets(p, workbook, name, data, where);
      return readBytes(p, data, mime, where, (t) => processBodyText(p, t, mime, where), depth, false);
    },
    () => (big = true),
    (files) => (workbook = workbookSecrets(p, files)),
  );
  if (next === null)
    if (big) unreadable(path, 'is a ZIP archive whose files inflate');
    else
      p.warnings.push(
        `entry ${p.entry}: ${path} is a ZIP archive the reader cannot open (encrypted, ZIP64 or broken): scanned as it is`,
      );
  return next;
}

const SINGLE_BYTE_CHARSET = /charset\s*=\s*["']?(?:iso-?8859-\d+|latin-?1|windows-125\d|cp125\d|us-ascii)\b/i;

/**
 * Decoded base64 bytes, scanned as text: UTF-8 when valid, else one char per byte (so secrets inside
 * protobuf or other binary framing are still found); gzip and zlib inflated first, compressed again
 * when what they hold changed. Media (images, fonts…) is left to propagation.
 */
export function processBase64(
  p: Pass,
  b64: string,
  mimeType: string,
  path: string,
  scan: (text: string) => string,
): string | null {
  try {
    return readBase64(p, b64, mimeType, path, scan);
  } catch (err) {
    if (!(err instanceof UnreadableBody)) throw err;
    p.warnings.push(`entry ${p.entry}: ${err.message}: ${REMOVED_UNREAD_WARNING}`);
    return '';
  }
}

function readBase64(
  p: Pass,
  b64: string,
  mimeType: string,
  path: string,
  scan: (text: string) => string,
): string | null {
  const kind = compressionOfBase64(b64);
  const zip = b64.startsWith(ZIP_BASE64);
  // Media is only checked for being base64 (a refusal is reported and the text scanned as is); a
  // download that is gzip (`.json.gz`, `.svgz`) or a ZIP archive holds what any body may.
  if (MEDIA.test(mimeType) && kind !== 'gzip' && !zip) return isBase64(b64) ? b64 : null;
  if (zip) {
    const bytes = base64Decode(b64);
    if (bytes !== null) {
      const next = readZip(p, bytes, path, 1);
      if (next !== null) return next === bytes ? b64 : base64Encode(next);
      // Not opened: masked where a secret shows in its stored files, their checksums made right.
      const masked = rewriteBinary(p, bytes, mimeType, path);
      return masked === bytes ? b64 : base64Encode(withStoredChecksums(masked));
    }
  }
  if (kind) {
    // A download typed as the archive it is (`application/gzip`) says nothing of what it holds:
    // that is told by what it reads like (a CSV's header row, JSON).
    const inner = ARCHIVE_TYPE.test(mimeType) ? '' : mimeType;
    const read = inner === mimeType ? scan : (t: string) => processBodyText(p, t, '', path);
    const next = throughCompressed(
      b64,
      kind,
      (bytes) => readBytes(p, bytes, inner, `${path}(${kind})`, read, 1),
      () => unreadable(path, `is ${kind}-compressed and inflates`),
    );
    if (next !== null) return next;
  }
  const bin = base64DecodeLatin1(b64);
  if (bin === null) return null;
  // ASCII bytes are UTF-8 as they are; other bytes are decoded as UTF-8 when valid. The bytes and
  // their one-char-per-byte reading are made once (a big binary body is tens of MB each).
  let bytes = /[\x80-\xff]/.test(bin) ? latin1Encode(bin) : null;
  const text = bytes ? utf8DecodeStrict(bytes) : bin;
  if (readsAsText(text, mimeType)) {
    const next = scan(text);
    return next === text ? b64 : base64Encode(utf8Encode(next));
  }
  // UTF-16 with its byte order mark: read as the text it is and written back the same way.
  const utf16 = text === null ? readUtf16((bytes ??= latin1Encode(bin)), mimeType, scan) : null;
  if (utf16) return utf16 === bytes ? b64 : base64Encode(utf16);
  // Text in a one-byte charset (`charset=iso-8859-1`, windows-1252): read one char per byte and
  // written back the same way (placeholders are ASCII), so its bytes outside them stay as they were.
  if (text === null && SINGLE_BYTE_CHARSET.test(mimeType) && readsAsText(bin, mimeType)) {
    const next = scan(bin);
    if (next === bin) return b64;
    if (!/[\u0100-\uffff]/.test(next)) return base64Encode(latin1Encode(next));
  }
  // Binary: protobuf and gRPC-web frames with their lengths rewritten, else same-length masks.
  bytes ??= latin1Encode(bin);
  const next = rewriteBinary(p, bytes, mimeType, path, bin);
  return next === bytes ? b64 : base64Encode(next);
}

export function processContent(p: Pass, c: Content | undefined, path: string): Content | undefined {
  if (!c || typeof c !== 'object' || typeof c.text !== 'string' || !c.text) return c;
  const mime = typeof c.mimeType === 'string' ? c.mimeType : '';
  let text: string;
  if (c.encoding === 'base64') {
    const next = processBase64(p, c.text, mime, `${path}.text(base64)`, (t) =>
      processBodyText(p, t, mime, `${path}.text(base64)`),
    );
    if (next === null) {
      p.warnings.push(
        `entry ${p.entry}: ${path}.text is marked base64 but is not valid base64; scanned as text`,
      );
      text = processBodyText(p, c.text, mime, `${path}.text`);
    } else if (next === '') {
      const comment =
        typeof c.comment === 'string' && c.comment ? `${c.comment} (${REMOVED_UNREAD})` : REMOVED_UNREAD;
      return { ...c, text: '', comment };
    } else text = next;
  } else text = processBodyText(p, c.text, mime, `${path}.text`);
  return text === c.text ? c : { ...c, text };
}

const isCustomField = (k: string) => k.charCodeAt(0) === 95 && k !== '_webSocketMessages'; // _

/** Unknown `_fields` (Chrome's `_initiator`, tools' extras): every string is scanned, by its key. */
export function processUnknownFields<T extends object>(p: Pass, obj: T, path: string): T {
  return processFields(p, obj, path, isCustomField);
}

/** The fields of `obj` that `unknown` picks, every string in them scanned by its key. */
export function processFields<T extends object>(
  p: Pass,
  obj: T,
  path: string,
  unknown: (key: string) => boolean,
): T {
  let out = obj;
  // Keys first (no [key, value] pair per field): most objects have no `_` field at all.
  for (const k of Object.keys(obj)) {
    if (!unknown(k)) continue;
    const v = (obj as Record<string, unknown>)[k];
    const next = processAny(p, v, `${path}.${k}`, k.charCodeAt(0) === 95 ? k.slice(1) : k);
    if (next !== v) {
      if (out === obj) out = { ...obj };
      (out as Record<string, unknown>)[k] = next;
    }
  }
  return out;
}

function processAny(p: Pass, v: unknown, path: string, key?: string, depth = 0): unknown {
  if (typeof v === 'string') {
    if (key) {
      const d = p.decide('field', key);
      if (d && v) return p.named(v, d, 'field', key, path);
    }
    return scrubRecurringText(p, v, path, key?.toLowerCase());
  }
  if (!v || typeof v !== 'object') return v;
  // Fail closed: a structure deeper than any reader lets through is refused, never skipped.
  if (depth > MAX_NESTING) throw new Error(`${path}: nested deeper than ${MAX_NESTING} levels`);
  if (Array.isArray(v)) {
    let changed = false;
    const arr = v.map((x, i) => {
      const n = processAny(p, x, `${path}[${i}]`, key, depth + 1);
      if (n !== x) changed = true;
      return n;
    });
    return changed ? arr : v;
  }
  let out: Record<string, unknown> | null = null;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const n = processAny(p, x, `${path}.${k}`, k, depth + 1);
    if (n !== x) {
      out ??= { ...(v as Record<string, unknown>) };
      out[k] = n;
    }
  }
  return out ?? v;
}
