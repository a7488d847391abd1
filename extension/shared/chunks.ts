/**
 * Big texts cross ports in chunks: one message is limited to tens of MB (and JSON-encoded).
 * 4 M UTF-16 units keeps each message well below the limit even when every character is escaped.
 */
export const CHUNK_CHARS = 4 * 1024 * 1024;

export function splitText(text: string, size: number = CHUNK_CHARS): string[] {
  if (size <= 0) throw new RangeError('chunk size must be positive');
  if (text.length === 0) return [''];
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    // Never split a surrogate pair: each chunk must survive its own UTF-8 round trip.
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end += end - start > 1 ? -1 : 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** Collects numbered chunks that may arrive in any order; `complete` once all are there. */
export class ChunkAssembler {
  private readonly parts: (string | undefined)[];
  private received = 0;

  constructor(readonly total: number) {
    if (!Number.isInteger(total) || total < 1) throw new RangeError('total must be a positive integer');
    this.parts = new Array<string | undefined>(total);
  }

  add(index: number, data: string): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.total) {
      throw new RangeError(`chunk ${index} out of range 0..${this.total - 1}`);
    }
    if (this.parts[index] === undefined) this.received += 1;
    this.parts[index] = data;
  }

  get complete(): boolean {
    return this.received === this.total;
  }

  get progress(): number {
    return this.received / this.total;
  }

  /** The parts in order (for a Blob: no need to build one giant string). */
  ordered(): string[] {
    if (!this.complete) throw new Error(`only ${this.received} of ${this.total} chunks arrived`);
    return this.parts as string[];
  }
}
