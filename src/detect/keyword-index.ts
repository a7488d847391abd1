/**
 * Finds which of many lower-case ASCII keywords occur in a text, case-insensitively, in one pass.
 * gitleaks runs a rule only when one of its keywords occurs; with ~200 rules, one pass beats 300
 * `indexOf` scans over the same string. This loop runs over every character of a HAR, so it is
 * written for the JIT:
 *
 * - The text is first encoded natively (`TextEncoder.encodeInto`, far cheaper than a `charCodeAt`
 *   per character) into a reused byte buffer. UTF-8 keeps ASCII characters as they are and writes
 *   every other character as bytes >= 0x80, which no keyword holds, so a keyword occurs in the bytes
 *   exactly when it occurs in the text.
 * - Keywords are looked up by their first four characters (three-character keywords by every
 *   four-byte sequence they start; two-character ones in a table of their own): the first two
 *   characters alone match a sixth of all positions in ordinary text, four well under a hundredth.
 * - The loop reads four bytes at a time and, for each of the four positions, first tests the three
 *   bytes starting there, each with bit 0x20 set (lower case for letters; it merges a few other
 *   bytes too, which costs only a comparison: `verify` compares exactly), hashed, in a 16 KB bit
 *   set of every keyword's first three (a two-character keyword's first two with any third). Only
 *   where that passes (one block of four positions in 34 on the bench's scripts and pages) are the
 *   start tables (640 KB) read. Those tables stay in the core's second-level cache only while
 *   nothing else runs: with every position reading them, the loop took 13 ns a character in the
 *   CLI's two threads against ~5 alone; the bit set stays in the first-level cache.
 * - Once every keyword with a given start has been found, that start leaves the table for the rest
 *   of the call: common words (`token`, `secret`) cost a lookup, not a comparison, after their first
 *   hit.
 * - Except for tracked keywords: their every occurrence is recorded, in text order (see
 *   {@link KeywordIndex.positions}), so callers can try a regex only where one occurs.
 */

/** `TextEncoder` as every target has it (src/env.d.ts declares only `encode`). */
interface Utf8Encoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

const QUAD_BITS = 18;
/** Four bytes (first one lowest), each with bit 0x20 set -> slot of the start table. */
const hashQuad = (v: number) => Math.imul(v, 0x9e3779b1) >>> (32 - QUAD_BITS);
/** A group holding a tracked keyword never counts down to "all found". */
const NEVER_DONE = 1 << 24;
const TRIPLE_BITS = 17;
/** The first three of four bytes (first one lowest, each with bit 0x20 set) -> bit of `triples`. */
const hashTriple = (v: number) => Math.imul(v & 0xffffff, 0x9e3779b1) >>> (32 - TRIPLE_BITS);
/** Blocks {@link scanTriples} lists before the exact checks run on them. */
const BLOCK_LIST = 1024;

/**
 * Where tracked keywords occur in the last text `find` saw: `count` pairs of keyword index and
 * start (a UTF-16 index into the text), in text order.
 */
export interface KeywordPositions {
  count: number;
  keyword: Int32Array;
  at: Int32Array;
}

/** Every value of a byte with bit 0x20 set. */
const FOLDED_BYTES = Array.from({ length: 256 }, (_, b) => b).filter((b) => (b & 0x20) !== 0);

interface Group {
  members: number[];
  /** Its slots: in `quads`, or (two-character keywords) in `pairs`. */
  slots: number[];
  inPairs: boolean;
}

export class KeywordIndex {
  private readonly keywords: string[];
  /** Keyword characters, concatenated; keyword k is `chars[kwStart[k] .. kwStart[k + 1])`. */
  private readonly chars: Uint8Array;
  private readonly kwStart: Int32Array;
  private readonly groups: Group[] = [];
  /** Slot -> bucket (1-based) of the groups hashed there while any is still sought, else 0. */
  private readonly quads = new Uint16Array(1 << QUAD_BITS);
  private readonly quadHome = new Uint16Array(1 << QUAD_BITS);
  /** Groups of each slot still sought in this call. */
  private readonly quadActive = new Uint16Array(1 << QUAD_BITS);
  private readonly buckets: number[][] = [[]];
  /** Two bytes (first one lowest, bit 0x20 set) -> 1 + group of two-character keywords, or 0. */
  private readonly pairs = new Uint16Array(1 << 16);
  /**
   * Bit set of the keywords' first three bytes, hashed: a position whose bit is clear starts no
   * keyword. Never changes after the constructor (the tables above say which are still sought).
   */
  private readonly triples = new Int32Array(1 << (TRIPLE_BITS - 5));
  /** Per group: members not found yet in this call. */
  private readonly unseen: Int32Array;
  private readonly seen: Uint8Array;
  private readonly groupOf: Int32Array;
  private readonly tracked: Uint8Array;
  /** Starts are byte offsets until {@link positions} turns them into string indexes. */
  private readonly where: KeywordPositions = {
    count: 0,
    keyword: new Int32Array(64),
    at: new Int32Array(64),
  };
  private bytes = new Uint8Array(0);
  private words = new DataView(this.bytes.buffer);
  private readonly encoder = new TextEncoder() as unknown as Utf8Encoder;

