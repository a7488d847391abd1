import type { EffectiveRule, RuleOrigin } from '../rules/types';
import type { Finding, FindingLocation } from '../report/types';
import { hmacSha256, toHex } from '../util/sha256';
import { B64_CODES, latin1Decode, utf8Encode } from '../util/bytes';
import { MultiLiteralMatcher } from './matcher';
import { jsonPlain } from './json';
import { redactPath, secretShaped } from './value-shape';

export interface PropagationSet {
  matcher: MultiLiteralMatcher;
  infos: SecretRecord[];
  forms: string[];
  /** Each form's kind, FORM_TEXT or FORM_BASE64 (a byte each: a run may hold a million forms). */
  kinds: Uint8Array;
  /**
   * By form index, for forms of an old placeholder (see adopt): the same form of the new one,
   * written as it is and not counted as a replacement. Forms of values have none.
   */
  fixed: ReadonlyMap<number, string>;
}

/** A value, the placeholder text (without brackets) it was written as, and the one it takes. */
export type Renamed = [value: string, from: string, to: string];

/**
 * A found value: the object every sighting in a registry shares, and (copied, see
 * {@link SecretRegistry.records}) what one shard of a parallel run tells the others. It holds the
 * value itself: it travels between the threads of one process only, never into output.
 */
export interface SecretRecord {
  value: string;
  /** Its tag under the run's key, computed once by the shard that found it (every shard has the key). */
  tag: string;
  label: string;
  rule: RuleRef;
  name?: string;
  locked: boolean;
  propagate: boolean;
  /**
   * A short real secret (a PIN, an OTP, a short password) that is not removed everywhere: only
   * where it is echoed within the entries it was found in (see `entries`), at token boundaries.
   */
  local?: boolean;
  /** The entries a local value was found in. */
  entries?: number[];
  /** First seen where a broad rule left it because it cannot be a credential (see keepShape). */
  shapeKept?: boolean;
  count: number;
  locations: FindingLocation[];
}

export interface RuleRef {
  readonly id: string;
  readonly origin: RuleOrigin;
  readonly locked: boolean;
}

const refs = new WeakMap<EffectiveRule, RuleRef>();

/** A rule as records name it: one object per rule, shared by every value it finds (never changed). */
export function ruleRef(rule: EffectiveRule): RuleRef {
  let ref = refs.get(rule);
  if (!ref) refs.set(rule, (ref = { id: rule.id, origin: rule.origin, locked: !!rule.locked }));
  return ref;
}

/** Records as another thread receives them (see recordsToWire): plain JSON, every rule and text once. */
export interface RecordsWire {
  texts: string[];
  /** Each rule: its id and origin (indices into texts), and 1 when locked. */
  rules: [number, number, number][];
  /** Each record: value, tag, label, rule, name (-1: none), flags, count, entries (0: none), locations (entry, path, …). */
  records: [
    string,
    string,
    number,
    number,
    number,
    number,
    number,
    number[] | 0,
    (number | string | null)[],
  ][];
}

const LOCKED = 1;
const PROPAGATE = 2;
const LOCAL = 4;
const SHAPE_KEPT = 8;

/**
 * Records written for another thread. Threads send each other mostly records (hundreds of
 * thousands in a run of many found values); as objects, each spelt out every key and its rule,
 * about 2.5 times the size, and the JSON of one batch's could take more memory than its records.
 * recordsFromWire gives back what JSON.parse(JSON.stringify(records)) would.
 */
export function recordsToWire(records: readonly SecretRecord[]): RecordsWire {
  const texts = new Map<string, number>();
  const text = (t: string) => {
    let i = texts.get(t);
    if (i === undefined) texts.set(t, (i = texts.size));
    return i;
  };
  const rules = new Map<RuleRef, number>();
  const ruleRows: RecordsWire['rules'] = [];
  const rule = (r: RuleRef) => {
    let i = rules.get(r);
    if (i === undefined) {
      rules.set(r, (i = ruleRows.length));
      ruleRows.push([text(r.id), text(r.origin), r.locked ? 1 : 0]);
    }
    return i;
  };
  const rows: RecordsWire['records'] = records.map((r) => {
    const flags =
      (r.locked ? LOCKED : 0) |
      (r.propagate ? PROPAGATE : 0) |
      (r.local ? LOCAL : 0) |
      (r.shapeKept ? SHAPE_KEPT : 0);
    const locations: (number | string | null)[] = [];
    for (const l of r.locations) locations.push(l.entry, l.path);
    const name = r.name === undefined ? -1 : text(r.name);
    return [r.value, r.tag, text(r.label), rule(r.rule), name, flags, r.count, r.entries ?? 0, locations];
  });
  return { texts: [...texts.keys()], rules: ruleRows, records: rows };
}

