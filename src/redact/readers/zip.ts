/**
 * ZIP archives as a body (a support bundle, an export, an .xlsx or .docx, which are ZIPs): nothing in
 * them reads until each file is inflated. Both passes read every file through `read` and, when one
 * changed, write the archive again with the same files in the same order, each stored or deflated
 * as it was, under its own time, attributes (a script's executable bit) and comments.
 */
import { zipSync, type Zippable } from 'fflate';
import { inflate, MAX_INFLATED } from './compressed';
import { readU16LE, readU32LE } from '../../util/bytes';

/** A file of an archive as its central directory lists it. */
interface Member {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  /** MS-DOS time and date, as written. */
  time: number;
  date: number;
  /** The system that made it (the high byte of "version made by") and its external attributes. */
  os: number;
  attrs: number;
  comment: string;
  data: Uint8Array;
}

const u16 = readU16LE;
const u32 = readU32LE;

/** How deep archives are opened inside archives (a bundle's zipped logs, a `.gz` in a `.zip`). */
export const MAX_ARCHIVE_DEPTH = 3;

/** The base64 of a ZIP archive starts so (`PK\x03\x04`). */
export const ZIP_BASE64 = 'UEsDB';

/** Whether `b` starts as a ZIP archive does (a local file header). */
export const isZip = (b: Uint8Array): boolean =>
  b.length >= 30 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

const utf8 = new TextDecoder();

/** The upper half of code page 437, which names are in without the UTF-8 flag (Windows' own zipper). */
const CP437 =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** Bytes of names and comments as text: UTF-8 when flagged so, else code page 437. */
function text(b: Uint8Array, flags: number): string {
  if (flags & 0x800 || !b.some((c) => c > 0x7f)) return utf8.decode(b);
  let out = '';
  for (const c of b) out += c < 0x80 ? String.fromCharCode(c) : CP437[c - 0x80];
  return out;
}

interface Archive {
  members: Member[];
  /** The archive's own comment, as written. */
  comment: Uint8Array;
}

/**
 * The archive's files, inflated, in the central directory's order; null when it is not one this
 * reader takes (ZIP64, encrypted, another compression, names twice, broken); a name in code page
 * 437 is written back in UTF-8, the same name;
 * 'too big' when its files inflate past MAX_INFLATED.
 */
function archive(b: Uint8Array): Archive | 'too big' | null {
  const end = endRecord(b);
  const { entries, whole } = centralEntries(b, end);
  if (!whole) return null;
  const out: Member[] = [];
  const names = new Set<string>();
  let size = 0;
  for (const at of entries) {
    const flags = u16(b, at + 8);
    const method = u16(b, at + 10);
    const packed = u32(b, at + 20);
    const unpacked = u32(b, at + 24);
    const nameLength = u16(b, at + 28);
    const local = u32(b, at + 42);
    // Encrypted, ZIP64, or neither stored nor deflated: not read.
    if (flags & 1 || packed === 0xffffffff || unpacked === 0xffffffff || local === 0xffffffff) return null;
    if (method !== 0 && method !== 8) return null;
    const name = text(b.subarray(at + 46, at + 46 + nameLength), flags);
    const commentAt = at + 46 + nameLength + u16(b, at + 30);
    const comment = text(b.subarray(commentAt, commentAt + u16(b, at + 32)), flags);
    if (names.has(name)) return null;
    names.add(name);
    if ((size += unpacked) > MAX_INFLATED) return 'too big';
    const start = dataStart(b, local);
    if (start < 0 || start + packed > b.length) return null;
    const raw = b.subarray(start, start + packed);
    // Bounded by what is left of the limit, not by the size the archive claims.
    const data = method === 0 ? raw.slice() : inflate(raw, 'raw', MAX_INFLATED - size + unpacked);
    if (data === 'too big') return data;
    if (data === null || data.length !== unpacked) return null;
    const [time, date, os, attrs] = [u16(b, at + 12), u16(b, at + 14), b[at + 5], u32(b, at + 38)];
    out.push({ name, method, time, date, os, attrs, comment, data });
  }
  return { members: out, comment: b.subarray(end + 22, end + 22 + u16(b, end + 20)) };
}

/** Where the end of central directory record starts (22 bytes and a comment of up to 64 KB); -1: none. */
function endRecord(b: Uint8Array): number {
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--)
    if (u32(b, i) === 0x06054b50) return i;
  return -1;
}