  /** `tracked`: indexes of the keywords whose every position {@link positions} records. */
  constructor(keywords: string[], tracked: Iterable<number> = []) {
    this.keywords = keywords;
    this.tracked = new Uint8Array(keywords.length);
    for (const k of tracked) this.tracked[k] = 1;
    this.seen = new Uint8Array(keywords.length);
    this.groupOf = new Int32Array(keywords.length);
    const byStart = new Map<string, number[]>();
    keywords.forEach((kw, k) => {
      if (kw.length < 2 || !/^[\x20-\x7e]+$/.test(kw) || kw !== kw.toLowerCase()) {
        throw new Error(`unsupported keyword ${kw}`);
      }
      const key = kw.slice(0, 4);
      byStart.set(key, [...(byStart.get(key) ?? []), k]);
    });
    this.kwStart = new Int32Array(keywords.length + 1);
    this.chars = new Uint8Array(keywords.reduce((n, kw) => n + kw.length, 0));
    let at = 0;
    keywords.forEach((kw, k) => {
      this.kwStart[k] = at;
      for (let i = 0; i < kw.length; i++) this.chars[at++] = kw.charCodeAt(i);
    });
    this.kwStart[keywords.length] = at;

    for (const [key, members] of byStart) {
      const g = this.groups.length;
      // The bytes as the loop reads them: first one lowest, bit 0x20 set.
      let v = 0;
      for (let i = 0; i < key.length; i++) v |= (key.charCodeAt(i) | 0x20) << (8 * i);
      let slots: number[];
      // A two-character keyword starts wherever its two bytes do, whatever the third.
      for (const third of key.length === 2 ? FOLDED_BYTES : [-1]) {
        const h = hashTriple(third === -1 ? v : v | (third << 16));
        this.triples[h >>> 5] |= 1 << (h & 31);
      }
      if (key.length === 2) {
        slots = [v];
        this.pairs[v] = g + 1;
      } else {
        const values = key.length === 4 ? [v] : FOLDED_BYTES.map((b) => v | (b << 24));
        slots = [...new Set(values.map(hashQuad))];
        for (const slot of slots) {
          if (this.quadHome[slot] === 0) this.quadHome[slot] = this.buckets.push([]) - 1;
          this.buckets[this.quadHome[slot]].push(g);
          this.quadActive[slot]++;
        }
      }
      this.groups.push({ members, slots, inPairs: key.length === 2 });
      for (const k of members) this.groupOf[k] = g;
    }
    this.quads.set(this.quadHome);
    this.unseen = Int32Array.from(
      this.groups,
      (g) => g.members.length + (g.members.some((k) => this.tracked[k] === 1) ? NEVER_DONE : 0),
    );
  }

  /** Indexes (into the constructor's list) of the keywords found; `undefined` when none. */
  find(text: string): number[] | undefined {
    this.where.count = 0;
    this.inBytes = false;
    if (text.length < 2) return undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 unit; 8 more for the zeros after the text.
    const need = text.length * 3 + 8;
    if (this.bytes.length < need) {
      const buffer = new ArrayBuffer(Math.max(need, 4096));
      this.bytes = new Uint8Array(buffer);
      this.words = new DataView(buffer);
    }
    const bytes = this.bytes;
    const words = this.words;
    const n = this.encoder.encodeInto(text, bytes).written;
    // Every non-ASCII character takes two or more bytes: else byte offsets are string indexes.
    this.inBytes = n !== text.length;
    // The loop reads the word after the text's last; zeros start no keyword (`verify` checks the
    // length anyway).
    for (let i = n; i < n + 8; i++) bytes[i] = 0;
    this.found = undefined;
    const blocks = this.blocks;
    for (let from = 0; from < n;) {
      const count = scanTriples(words, this.triples, from, n, blocks);
      // A full list: the scan goes on after its last block.
      from = count === blocks.length ? blocks[count - 1] + 4 : n;
      for (let j = 0; j < count; j++) {
        const at = blocks[j];
        const w = words.getUint32(at, true) | 0x20202020;
        const x = words.getUint32(at + 4, true) | 0x20202020;
        this.check(at, w, n);
        this.check(at + 1, (w >>> 8) | (x << 24), n);
        this.check(at + 2, (w >>> 16) | (x << 16), n);
        this.check(at + 3, (w >>> 24) | (x << 8), n);
      }
    }
    // (`check` filled it; TypeScript does not see that through the calls.)
    const found = this.found as number[] | undefined;
    if (found) {
      this.found = undefined;
      for (const k of found) {
        this.seen[k] = 0;
        const g = this.groupOf[k];
        if (this.unseen[g]++ === 0) this.enable(g, true);
      }
    }
    return found;
  }