/** The records recordsToWire wrote, sharing their rules and texts. */
export function recordsFromWire(wire: RecordsWire): SecretRecord[] {
  const { texts } = wire;
  const rules = wire.rules.map(([id, origin, locked]): RuleRef => ({
    id: texts[id],
    origin: texts[origin] as RuleOrigin,
    locked: locked === 1,
  }));
  return wire.records.map(([value, tag, label, rule, name, flags, count, entries, locs]) => {
    const locations: FindingLocation[] = [];
    for (let k = 0; k < locs.length; k += 2)
      locations.push({ entry: locs[k] as number | null, path: locs[k + 1] as string });
    return {
      value,
      tag,
      label: texts[label],
      rule: rules[rule],
      ...(name >= 0 ? { name: texts[name] } : {}),
      locked: (flags & LOCKED) !== 0,
      propagate: (flags & PROPAGATE) !== 0,
      ...(flags & LOCAL ? { local: true } : {}),
      ...(entries ? { entries } : {}),
      ...(flags & SHAPE_KEPT ? { shapeKept: true } : {}),
      count,
      locations,
    };
  });
}

export const MAX_LOCATIONS = 50;

/**
 * The locations of a record not seen yet: one array for all of them (a run may hold a million
 * records), frozen, since the first sighting replaces it (see hit) and nothing may add to it.
 */
const NO_LOCATIONS = Object.freeze([]) as unknown as FindingLocation[];

/** Labels go inside placeholders: keep them short and free of characters that need escaping. */
export function cleanLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9._:@/-]+/g, '_').slice(0, 48) || 'secret';
}

/**
 * Is this value distinctive enough to be removed wherever else it appears? A detector-confirmed
 * value (`strong`) is, from six characters; a value found by name only when it is secret-shaped
 * (long and random enough not to be a word, a constant or code). Others (`dark`, `true`, `en-US`,
 * `Cookies`) would wipe unrelated text; they are still replaced where they were found.
 */
export function worthPropagating(value: string, strong: boolean): boolean {
  const v = value.trim();
  if (/^\d+$/.test(v)) return v.length >= 10;
  // Shaped like a header's name (`Content-Type`, `X-CSRF-Token`): replaced where it was found, but
  // spread, it would rename the very headers of every request.
  if (HEADER_NAME_SHAPE.test(v)) return false;
  if (strong) return v.length >= 6;
  return secretShaped(v);
}

const HEADER_NAME_SHAPE = /^(?:[A-Z][a-z]*|[A-Z]+)(?:-(?:[A-Z][a-z]*|[A-Z]+))+$/;

const lowerPercent = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const jsonInner = (v: string) => JSON.stringify(v).slice(1, -1);
const htmlBase = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const HTML_SPECIAL = /[&<>"']/;

const PLAIN = /^[A-Za-z0-9_.-]*$/;
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_G = /[\u0080-\uffff]/g;
const uEscape = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * The encodings a value can take inside a HAR's strings, in this order: raw; URL-encoded (as
 * encodeURIComponent writes it, with lower-case escapes, with `+` for spaces, twice, as encodeURI
 * and as URLSearchParams write it); JSON-escaped (as JSON.stringify writes it, with `\/`, with
 * `\uXXXX` for non-ASCII and HTML-special characters, twice); HTML-escaped (`'` as `&#39;` or
 * `&#x27;`); JSON with only non-ASCII as `\uXXXX` (Python's, PHP's), alone and with `\/`. A value
 * with lone surrogates has no URL forms (undefined). A run computes these for every value it finds:
 * a form that cannot differ from one before it (no `%` to lower-case, nothing to escape) is that
 * one, not computed again.
 */