/**
 * Where each central directory entry starts, in order, up to one that is not where it should be;
 * `whole`: every entry the end record counts was read (false without an end record).
 */
function centralEntries(b: Uint8Array, end: number): { entries: number[]; whole: boolean } {
  const entries: number[] = [];
  if (end < 0) return { entries, whole: false };
  let at = u32(b, end + 16);
  for (let n = u16(b, end + 10); n > 0; n--) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) return { entries, whole: false };
    entries.push(at);
    at += 46 + u16(b, at + 28) + u16(b, at + 30) + u16(b, at + 32);
  }
  return { entries, whole: true };
}

/** Where the data of the file whose local header is at `local` starts; -1: no local header there. */
function dataStart(b: Uint8Array, local: number): number {
  if (local + 30 > b.length || u32(b, local) !== 0x04034b50) return -1;
  return local + 30 + u16(b, local + 26) + u16(b, local + 28);
}

/**
 * An MS-DOS time and date as the local time fflate writes back as the same two numbers (one that is
 * no date, a zero some tools write, as the first day MS-DOS dates can hold).
 */
function dosDate(time: number, date: number): Date {
  const month = (date >> 5) & 15;
  const day = date & 31;
  if (month < 1 || month > 12 || day < 1) return new Date(1980, 0, 1);
  return new Date(1980 + (date >> 9), month - 1, day, time >> 11, (time >> 5) & 63, (time & 31) * 2);
}

/**
 * A ZIP archive read file by file through `read` (its name, its inflated bytes; the bytes to keep
 * back): the same bytes when nothing changed, else the archive written again. Null when it is not
 * an archive this reader takes; `tooBig` is told (null too) when its files inflate past MAX_INFLATED.
 * `before` sees every file first (a workbook's sheets say where its shared texts stand).
 */
export function throughZip(
  b: Uint8Array,
  read: (name: string, data: Uint8Array) => Uint8Array,
  tooBig?: () => void,
  before?: (files: readonly { name: string; data: Uint8Array }[]) => void,
): Uint8Array | null {
  const zip = archive(b);
  if (zip === 'too big') tooBig?.();
  if (zip === null || zip === 'too big') return null;
  before?.(zip.members);
  let changed = false;
  const zippable: Zippable = {};
  for (const f of zip.members) {
    const next = f.name.endsWith('/') ? f.data : read(f.name, f.data);
    if (next !== f.data) changed = true;
    zippable[f.name] = [
      next,
      {
        level: f.method === 0 ? 0 : 6,
        mtime: dosDate(f.time, f.date),
        os: f.os,
        attrs: f.attrs,
        ...(f.comment ? { comment: f.comment } : {}),
      },
    ];
  }
  if (!changed) return b;
  const out = zipSync(zippable);
  if (!zip.comment.length) return out;
  // The archive's comment after the end record fflate wrote (which has none: its last two bytes).
  const commented = new Uint8Array(out.length + zip.comment.length);
  commented.set(out);
  commented[out.length - 2] = zip.comment.length & 0xff;
  commented[out.length - 1] = zip.comment.length >> 8;
  commented.set(zip.comment, out.length);
  return commented;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function putU32(b: Uint8Array, i: number, v: number): void {
  b[i] = v & 0xff;
  b[i + 1] = (v >>> 8) & 0xff;
  b[i + 2] = (v >>> 16) & 0xff;
  b[i + 3] = v >>> 24;
}

/**
 * An archive the reader does not open, masked in place where a secret shows (in its stored files),
 * with each stored file's checksum made right again (in its local header, its data descriptor and
 * the central directory), so it still opens. As far as its central directory can be read.
 */
export function withStoredChecksums(b: Uint8Array): Uint8Array {
  // As far as the central directory can be read: the entries before a broken one are made right.
  for (const at of centralEntries(b, endRecord(b)).entries) {
    const local = u32(b, at + 42);
    const packed = u32(b, at + 20);
    const start = u16(b, at + 10) === 0 ? dataStart(b, local) : -1;
    if (start < 0 || start + packed > b.length) continue;
    const crc = crc32(b.subarray(start, start + packed));
    putU32(b, at + 16, crc);
    putU32(b, local + 14, crc);
    const after = start + packed;
    if (u16(b, local + 6) & 8 && after + 8 <= b.length)
      putU32(b, u32(b, after) === 0x08074b50 ? after + 4 : after, crc);
  }
  return b;
}