  private found: number[] | undefined;
  /** Byte offsets of the four-byte blocks {@link scanTriples} passed, for the last text. */
  private readonly blocks = new Int32Array(BLOCK_LIST);

  /** Checks the keywords whose start the tables hold for the four bytes `v` at byte `at`. */
  private check(at: number, v: number, n: number): void {
    const b = this.quads[hashQuad(v)];
    if (b !== 0) for (const g of this.buckets[b]) this.verify(g, at, n);
    const p = this.pairs[v & 0xffff];
    if (p !== 0) this.verify(p - 1, at, n);
  }

  /** Whether {@link where} holds byte offsets that are not string indexes. */
  private inBytes = false;

  /**
   * Where the tracked keywords occur in the text of the last {@link find}; valid until the next.
   * A keyword is ASCII, so it occurs in the UTF-8 bytes where it occurs in the text: its byte
   * offset, less the continuation bytes before it, plus one for each four-byte character before it
   * (two UTF-16 units), is its index in the text. (A lone surrogate is three bytes, one unit.)
   */
  positions(): KeywordPositions {
    const pos = this.where;
    if (this.inBytes) {
      this.inBytes = false;
      const bytes = this.bytes;
      let b = 0;
      let shift = 0;
      for (let j = 0; j < pos.count; j++) {
        const to = pos.at[j];
        for (; b < to; b++) {
          const x = bytes[b];
          if ((x & 0xc0) === 0x80) shift++;
          else if (x >= 0xf0) shift--;
        }
        pos.at[j] = to - shift;
      }
    }
    return pos;
  }

  private record(k: number, at: number): void {
    const pos = this.where;
    if (pos.count === pos.at.length) {
      const keyword = new Int32Array(pos.count * 2);
      const where = new Int32Array(pos.count * 2);
      keyword.set(pos.keyword);
      where.set(pos.at);
      pos.keyword = keyword;
      pos.at = where;
    }
    pos.keyword[pos.count] = k;
    pos.at[pos.count++] = at;
  }

  /** Puts a group's start into its table, or takes it out. */
  private enable(g: number, on: boolean): void {
    const group = this.groups[g];
    for (const slot of group.slots) {
      if (group.inPairs) this.pairs[slot] = on ? g + 1 : 0;
      else if (on) {
        if (this.quadActive[slot]++ === 0) this.quads[slot] = this.quadHome[slot];
      } else if (--this.quadActive[slot] === 0) this.quads[slot] = 0;
    }
  }

  /** Checks the keywords of group `g` at byte `at`; a group leaves the table once all are found. */
  private verify(g: number, at: number, n: number): void {
    if (this.unseen[g] === 0) return;
    const bytes = this.bytes;
    const chars = this.chars;
    const kwStart = this.kwStart;
    const seen = this.seen;
    const members = this.groups[g].members;
    for (let p = 0; p < members.length; p++) {
      const k = members[p];
      const track = this.tracked[k] === 1;
      if (seen[k] !== 0 && !track) continue;
      const from = kwStart[k];
      const len = kwStart[k + 1] - from;
      if (at + len > n) continue;
      let i = 0;
      for (; i < len; i++) {
        let c = bytes[at + i];
        if (c >= 65 && c <= 90) c += 32;
        if (c !== chars[from + i]) break;
      }
      if (i < len) continue;
      if (track) this.record(k, at);
      if (seen[k] !== 0) continue;
      seen[k] = 1;
      (this.found ??= []).push(k);
      if (--this.unseen[g] === 0) this.enable(g, false);
    }
  }
}

/**
 * The loop every character of a HAR goes through, kept apart from the exact checks (it ran 20 %
 * slower with them inlined): lists the offsets of the four-byte blocks of `words` (the text's `n`
 * bytes, then zeros), from byte `from` (a multiple of 4), holding a position whose three bytes,
 * folded, have their bit set in `triples`; stops when `blocks` is full. Four positions per step:
 * the four bytes starting at each (first byte lowest) come from this word and the next, read
 * little-endian whatever the platform.
 */
function scanTriples(
  words: DataView,
  triples: Int32Array,
  from: number,
  n: number,
  blocks: Int32Array,
): number {
  let count = 0;
  let w = words.getUint32(from, true) | 0x20202020;
  for (let at = from; at < n; at += 4) {
    const x = words.getUint32(at + 4, true) | 0x20202020;
    const h0 = hashTriple(w);
    const h1 = hashTriple((w >>> 8) | (x << 24));
    const h2 = hashTriple((w >>> 16) | (x << 16));
    const h3 = hashTriple((w >>> 24) | (x << 8));
    if (
      ((triples[h0 >>> 5] >>> (h0 & 31)) |
        (triples[h1 >>> 5] >>> (h1 & 31)) |
        (triples[h2 >>> 5] >>> (h2 & 31)) |
        (triples[h3 >>> 5] >>> (h3 & 31))) &
      1
    ) {
      blocks[count++] = at;
      if (count === blocks.length) break;
    }
    w = x;
  }
  return count;
}
