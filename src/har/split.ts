import type { Entry, Har } from 'har-format';
import { BACKSLASH, isJsonWs, QUOTE } from './json-syntax';
import { normalizeEntry, normalizeHar } from './normalize';
import { MAX_DEPTH } from './read';
import { concatBytes } from '../util/bytes';

/** The input is not a plainly written HAR: read it whole instead (readHarBytes words what is wrong). */
export class NotPlain extends Error {
  override name = 'NotPlain';
}

const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BOM = [0xef, 0xbb, 0xbf];
/** The bytes the tokenizer acts on outside strings. */
const SPECIAL = new Uint8Array(256);
for (const c of [QUOTE, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a]) SPECIAL[c] = 1;
/** Inside an entry only strings and brackets matter (keys are read at depth 2 and above). */
const SPECIAL_IN_ENTRY = SPECIAL.map((v, c) => (c === COMMA || c === COLON ? 0 : v));

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A copy of bytes [from, to) (a Node Buffer's own slice is a view, not a copy). */
const copyOf = (chunk: Uint8Array, from: number, to = chunk.length): Uint8Array =>
  Uint8Array.prototype.slice.call(chunk, from, to);

/** The parts as one array (the part itself when there is one: parts are copies already). */
const concat = (parts: Uint8Array[]): Uint8Array => (parts.length === 1 ? parts[0] : concatBytes(parts));

/** The quote that ends the string whose text starts at `from`, if it is in `chunk`; else -1. */
function closingQuote(chunk: Uint8Array, from: number): number {
  for (let q = chunk.indexOf(QUOTE, from); q >= 0; q = chunk.indexOf(QUOTE, q + 1)) {
    let k = q - 1;
    while (k >= from && chunk[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
  }
  return -1;
}

/**
 * A streaming tokenizer over a HAR's UTF-8, fed in chunks of any size and cut anywhere: it hands each
 * element of `log.entries` to `onEntry` as its own bytes, whatever the layout (pretty, minified, one
 * line), and keeps the rest (the "skeleton": the document with `log.entries` emptied) to parse at
 * the end. It follows strings, nesting and the commas between entries, not every rule of JSON:
 * JSON.parse reads each entry and the skeleton. Entries start and end at ASCII bytes, so each decodes
 * as it would within the whole text. Throws {@link NotPlain} on anything it does not follow.
 * It keeps copies of what it needs across chunks: the caller may reuse a chunk once `push` returns,
 * and the bytes `onEntry` gets are valid during that call only.
 */
export class EntrySplitter {
  private readonly stack: number[] = [];
  /** Keys of the open objects at depth 1 and 2 (the root's, the log's). */
  private readonly keys: string[] = [];
  private expectKey = false;
  private inString = false;
  /** In a string, the chunk ended in an odd run of backslashes: the next byte is escaped. */
  private escaped = false;
  /** Bytes of the key being read (depth ≤ 2), across chunks; null when not reading one. */
  private key: Uint8Array[] | null = null;
  private inEntries = false;
  private entriesSeen = false;
  /** In log.entries: an entry ended and no comma followed yet. */
  private afterEntry = false;
  private entry: Uint8Array[] = [];
  private readonly skeleton: Uint8Array[] = [];
  private started = false;
  private atStart = true;
  private lead: Uint8Array | null = null;
  private done = false;
  /** Entries handed out so far. */
  count = 0;
  /** Bytes taken so far (a byte order mark included), and where the current entry starts. */
  private read = 0;
  private entryStart = 0;

  /** `start`: where the entry's first byte is in the input, counted from its first byte. */
  constructor(private readonly onEntry: (bytes: Uint8Array, index: number, start: number) => void) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    if (!this.started) {
      // A byte order mark, even cut between chunks, at the very start.
      if (this.lead) chunk = concat([this.lead, chunk]);
      this.lead = null;
      if (this.atStart && BOM.slice(0, chunk.length).every((b, k) => chunk[k] === b)) {
        if (chunk.length < 3) {
          this.lead = copyOf(chunk, 0);
          return;
        }
        i = 3;
      }
      this.atStart = false;
      while (i < chunk.length && isJsonWs(chunk[i])) i++;
      if (i === chunk.length) {
        this.read += chunk.length;
        return;
      }
      if (chunk[i] !== OPEN_OBJ) throw new NotPlain('it does not start with {');
      this.started = true;
    }
    const n = chunk.length;
    const base = this.read;
    this.read += n;
    // Where the current run of bytes that are the skeleton's (-1) or an entry's (>= 0) starts.
    let skelFrom = this.inEntries ? -1 : i;
    let entryFrom = this.inEntries && this.stack.length >= 4 ? i : -1;
    while (i < n) {
      if (this.inString) {
        // A byte escaped by the previous chunk's last backslash is no end of the string.
        const from = this.escaped ? i + 1 : i;
        this.escaped = false;
        const q = from < n ? closingQuote(chunk, from) : -1;
        if (q === -1) {
          let k = n - 1;
          while (k >= from && chunk[k] === BACKSLASH) k--;
          this.escaped = (n - 1 - k) % 2 === 1;
          this.key?.push(copyOf(chunk, i, n));
          i = n;
          break;
        }
        this.inString = false;
        if (this.key) {
          this.key.push(chunk.subarray(i, q));
          this.keys[this.stack.length - 1] = JSON.parse(`"${utf8.decode(concat(this.key))}"`) as string;
          this.key = null;
        }
        i = q + 1;
        continue;
      }
      const depth = this.stack.length;
      // Most bytes outside strings (space, numbers, literals) change nothing: skip them in one go,
      // except where only some are allowed (between entries, after the HAR).
      if (!this.done && !(this.inEntries && depth === 3)) {
        const special = depth > 3 ? SPECIAL_IN_ENTRY : SPECIAL;
        while (i < n && !special[chunk[i]]) i++;
        if (i === n) break;
      }
      const c = chunk[i];
      if (this.done) {
        if (!isJsonWs(c)) throw new NotPlain('more text after the HAR');
        i++;
        continue;
      }
      if (this.inEntries && depth === 3 && !isJsonWs(c)) {
        if (c === COMMA && this.afterEntry) this.afterEntry = false;
        else if (c === OPEN_OBJ && !this.afterEntry) {
          entryFrom = i;
          this.entryStart = base + i;
        } else if (!(c === CLOSE_ARR && (this.afterEntry || this.count === 0)))
          throw new NotPlain('log.entries holds something other than objects');
      }
      switch (c) {
        case QUOTE: {
          if (this.expectKey && depth <= 2) {
            this.key = [];
            this.inString = true;
            break;
          }
          // Most strings end in the same chunk: skip to the closing quote at once.
          const q = closingQuote(chunk, i + 1);
          if (q < 0) this.inString = true;
          else i = q;
          break;
        }
        case OPEN_OBJ:
        case OPEN_ARR: {
          if (depth >= MAX_DEPTH) throw new NotPlain('nested too deep');
          this.stack.push(c);
          this.expectKey = c === OPEN_OBJ;
          const log = depth === 2 && this.stack[1] === OPEN_OBJ && this.keys[0] === 'log';
          if (log && c === OPEN_ARR && this.keys[1] === 'entries') {
            if (this.entriesSeen) throw new NotPlain('log.entries given twice');
            this.entriesSeen = this.inEntries = true;
            this.skeleton.push(copyOf(chunk, skelFrom, i + 1));
            skelFrom = -1;
          }
          break;
        }
        case CLOSE_OBJ:
        case CLOSE_ARR:
          if (this.stack.pop() !== c - 2) throw new NotPlain('brackets do not match');
          this.expectKey = false;
          if (this.inEntries && depth === 4) {
            this.entry.push(chunk.subarray(entryFrom, i + 1));
            this.onEntry(concat(this.entry), this.count++, this.entryStart);
            this.entry = [];
            entryFrom = -1;
            this.afterEntry = true;
          } else if (this.inEntries && depth === 3) {
            this.inEntries = false;
            skelFrom = i;
          }
          if (depth === 1) this.done = true;
          break;
        case COLON:
          this.expectKey = false;
          break;
        case COMMA:
          this.expectKey = this.stack[depth - 1] === OPEN_OBJ;
          break;
      }
      i++;
    }
    // Copies: the caller may reuse the chunk once push returns.
    if (skelFrom >= 0) this.skeleton.push(copyOf(chunk, skelFrom, n));
    if (entryFrom >= 0) this.entry.push(copyOf(chunk, entryFrom, n));
  }

  /** After the last chunk: the HAR without its entries (normalized as parseHar would). */
  end(): Har {
    if (!this.done) throw new NotPlain('the input ends early');
    if (!this.entriesSeen) throw new NotPlain('no log.entries array');
    return normalizeHar(JSON.parse(utf8.decode(concat(this.skeleton))));
  }
}

/** One entry's bytes → the entry parseHar would give (at log.entries[index]). */
export function parseEntry(bytes: Uint8Array, index: number): Entry {
  const e: unknown = JSON.parse(utf8.decode(bytes));
  normalizeEntry(e, index);
  return e as Entry;
}
