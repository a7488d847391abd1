/**
 * Bodies kept compressed (gzip, or zlib for `Content-Encoding: deflate`) as base64: Fiddler, Charles
 * and others export the bytes as they came over the wire. Nothing in them can be read until they are
 * inflated, so both passes inflate them, read what they hold, and compress it again when it changed.
 */
import { Gunzip, Inflate, Unzlib, gzipSync, zlibSync } from 'fflate';
import { base64DecodeLatin1, base64Encode, concatBytes, latin1Encode } from '../../util/bytes';

export type Compression = 'gzip' | 'zlib';

/** The most a body is inflated to; a bigger one is left as it is, with a warning. */
export const MAX_INFLATED = 64 << 20;

/** The compression `bytes` start with, by their magic (`at(i)`: the i-th byte). */
function compressionAt(at: (i: number) => number, length: number): Compression | null {
  if (length >= 18 && at(0) === 0x1f && at(1) === 0x8b && at(2) === 8) return 'gzip';
  // zlib: deflate (method 8) with a window of at most 32 KB, no preset dictionary, a header check.
  const cmf = at(0);
  const flg = at(1);
  if (
    length >= 6 &&
    (cmf & 0x0f) === 8 &&
    cmf >> 4 <= 7 &&
    (flg & 0x20) === 0 &&
    ((cmf << 8) | flg) % 31 === 0
  )
    return 'zlib';
  return null;
}

/** The compression of a base64 body, from its first four characters (three bytes). */
export function compressionOfBase64(b64: string): Compression | null {
  if (b64.length < 8) return null;
  const head = base64DecodeLatin1(b64.slice(0, 4));
  return head === null ? null : compressionAt((i) => head.charCodeAt(i), (b64.length >> 2) * 3);
}

/**
 * The bytes inflated (`raw`: deflate without a header, as a ZIP archive holds it); null when they
 * are not what their magic says; 'too big' past `max` bytes, whatever sizes the data claims.
 */
export function inflate(
  bytes: Uint8Array,
  kind: Compression | 'raw',
  max = MAX_INFLATED,
): Uint8Array | 'too big' | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const stream = kind === 'gzip' ? new Gunzip() : kind === 'zlib' ? new Unzlib() : new Inflate();
  stream.ondata = (chunk) => {
    size += chunk.length;
    if (size > max) {
      over = true;
      throw new Error('too big');
    }
    chunks.push(chunk.slice());
  };
  try {
    // A slice at a time: one push inflates all it is given before `ondata` sees any of it, and
    // deflate packs up to about 1 000 times (a 5 MB bomb pushed whole took 6 GB).
    for (let at = 0; at < bytes.length && !over; at += PUSH_BYTES)
      stream.push(bytes.subarray(at, at + PUSH_BYTES), at + PUSH_BYTES >= bytes.length);
  } catch (err) {
    return over || err instanceof RangeError ? 'too big' : null;
  }
  if (size === 0 && bytes.length > 32) return null;
  return concatBytes(chunks);
}

/** Input handed to the inflater at once: at most about 16 MB of output between two size checks. */
const PUSH_BYTES = 16 * 1024;

/**
 * Compressed bytes read through `read`, as throughCompressed reads base64: the same bytes when
 * nothing changed, compressed anew when it did; null when they do not inflate (`tooBig` told).
 */
export function throughCompressedBytes(
  packed: Uint8Array,
  kind: Compression,
  read: (inflated: Uint8Array) => Uint8Array,
  tooBig?: () => void,
): Uint8Array | null {
  const inflated = inflate(packed, kind);
  if (inflated === 'too big') tooBig?.();
  if (!(inflated instanceof Uint8Array)) return null;
  const next = read(inflated);
  if (next === inflated) return packed;
  if (kind !== 'gzip') return zlibSync(next);
  // The member's time and file name as they were: fflate wrote the time of the redaction (for a
  // time of 0 too), and two runs over one HAR differed.
  const out = gzipSync(next, { filename: gzipName(packed) });
  out.set(packed.subarray(4, 8), 4);
  return out;
}

/** A gzip member's file name (its FNAME field), if it has one. */
function gzipName(b: Uint8Array): string | undefined {
  if (!(b[3] & 8)) return undefined;
  const at = b[3] & 4 ? 12 + (b[10] | (b[11] << 8)) : 10; // past FEXTRA
  const end = b.indexOf(0, at);
  return end < 0 ? undefined : String.fromCharCode(...b.subarray(at, Math.min(end, at + 1024)));
}

/** The compression `bytes` start with (gzip or zlib), or null. */
export const compressionOfBytes = (bytes: Uint8Array): Compression | null =>
  compressionAt((i) => bytes[i], bytes.length);

/**
 * A compressed base64 body read through `read` (its inflated bytes in, the bytes to keep out): the
 * body again, compressed anew only when `read` changed them. Null when it does not inflate (it is then
 * read as it is); `tooBig` is told when it would inflate past MAX_INFLATED (null too).
 */
export function throughCompressed(
  b64: string,
  kind: Compression,
  read: (inflated: Uint8Array) => Uint8Array,
  tooBig?: () => void,
): string | null {
  const packed = base64DecodeLatin1(b64);
  if (packed === null) return null;
  const bytes = latin1Encode(packed);
  const next = throughCompressedBytes(bytes, kind, read, tooBig);
  return next === null ? null : next === bytes ? b64 : base64Encode(next);
}
