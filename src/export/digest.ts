import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../util/sha256';

/** SHA-256 of bytes fed in pieces, as `sha256sum` prints it (lower-case hex). */
export interface Sha256Hasher {
  update(bytes: Uint8Array): void;
  /** Bytes fed so far. */
  readonly length: number;
  hex(): string;
}

export function sha256Hasher(): Sha256Hasher {
  const h = sha256.create();
  let length = 0;
  return {
    update(bytes) {
      h.update(bytes);
      length += bytes.length;
    },
    get length() {
      return length;
    },
    hex() {
      return toHex(h.digest());
    },
  };
}

/** SHA-256 and size of a file held in pieces. */
export function digestParts(parts: Uint8Array[]): { sha256: string; bytes: number } {
  const h = sha256Hasher();
  for (const p of parts) h.update(p);
  return { sha256: h.hex(), bytes: h.length };
}