function encodingsOf(v: string): (string | undefined)[] {
  let uri: string | undefined;
  try {
    uri = encodeURIComponent(v);
  } catch {
    // lone surrogates
  }
  const escapes = uri !== undefined && uri.indexOf('%') >= 0;
  const json = jsonPlain(v) ? v : jsonInner(v);
  const html = HTML_SPECIAL.test(v) ? htmlBase(v) : v;
  // Only non-ASCII as `\uXXXX` (Python's json.dumps; with `\/` too, PHP's json_encode).
  const ascii = NON_ASCII.test(json) ? json.replace(NON_ASCII_G, uEscape) : json;
  return [
    v,
    uri,
    escapes ? lowerPercent(uri!) : uri,
    escapes ? uri!.replace(/%20/g, '+') : uri,
    // encodeURIComponent again: `uri` holds nothing else it escapes.
    escapes ? uri!.replace(/%/g, '%25') : uri,
    escapes ? encodeURI(v) : uri,
    // URLSearchParams style: also encodes !'()~ and uses +.
    uri?.replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+'),
    json,
    json.indexOf('/') >= 0 ? json.replace(/\//g, '\\/') : json,
    json.replace(/[\u0080-\uffff<>&'=]/g, uEscape),
    json === v ? v : jsonInner(json),
    html === v && v.indexOf("'") < 0 ? v : html.replace(/'/g, '&#39;'),
    html === v && v.indexOf("'") < 0 ? v : html.replace(/'/g, '&#x27;'),
    ascii,
    ascii.indexOf('/') >= 0 ? ascii.replace(/\//g, '\\/') : ascii,
  ];
}

/** Every form a value can take inside a HAR's strings (see encodingsOf), at least 4 characters long. */
export function encodedForms(v: string): string[] {
  // Letters, digits and `_.-` are the same in every encoding (the common case: tokens, ids).
  if (PLAIN.test(v)) return v.length >= 4 ? [v] : [];
  const forms: string[] = [];
  for (const f of encodingsOf(v)) if (f !== undefined && f.length >= 4 && !forms.includes(f)) forms.push(f);
  return forms;
}

/** Pairs of forms of `from` and `to` under the same encoding, for rewriting one into the other. */
export function encodedFormPairs(from: string, to: string): [string, string][] {
  const fs = encodingsOf(from);
  const ts = encodingsOf(to);
  const seen = new Set<string>();
  const out: [string, string][] = [];
  fs.forEach((f, k) => {
    const t = ts[k];
    if (f !== undefined && t !== undefined && f.length >= 4 && !seen.has(f)) {
      seen.add(f);
      out.push([f, t]);
    }
  });
  return out;
}

/**
 * The parts of base64 text that are fixed by the value alone, whatever bytes surround it: for each of
 * the three byte alignments, the characters whose six bits all come from the value. Any base64 blob
 * that holds the value contains one of these literally, so propagation finds it without decoding.
 */
export function base64Cores(v: string): string[] {
  const bytes = asciiOrUtf8(v);
  const n = bytes.length;
  if (n < 6) return [];
  const out: string[] = [];
  const codes = scratchOf(Math.ceil((8 * (n + 2)) / 6));
  for (let k = 0; k < 3; k++) {
    // The characters of base64 over k bytes, the value, 2 bytes, from the first whose six bits all
    // come from the value to the last: read from the value's bits directly.
    const from = Math.ceil((8 * k) / 6);
    const to = Math.floor((8 * (k + n)) / 6);
    if (to - from < 8) continue;
    let plusOrSlash = false;
    for (let j = from; j < to; j++) {
      const bit = 6 * j - 8 * k;
      const b = bit >> 3;
      const pair = (bytes[b] << 8) | (b + 1 < n ? bytes[b + 1] : 0);
      const c = (pair >> (10 - (bit & 7))) & 63;
      codes[j - from] = B64_CODES[c];
      if (c >= 62) plusOrSlash = true;
    }
    const core = latin1Decode(codes.subarray(0, to - from));
    if (!out.includes(core)) out.push(core);
    // The URL-safe alphabet differs in those two only.
    if (!plusOrSlash) continue;
    const urlSafe = core.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_'));
    if (!out.includes(urlSafe)) out.push(urlSafe);
  }
  return out;
}

/** Where base64Cores writes a core's characters: one buffer, grown as values come. */
let scratch = new Uint8Array(256);
function scratchOf(length: number): Uint8Array {
  if (scratch.length < length) scratch = new Uint8Array(Math.max(length, 2 * scratch.length));
  return scratch;
}

/** The UTF-8 bytes of `v` (its char codes, without an encoder, when it is ASCII: most values). */
function asciiOrUtf8(v: string): Uint8Array {
  const n = v.length;
  if (n > 256) return utf8Encode(v);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x80) return utf8Encode(v);
    out[i] = c;
  }
  return out;
}

/** How a matched form was encoded: as text to replace, or as base64 to decode first. */
export const FORM_TEXT = 0;
export const FORM_BASE64 = 1;

/** Appends locations the way {@link SecretRegistry.hit} records them: capped, without repeats in a row. */
export function addLocations(to: FindingLocation[], from: readonly FindingLocation[]): void {
  for (const loc of from) addLocation(to, loc);
}

function addLocation(to: FindingLocation[], loc: FindingLocation): void {
  if (to.length >= MAX_LOCATIONS) return;
  const last = to[to.length - 1];
  if (!last || last.entry !== loc.entry || last.path !== loc.path) to.push(loc);
}

/** What propagation searches for a value: its text encodings and its base64 cores. */
export interface ValueForms {
  text: string[];
  base64: string[];
}

export class SecretRegistry {
  private byValue = new Map<string, SecretRecord>();
  /** Placeholder texts (without brackets) a merge renamed: [info, old, new] (see adopt). */
  private relabels: [SecretRecord, string, string][] = [];
  private matcher: MultiLiteralMatcher | null = null;

  constructor(
    private readonly key: Uint8Array,
    private readonly keepTags: ReadonlySet<string>,
  ) {}

  private formsOf(value: string): ValueForms {
    const json = jsonPlain(value) ? value : JSON.stringify(value).slice(1, -1);
    return {
      text: encodedForms(value),
      base64: json === value ? base64Cores(value) : [...base64Cores(value), ...base64Cores(json)],
    };
  }

  /** A value's tag: computed once, when the value is first registered (the record keeps it). */
  private tagOf(value: string): string {
    // The first four bytes of the value's HMAC.
    return toHex(hmacSha256(this.key, utf8Encode(value)).subarray(0, 4));
  }

  /** Counts every register and hit: a caller can tell that a piece of work recorded nothing. */
  changes = 0;

  /** Records a found secret. Returns its info (shared by every later sighting of the same value). */
  register(
    value: string,
    label: string,
    rule: RuleRef,
    strong: boolean,
    name?: string,
    /** The entry of a short real secret (see SecretRecord.local); undefined for other values. */
    localEntry?: number | null,
  ): SecretRecord {
    this.changes++;
    let info = this.byValue.get(value);
    if (!info) {
      info = {
        value,
        tag: this.tagOf(value),
        label: cleanLabel(label),
        rule,
        name,
        locked: rule.locked,
        propagate: worthPropagating(value, strong),
        count: 0,
        locations: NO_LOCATIONS,
      };
      this.remember(info);
      this.changed();
    } else {
      if (rule.locked) info.locked = true;
      if (!info.propagate && worthPropagating(value, strong)) {
        info.propagate = true;
        this.changed();
      }
    }
    if (
      !info.propagate &&
      typeof localEntry === 'number' &&
      value.trim().length >= 4 &&
      !HEADER_NAME_SHAPE.test(value.trim())
    ) {
      const entries = (info.entries ??= []);
      if (!info.local || !entries.includes(localEntry)) {
        info.local = true;
        if (entries.length < MAX_LOCATIONS) entries.push(localEntry);
        this.changed();
      }
    }
    return info;
  }

  /**
   * Records a value a broad rule left because it cannot be a credential (`theme=dark`): the report
   * lists it as kept unless it is replaced somewhere after all. Never propagated.
   */
  keepShape(value: string, label: string, rule: RuleRef, name?: string): void {
    if (this.byValue.has(value)) return;
    this.changes++;
    this.remember({
      value,
      tag: this.tagOf(value),
      label: cleanLabel(label),
      rule,
      name,
      locked: false,
      propagate: false,
      shapeKept: true,
      count: 0,
      locations: NO_LOCATIONS,
    });
  }

  /**
   * The tags of the values known here: built when first asked for, then kept up as values come
   * (rebuilding it whenever its size differed from the values' made it quadratic, and two values
   * can share a tag, so the sizes may never agree).
   */
  private tagIndex: Set<string> | null = null;

  private remember(info: SecretRecord): void {
    this.byValue.set(info.value, info);
    this.tagIndex?.add(info.tag);
  }

  /**
   * Whether `text` (`[REDACTED <label> #<tag>]` or `REDACTED-base64-<tag>`) is a placeholder of this
   * run: its tag is one of a known value. Only these are skipped by later scans, never look-alikes.
   */
  wrote(text: string): boolean {
    const m = /#([0-9a-f]{8})\]$|^REDACTED-base64-([0-9a-f]{8})$/.exec(text);
    if (!m) return false;
    this.tagIndex ??= new Set([...this.byValue.values()].map((i) => i.tag));
    return this.tagIndex.has(m[1] ?? m[2]);
  }

  isKept(info: SecretRecord): boolean {
    return !info.locked && this.keepTags.has(info.tag);
  }

  /** The text that stands in for the value (the value itself when the user chose to keep it). */
  replacement(info: SecretRecord): string {
    return this.isKept(info) ? info.value : `[REDACTED ${info.label} #${info.tag}]`;
  }

  hit(info: SecretRecord, loc: FindingLocation): void {
    this.changes++;
    if (this.trials) this.journal.push({ info, count: info.count, locations: info.locations.length });
    info.count++;
    // Most values are seen once: an array of one (a push onto an empty one reserves 17 slots).
    if (info.locations.length === 0) info.locations = [loc];
    else addLocation(info.locations, loc);
  }

  /** Hits of the open trials: each record's count and number of locations before the hit. */
  private readonly journal: { info: SecretRecord; count: number; locations: number }[] = [];
  private trials = 0;

  /**
   * Counts the following hits provisionally (a reading that may turn out wrong, as JSON that breaks
   * halfway): pass the result to {@link settle}. Trials nest.
   */
  trial(): number {
    this.trials++;
    return this.journal.length;
  }

  /**
   * Ends a trial: its hits stand, or are taken back (the text is then read another way, which counts
   * its own). Values it registered stay registered: they are secrets wherever they appear.
   */
  settle(mark: number, keep: boolean): void {
    if (!keep) {
      for (let i = this.journal.length - 1; i >= mark; i--) {
        const j = this.journal[i];
        j.info.count = j.count;
        j.info.locations.length = j.locations;
      }
      this.journal.length = mark;
    }
    if (--this.trials === 0) this.journal.length = 0;
  }

  /** Every value registered so far, in registration order, with its counts (for a parallel run). */
  records(): SecretRecord[] {
    // Copies: the registry goes on counting in its own objects.
    return [...this.byValue.values()].map((i) => ({ ...i }));
  }

  /**
   * Takes the merged records of every shard (mergeSecretRecords) before propagation: every value any
   * shard found is now known here, named as the first sighting named it, and counting starts again
   * at zero. Where this shard wrote a placeholder under a label the merge changed (the value was
   * first seen elsewhere under another name), propagation rewrites it, in whatever encoding it was
   * written, so one value has one placeholder in the whole export.
   */
  adopt(
    merged: readonly SecretRecord[],
    /** Placeholders other registries of this thread wrote under a label the merge changed. */
    renamed: readonly Renamed[] = [],
  ): void {
    // What this registry wrote under a label the merge changed (and a merge that lost a value found
    // here fails, as it would leave the value unpropagated).
    const own = this.renamedBy(new Map(merged.map((r) => [r.value, r])));
    const local = this.byValue;
    // In the merged order, as one registry walking every shard would hold them.
    this.byValue = new Map();
    this.tagIndex = null;
    for (const r of merged) {
      // The merged record, counted from zero; a value found here keeps its info (the matcher's).
      // (Records from another thread share their rules and labels already: see recordsFromWire.)
      const parts = { count: 0, locations: NO_LOCATIONS };
      const known = local.get(r.value);
      let info: SecretRecord;
      if (known) {
        info = Object.assign(known, r, parts);
        if (r.name === undefined) delete info.name;
      } else info = { ...r, ...parts };
      this.byValue.set(r.value, info);
    }
    const seen = new Set<string>();
    for (const [value, from, to] of [...own, ...renamed]) {
      const info = this.byValue.get(value);
      if (!info) throw new Error('adopt: the merge lacks a value this thread found');
      if (seen.has(from)) continue;
      seen.add(from);
      this.relabels.push([info, from, to]);
    }
    this.matcher = null;
  }

  /**
   * The placeholders this registry's values were written under (pass 1) that `merged` names
   * otherwise, for the registry that propagates this one's entries (see adopt). Fails closed when
   * the merge lacks a value.
   */
  renamedBy(merged: ReadonlyMap<string, SecretRecord>): Renamed[] {
    const out: Renamed[] = [];
    for (const known of this.byValue.values()) {
      const r = merged.get(known.value);
      if (!r) throw new Error('adopt: the merge lacks a value this shard found');
      if (r.label !== known.label) {
        out.push([known.value, `REDACTED ${known.label} #${known.tag}`, `REDACTED ${r.label} #${known.tag}`]);
      }
    }
    return out;
  }

  /** A value or flag changed: the matcher is rebuilt. */
  private changed(): void {
    this.matcher = null;
  }

  /** Matcher over every encoded form of every value to propagate (built lazily, rebuilt on change). */
  propagationMatcher(): PropagationSet {
    if (!this.matcher) {
      const forms: string[] = [];
      const infos: SecretRecord[] = [];
      const kinds: number[] = [];
      const fixed = new Map<number, string>();
      const add = (f: string, info: SecretRecord, kind: number, to?: string) => {
        if (to !== undefined) fixed.set(forms.length, to);
        forms.push(f);
        infos.push(info);
        kinds.push(kind);
      };
      for (const info of this.byValue.values()) {
        if (!(info.propagate || info.local) || this.isKept(info)) continue;
        const { text, base64 } = this.formsOf(info.value);
        for (const f of text) add(f, info, FORM_TEXT);
        if (info.propagate) for (const f of base64) add(f, info, FORM_BASE64);
      }
      // The text between a placeholder's brackets: whatever encoded the brackets, it is there.
      for (const [info, from, to] of this.relabels) {
        for (const [f, t] of encodedFormPairs(from, to)) add(f, info, FORM_TEXT, t);
        for (const f of base64Cores(from)) add(f, info, FORM_BASE64);
      }
      this.matcher = new MultiLiteralMatcher(forms);
      this.set = { matcher: this.matcher, infos, forms, kinds: Uint8Array.from(kinds), fixed };
    }
    return this.set!;
  }
  private set: PropagationSet | null = null;

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const info of this.byValue.values()) {
      if (info.count > 0) out.push(finding(info, this.isKept(info)));
      else if (info.shapeKept) out.push(finding(info, true));
    }
    return out;
  }
}

/**
 * The findings of merged records (mergeSecretRecords): kept are the values the user chose to keep
 * (`keepTags`, unless locked) and those that cannot be credentials (count 0, see keepShape).
 */
export function findingsOfRecords(
  records: readonly SecretRecord[],
  /** The tags the user chose to keep (options.keepTags): kept unless locked, as isKept says. */
  keepTags: ReadonlySet<string> = new Set(),
): Finding[] {
  return records
    .filter((r) => r.count > 0 || r.shapeKept)
    .map((r) => finding(r, r.count === 0 || (!r.locked && keepTags.has(r.tag))));
}

function finding(r: SecretRecord, kept: boolean): Finding {
  return {
    tag: r.tag,
    label: r.label,
    ruleId: r.rule.id,
    origin: r.rule.origin,
    locked: r.locked,
    ...(r.name !== undefined ? { name: r.name } : {}),
    count: r.count,
    // A path segment that is itself a secret (a key, a header name) never reaches the report.
    locations: r.locations.map((l) => ({ entry: l.entry, path: redactPath(l.path) })),
    ...(kept ? { kept: true } : {}),
  };
}
