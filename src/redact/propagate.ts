import { MAX_NESTING } from './body';
import { looksBinary, rewriteGrpcFrames, rewriteProtobuf } from './readers/binary';
import {
  compressionOfBase64,
  compressionOfBytes,
  throughCompressed,
  throughCompressedBytes,
} from './readers/compressed';
import { isZip, MAX_ARCHIVE_DEPTH, throughZip, ZIP_BASE64 } from './readers/zip';
import { mapPercentComponents } from './reencode';
import { engineIoPackets, rewritePackets } from './readers/engine-io';
import { withItemLengths } from './readers/envelope';
import { CLEAN_MEMO_MAX_TEXT, plusAsSpace } from './text';
import { addBounded } from '../util/bounded-set';
import { TextMemo } from './text-memo';
import { isJsSpace } from './value-shape';
import { FORM_BASE64, type PropagationSet, type SecretRecord, type SecretRegistry } from './registry';
import {
  base64Decode,
  base64DecodeLatin1,
  base64Encode,
  base64EncodeLatin1,
  base64Runs,
  base64Style,
  inDottedToken,
  latin1Decode,
  latin1Encode,
  utf16DecodeMarked,
  utf16Encode,
  utf8DecodeStrict,
  utf8Encode,
} from '../util/bytes';

