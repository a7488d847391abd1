/** Texts up to this length are hashed whole (see TextMemo.hash). */
const FULL_HASH_MAX = 48;

/**
 * A direct-mapped memo of texts (with a key): a text goes in the slot its hash picks, in place of
 * what was there. Most texts of a HAR are seen once: a Map growing, rehashing and clearing over them
 * cost more than working out again, now and then, a recurring text that lost its slot. The full hash
 * is compared first, so a text that only shares the slot is never read (it sits in cold memory).
 */
export class TextMemo<V> {
  private readonly texts: (string | undefined)[];
  private readonly keys: string[];
  private readonly values: V[];
  private readonly hashes: Int32Array;
  private readonly mask: number;

  /** `slots`: a power of two. */
  constructor(slots: number) {
    this.texts = new Array<string | undefined>(slots);
    this.keys = new Array<string>(slots);
    this.values = new Array<V>(slots);
    this.hashes = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /**
   * A hash of the lengths and of the text's characters: every one of a short text (values that differ
   * in one place, `user12@…` and `user13@…`, must not take each other's slot in turn), 16 spread over
   * a longer one (the slot's index is part of it).
   */
  hash(text: string, key = ''): number {
    const n = text.length;
    let h = (n * 31 + key.length) | 0;
    const step = n > FULL_HASH_MAX ? n >> 4 : 1;
    for (let i = 0; i < n; i += step) h = (h * 31 + text.charCodeAt(i)) | 0;
    if (n) h = (h * 31 + text.charCodeAt(n - 1)) | 0;
    if (key.length) h = (h * 31 + key.charCodeAt(key.length - 1)) | 0;
    return h ^ (h >>> 13);
  }

  /** What was set for `text` and `key` (with their `hash`), if it still holds the slot. */
  get(hash: number, text: string, key = ''): V | undefined {
    const slot = hash & this.mask;
    return this.hashes[slot] === hash && this.texts[slot] === text && this.keys[slot] === key
      ? this.values[slot]
      : undefined;
  }

  set(hash: number, text: string, key: string, value: V): void {
    const slot = hash & this.mask;
    this.hashes[slot] = hash;
    this.texts[slot] = text;
    this.keys[slot] = key;
    this.values[slot] = value;
  }
}
