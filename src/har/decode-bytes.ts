import { HarReadError } from './errors';

/**
 * Bytes → text. UTF-8 (with or without BOM) and UTF-16 LE/BE (Fiddler on Windows writes those);
 * anything that looks binary in its first KB is refused before we try to parse megabytes of it.
 */

const SNIFF = 1024;

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Archives people attach instead of the HAR inside them: their magic bytes and what to do. */
const ARCHIVES: [number[], string][] = [
  [[0x1f, 0x8b], 'a gzip file: decompress it (gunzip) and redact the .har inside'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive: extract it and redact the .har inside'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd file: decompress it (zstd -d) and redact the .har inside'],
  [[0x42, 0x5a, 0x68], 'a bzip2 file: decompress it (bunzip2) and redact the .har inside'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz file: decompress it (unxz) and redact the .har inside'],
];

function binary(bytes: Uint8Array): never {
  for (const [magic, what] of ARCHIVES)
    if (magic.every((b, i) => bytes[i] === b)) throw new HarReadError(`not a HAR but ${what}`);
  throw new HarReadError(`binary data, not a HAR (starts with bytes ${hexStart(bytes)})`);
}

/** Text that starts as JSON but holds a byte that is not UTF-8: where, so that it can be found. */
function notUtf8(head: Uint8Array, skip: number): never {
  // The first prefix that does not decode ends at the bad byte (binary search over prefix lengths).
  let lo = 0;
  let hi = head.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // A character left incomplete there started at its lead byte: that byte is the one to name.
  let at = lo;
  for (let j = lo - 1; j >= 0 && j >= lo - 3; j--) {
    if ((head[j] & 0xc0) === 0x80) continue;
    if (head[j] >= 0xc0) at = j;
    break;
  }
  throw new HarReadError(
    `not valid UTF-8: byte 0x${head[at].toString(16).padStart(2, '0')} at offset ${at + skip} (save the HAR again as UTF-8)`,
  );
}

function utf16Encoding(bytes: Uint8Array): { label: 'utf-16le' | 'utf-16be'; skip: number } | null {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe) return { label: 'utf-16le', skip: 2 };
  if (a === 0xfe && b === 0xff) return { label: 'utf-16be', skip: 2 };
  // No BOM: JSON starts with an ASCII character, so its other byte is 0.
  if (bytes.length >= 4 && a !== 0 && b === 0 && c !== 0 && d === 0) return { label: 'utf-16le', skip: 0 };
  if (bytes.length >= 4 && a === 0 && b !== 0 && c === 0 && d !== 0) return { label: 'utf-16be', skip: 0 };
  return null;
}

/** UTF-8 input: the length of its BOM (0 or 3). Throws when its first KB looks binary. */
function utf8Skip(bytes: Uint8Array): number {
  const skip = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = bytes.subarray(skip, skip + SNIFF);
  if (head.includes(0)) binary(bytes);
  try {
    // stream: a multi-byte character cut by the sniff window is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    // JSON text with a stray byte in it, or something else altogether.
    if (/^[\s{[]$/.test(String.fromCharCode(head[0] ?? 0))) notUtf8(head, skip);
    binary(bytes);
  }
  return skip;
}

/**
 * True when decodeHarBytes would read `bytes` as UTF-8 (not empty, not UTF-16, not binary): then
 * any range of them cut at ASCII characters decodes as the same range of the whole text.
 */
export function isPlainUtf8Har(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || utf16Encoding(bytes)) return false;
  try {
    utf8Skip(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeHarBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new HarReadError('empty input');
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    // ignoreBOM: we skip it ourselves, and keep it from reaching JSON.parse.
    return new TextDecoder(utf16.label, { ignoreBOM: true }).decode(bytes.subarray(utf16.skip));
  }
  const skip = utf8Skip(bytes);
  // Past the first KB, a stray invalid byte becomes U+FFFD rather than a refusal: HARs hold
  // mis-decoded bodies often enough, and JSON.parse does not care.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(skip ? bytes.subarray(skip) : bytes);
}