/** How many keys or strings the walk remembers clean, each (then it starts again). */
const MAX_CLEAN = 16384;
/** Slots of the memo of short strings found clean (see TextMemo). */
const CLEAN_SLOTS = 8192;
const URLISH = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/(?![/*]))[^\s"'<>{}]*$/i;

/** A whole string that is a URL or a path (not a body that starts with `/*` or `//`). */
function isUrl(s: string): boolean {
  return s.length <= 64 * 1024 && URLISH.test(s);
}

const OWN_PLACEHOLDER = /\[REDACTED [^\]\s#]{1,64} #[0-9a-f]{8}\]|REDACTED-base64-[0-9a-f]{8}/g;

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Whether [start, end) of `s` is a number token of JSON or code: after `:`, `[`, `,` or `=` and
 * before `,`, `]`, `}` or `;` (blanks between). A URL's `?n=4155550123` ends otherwise, and a
 * number in prose keeps its placeholder.
 */
function numberToken(s: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && isJsSpace(s.charCodeAt(i))) i--;
  let j = end;
  while (j < s.length && isJsSpace(s.charCodeAt(j))) j++;
  return i >= 0 && j < s.length && ':[,='.includes(s[i]) && ',]};'.includes(s[j]);
}

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Whether the character beside a match (before it when `dir` is -1, at `at` when 1) continues the
 * token: a letter or digit that is not the tail of an escape (`%3D`, `\n`, `\u0026`, `&amp;`).
 */
function continuesToken(s: string, at: number, dir: -1 | 1): boolean {
  const i = dir < 0 ? at - 1 : at;
  if (!isTokenChar(s.charCodeAt(i))) return false;
  if (dir > 0) return true;
  // An escape right before the match ends in a letter or digit that is not part of the value.
  if (i >= 2 && s.charCodeAt(i - 2) === 37) return false; // %XX
  if (i >= 1 && s.charCodeAt(i - 1) === 92) return false; // \n
  if (i >= 5 && s.charCodeAt(i - 5) === 92 && s.charCodeAt(i - 4) === 117) return false; // \uXXXX
  return true;
}

/** How decoded bytes were read as text: UTF-8, one char per byte, or UTF-16 with its mark. */
type Reading = 'utf8' | 'latin1' | 'utf16le' | 'utf16be';

function textOf(bin: string): { text: string; reading: Reading } {
  if (!/[\x80-\xff]/.test(bin)) return { text: bin, reading: 'utf8' };
  const bytes = latin1Encode(bin);
  const t = utf8DecodeStrict(bytes);
  if (t !== null) return { text: t, reading: 'utf8' };
  const utf16 = utf16DecodeMarked(bytes);
  if (utf16) return { text: utf16.text, reading: utf16.littleEndian ? 'utf16le' : 'utf16be' };
  return { text: bin, reading: 'latin1' };
}

function binOf(text: string, reading: Reading): string {
  if (reading === 'utf16le' || reading === 'utf16be')
    return latin1Decode(utf16Encode(text, reading === 'utf16le'));
  return reading === 'utf8' && /[\u0080-\uffff]/.test(text) ? latin1Decode(utf8Encode(text)) : text;
}

/**
 * The second pass: every value found anywhere is removed from every string of the output, in every
 * encoding. One literal scan per string finds raw, URL-, JSON- and HTML-encoded forms and the base64
 * cores of each value; base64 is decoded only where a core matched.
 */
export class Propagator {
  private readonly set: PropagationSet;
  private entry: number | null = null;

  constructor(private readonly reg: SecretRegistry) {
    this.set = reg.propagationMatcher();
    const { forms, fixed } = this.set;
    for (const [i, to] of fixed) if (forms[i].startsWith('REDACTED ')) this.renamed.set(forms[i], to);
  }

  get empty(): boolean {
    return this.set.matcher.size === 0;
  }

  setEntry(i: number | null): void {
    this.entry = i;
  }

  private hit(info: SecretRecord, path: () => string): void {
    this.reg.hit(info, { entry: this.entry, path: path() });
  }

  /** Raw placeholder texts (without brackets) a merge renamed, and their new text. */
  private readonly renamed = new Map<string, string>();

  private rename(s: string): string {
    OWN_PLACEHOLDER.lastIndex = 0;
    return s.replace(OWN_PLACEHOLDER, (m) => {
      const to = m.startsWith('[') ? this.renamed.get(m.slice(1, -1)) : undefined;
      return to === undefined ? m : `[${to}]`;
    });
  }

  private outsidePlaceholders<H extends { id: number; start: number; end: number }>(
    s: string,
    hits: readonly H[],
  ): readonly H[] {
    const spans: number[] = [];
    OWN_PLACEHOLDER.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = OWN_PLACEHOLDER.exec(s))) {
      if (this.reg.wrote(m[0])) spans.push(m.index, m.index + m[0].length);
    }
    if (spans.length === 0) return hits;
    // (Renamed placeholders are matched inside placeholders on purpose: see SecretRegistry.adopt.)
    const fixed = this.set.fixed;
    return hits.filter((h) => {
      if (fixed.has(h.id)) return true;
      for (let k = 0; k < spans.length; k += 2) if (h.start < spans[k + 1] && h.end > spans[k]) return false;
      return true;
    });
  }

  /**
   * Whether a match of `form` at [start, end) of `s` stands for the value: at token boundaries (a
   * 15-character id is not cut out of an 18-character one), and for a short real secret only in the
   * entries it was found in.
   */
  private matchesHere(info: SecretRecord, form: string, s: string, start: number, end: number): boolean {
    if (!info.propagate && !(this.entry !== null && info.entries?.includes(this.entry))) return false;
    if (isTokenChar(form.charCodeAt(0)) && start > 0 && continuesToken(s, start, -1)) return false;
    if (isTokenChar(form.charCodeAt(form.length - 1)) && end < s.length && continuesToken(s, end, 1))
      return false;
    return true;
  }

  private placeholderFor(
    info: SecretRecord,
    form: string,
    context: string,
    start: number,
    end: number,
  ): string {
    const rep = this.reg.replacement(info);
    // A number written as a number in JSON or code (`"n": 4155550123`, `[13.404954, 52.52]`):
    // a number it stays, 0 as pass 1 writes it, or the text would no longer parse.
    if (rep !== info.value && NUMBER.test(form) && numberToken(context, start, end)) return '0';
    if ((form !== info.value && form.includes('%')) || isUrl(context)) return encodeURIComponent(rep);
    return rep;
  }

  /** Replaces every known secret in `s`. `path` is built only when something is found. */
  string(s: string, path: () => string, depth = 0): string {
    if (s.length < 4) return s;
    // An engine.io v3 payload: each packet on its own, so that its length can be written anew.
    // (In a method of its own: a closure here would cost every call of this hot one a context.)
    const packets = depth === 0 ? engineIoPackets(s) : null;
    if (packets !== null) return this.packets(s, packets, path);
    const input = s;
    const { matcher, infos, forms, kinds, fixed } = this.set;
    // A value never goes inside a placeholder of this run (a look-alike in the input is text);
    // placeholders a merge renamed are renamed first, as a whole.
    const ours = s.indexOf('REDACTED') >= 0;
    if (ours && this.renamed.size) s = this.rename(s);
    let hits = matcher.find(s);
    let out = s;
    let base64Hit = false;
    if (hits.length && ours) hits = this.outsidePlaceholders(s, hits);
    if (hits.length) {
      let acc = '';
      let last = 0;
      for (const h of hits) {
        if (kinds[h.id] === FORM_BASE64) {
          base64Hit = true;
          continue;
        }
        const to = fixed.size ? fixed.get(h.id) : undefined;
        if (to !== undefined) {
          acc += s.slice(last, h.start) + to;
          last = h.end;
          continue;
        }
        const info = infos[h.id];
        if (!this.matchesHere(info, forms[h.id], s, h.start, h.end)) continue;
        this.hit(info, path);
        acc += s.slice(last, h.start) + this.placeholderFor(info, forms[h.id], s, h.start, h.end);
        last = h.end;
      }
      out = acc + s.slice(last);
    }
    if (depth < 3) {
      if (base64Hit) out = this.base64Blobs(out, path, depth);
      if (out.indexOf('%') >= 0) out = this.percentComponents(out, path, depth);
    }
    return depth === 0 ? withItemLengths(input, out) : out;
  }

  /** An engine.io payload's packets, each propagated on its own, written back with new lengths. */
  private packets(payload: string, packets: string[], path: () => string): string {
    return rewritePackets(payload, packets, (packet) => this.string(packet, path, 1));
  }

  /** Base64 runs that hold a secret: decoded, cleaned and re-encoded (or replaced when misaligned). */
  private base64Blobs(s: string, path: () => string, depth: number): string {
    const runs = base64Runs(s, 8);
    let out = '';
    let last = 0;
    for (let r = 0; r < runs.length; r += 2) {
      const run = s.slice(runs[r], runs[r + 1]);
      const next = this.base64Run(run, inDottedToken(s, runs[r], runs[r + 1]), path, depth);
      if (next === run) continue;
      out += s.slice(last, runs[r]) + next;
      last = runs[r + 1];
    }
    return last === 0 ? s : out + s.slice(last);
  }

  private base64Run(run: string, urlish: boolean, path: () => string, depth: number): string {
    const { matcher, infos, kinds } = this.set;
    if (!matcher.find(run).some((h) => kinds[h.id] === FORM_BASE64)) return run;
    const { urlSafe, padded } = base64Style(run, urlish);
    for (let shift = 0; shift < 4; shift++) {
      const body = run.slice(shift).replace(/=+$/, '');
      const bin = base64DecodeLatin1(body.slice(0, body.length - (body.length % 4 === 1 ? 1 : 0)));
      if (bin === null) continue;
      const { text, reading } = textOf(bin);
      const hit = matcher.find(text).find((h) => kinds[h.id] !== FORM_BASE64);
      if (!hit) continue;
      if (shift === 0) {
        const next = this.string(text, () => path() + '(base64)', depth + 1);
        return base64EncodeLatin1(binOf(next, reading), urlSafe, padded);
      }
      // Misaligned inside a longer stream: it cannot be re-encoded faithfully, so it goes whole.
      const info = infos[hit.id];
      this.hit(info, () => path() + '(base64)');
      return `REDACTED-base64-${info.tag}`;
    }
    return run;
  }

  private percentComponents(s: string, path: () => string, depth: number): string {
    return mapPercentComponents(s, (tok) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(plusAsSpace(tok));
      } catch {
        return tok;
      }
      if (decoded === tok || !this.set.matcher.test(decoded)) return tok;
      return encodeURIComponent(this.string(decoded, path, depth + 1));
    });
  }

  /** base64 content / binary frames: scanned as they are; decoded only when a value's core matched. */
  base64(b64: string, path: () => string): string {
    const { matcher, kinds } = this.set;
    const kind = compressionOfBase64(b64);
    if (kind) {
      // Compressed (gzip, zlib): nothing shows until inflated, as pass 1 read it.
      const next = throughCompressed(b64, kind, (bytes) => this.inflated(bytes, path));
      if (next !== null) return next;
    }
    if (b64.startsWith(ZIP_BASE64)) {
      // A ZIP archive: each file inflated, as pass 1 read it.
      const zip = base64Decode(b64);
      const next = zip && throughZip(zip, (_name, data) => this.inflated(data, path, 1, true));
      if (next) return next === zip ? b64 : base64Encode(next);
    }
    if (!matcher.find(b64).some((h) => kinds[h.id] === FORM_BASE64)) return b64;
    const bin = base64DecodeLatin1(b64);
    if (bin === null) return this.string(b64, path);
    const next = this.bytes(bin, path);
    return next === bin ? b64 : base64EncodeLatin1(next);
  }

  /** Inflated bytes with every value replaced (the same bytes when none was there). */
  private inflated(bytes: Uint8Array, path: () => string, depth = 1, inArchive = false): Uint8Array {
    // Archives inside archives, as pass 1 opened them.
    if (depth < MAX_ARCHIVE_DEPTH) {
      const next = isZip(bytes)
        ? throughZip(bytes, (_name, data) => this.inflated(data, path, depth + 1, true))
        : compressionOfBytes(bytes) === 'gzip'
          ? throughCompressedBytes(bytes, 'gzip', (b) => this.inflated(b, path, depth + 1, inArchive))
          : null;
      if (next !== null) return next;
    }
    const bin = latin1Decode(bytes);
    const reading = textOf(bin);
    // An archive's files that are not text stay, as pass 1 left them (a blob of zeros read as
    // gRPC frames made millions of empty ones).
    if (inArchive && looksBinary(reading.text)) return bytes;
    const read = this.bytes(bin, path, reading);
    return read === bin ? bytes : latin1Encode(read);
  }

  /** Decoded bytes (one char each) with every value replaced: text as text, framed binary by frame. */
  private bytes(bin: string, path: () => string, read = textOf(bin)): string {
    const { text, reading } = read;
    if (looksBinary(text)) {
      // Framed binary (gRPC-web, protobuf) as pass 1 read it: strings changed, lengths rewritten.
      const bytes = latin1Encode(bin);
      const scan = (t: string) => this.string(t, path);
      const framed = rewriteGrpcFrames(scan, bytes) ?? rewriteProtobuf(scan, bytes);
      if (framed) return framed === bytes ? bin : latin1Decode(framed);
    }
    const next = this.string(text, path);
    return next === text ? bin : binOf(next, reading);
  }

  private readonly stack: (string | number)[] = [];
  private readonly stackPath = (): string => {
    let out = '';
    for (const seg of this.stack) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
    return out;
  };

  /** Walks any JSON value under `root`; returns the same object when nothing changed (copy on write). */
  walk(v: unknown, root: string): unknown {
    this.stack.length = 0;
    this.stack.push(root);
    return this.any(v, 0);
  }

  private any(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return v.length < 4 ? v : this.string(v, this.stackPath);
    if (!v || typeof v !== 'object') return v;
    return this.container(v, depth);
  }

  /**
   * An object or array: strings and containers are handled in the loop, numbers and the like
   * skipped without a call (a HAR is mostly small objects: the walk's own overhead counted more
   * than the scanning). Properties are read only where they matter (`encoding` beside a `text`,
   * `opcode` beside `data`): reading them from every object, of every shape, cost as much again.
   */
  private container(v: object, depth: number): unknown {
    if (depth > MAX_NESTING) throw new Error(`${this.stackPath()}: nested deeper than ${MAX_NESTING} levels`);
    const stack = this.stack;
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const n = this.child(x, i, depth, false);
        if (n !== x) {
          out ??= v.slice();
          out[i] = n;
        }
      }
      return out ?? v;
    }
    const obj = v as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    for (const k in obj) {
      // The server's address is a machine's, never the user's: the same address found under a
      // body's `ip` (a CDN's edge, a status page) goes there, but not from an entry's
      // `serverIPAddress`, where support reads it.
      if (depth === 0 && k === 'serverIPAddress') continue;
      const x = obj[k];
      const n = this.child(
        x,
        k,
        depth,
        (k === 'text' && obj.encoding === 'base64') || (k === 'data' && obj.opcode === 2),
      );
      let nk = k;
      if (k.length >= 6 && !this.cleanKeys.has(k)) {
        stack.push(k);
        nk = this.string(k, this.stackPath, 3);
        stack.pop();
        // A key left as it is recorded nothing (at depth 3 nothing is decoded): it need not be
        // scanned again in this export.
        if (nk === k) addBounded(this.cleanKeys, k, MAX_CLEAN);
      }
      if (n !== x || nk !== k) {
        out ??= { ...obj };
        if (nk !== k) delete out[k];
        out[nk] = n;
      }
    }
    return out ?? obj;
  }

  /** The walk of one value under `key` (base64: a base64 body or binary frame). */
  private child(x: unknown, key: string | number, depth: number, base64: boolean): unknown {
    if (typeof x === 'string') {
      if (x.length < 4) return x;
      const short = !base64 && x.length <= CLEAN_MEMO_MAX_TEXT;
      const hash = short ? this.cleanStrings.hash(x) : 0;
      if (short && this.cleanStrings.get(hash, x) === true) return x;
      this.stack.push(key);
      const n = base64 ? this.base64(x, this.stackPath) : this.string(x, this.stackPath);
      this.stack.pop();
      // A string left as it is recorded nothing: the same text is left as it is wherever it recurs.
      if (short && n === x) this.cleanStrings.set(hash, x, '', true);
      return n;
    }
    if (x === null || typeof x !== 'object') return x;
    this.stack.push(key);
    const n = this.container(x, depth + 1);
    this.stack.pop();
    return n;
  }

  /** Keys found to hold no known value (see container). */
  private readonly cleanKeys = new Set<string>();
  /** Short strings found to hold none (header values recur from entry to entry). */
  private readonly cleanStrings = new TextMemo<boolean>(CLEAN_SLOTS);
}
