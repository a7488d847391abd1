import type { EffectiveRule, RuleOrigin } from '../rules/types';
import type { Finding, FindingLocation } from '../report/types';
import { hmacSha256, toHex } from '../util/sha256';
import { base64Encode, utf8Encode } from '../util/bytes';

export interface PropagationSet {
  matcher: MultiLiteralMatcher;
  infos: SecretInfo[];
  forms: string[];
  kinds: number[];
}
import { MultiLiteralMatcher } from './matcher';

export interface RuleRef {
  id: string;
  origin: RuleOrigin;
  locked: boolean;
}

export function ruleRef(rule: EffectiveRule): RuleRef {
  return { id: rule.id, origin: rule.origin, locked: !!rule.locked };
}

interface SecretInfo {
  value: string;
  tag: string;
  label: string;
  rule: RuleRef;
  name?: string;
  locked: boolean;
  propagate: boolean;
  count: number;
  locations: FindingLocation[];
}

const MAX_LOCATIONS = 50;

/** Labels go inside placeholders: keep them short and free of characters that need escaping. */
export function cleanLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9._:@/-]+/g, '_').slice(0, 48) || 'secret';
}

/**
 * Is this value distinctive enough to be removed wherever else it appears? Short or common values
 * (`dark`, `true`, `en-US`) would wipe unrelated text; they are still replaced where they were found.
 */
export function worthPropagating(value: string, strong: boolean): boolean {
  const v = value.trim();
  if (/^\d+$/.test(v)) return v.length >= 10;
  if (strong) return v.length >= 6;
  if (v.length >= 20) return true;
  return v.length >= 8 && /\d/.test(v) && /[A-Za-z]/.test(v);
}

/** Every form a value can take inside a HAR's strings: raw, URL-, form-, JSON-, HTML-encoded, base64. */
export function encodedForms(v: string): string[] {
  const forms = new Set<string>([v]);
  const add = (s: string | undefined) => {
    if (s) forms.add(s);
  };
  let uri: string | undefined;
  try {
    uri = encodeURIComponent(v);
    add(uri);
    add(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    add(uri.replace(/%20/g, '+'));
    add(encodeURIComponent(uri));
    add(encodeURI(v));
    // URLSearchParams style: also encodes !'()~ and uses +.
    add(
      uri.replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+'),
    );
  } catch {
    // lone surrogates: no URL forms
  }
  const json = JSON.stringify(v).slice(1, -1);
  add(json);
  add(json.replace(/\//g, '\\/'));
  add(json.replace(/[\u0080-\uffff<>&'=]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
  add(JSON.stringify(json).slice(1, -1));
  const html = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  add(html.replace(/'/g, '&#39;'));
  add(html.replace(/'/g, '&#x27;'));
  return [...forms].filter((f) => f.length >= 4);
}

/**
 * The parts of base64 text that are fixed by the value alone, whatever bytes surround it: for each of
 * the three byte alignments, the characters whose six bits all come from the value. Any base64 blob
 * that holds the value contains one of these literally, so propagation finds it without decoding.
 */
export function base64Cores(v: string): string[] {
  const bytes = utf8Encode(v);
  if (bytes.length < 6) return [];
  const out = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const buf = new Uint8Array(k + bytes.length + 2);
    buf.set(bytes, k);
    const enc = base64Encode(buf, false, false);
    const core = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length < 8) continue;
    out.add(core);
    out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...out];
}

/** How a matched form was encoded: as text to replace, or as base64 to decode first. */
export const FORM_TEXT = 0;
export const FORM_BASE64 = 1;

export class SecretRegistry {
  private readonly byValue = new Map<string, SecretInfo>();
  private readonly tags = new Map<string, string>();
  private matcher: MultiLiteralMatcher | null = null;

  constructor(
    private readonly key: Uint8Array,
    private readonly keepTags: ReadonlySet<string>,
  ) {}

  tagOf(value: string): string {
    let t = this.tags.get(value);
    if (!t) {
      t = toHex(hmacSha256(this.key, utf8Encode(value))).slice(0, 8);
      this.tags.set(value, t);
    }
    return t;
  }

  /** Records a found secret. Returns its info (shared by every later sighting of the same value). */
  register(value: string, label: string, rule: RuleRef, strong: boolean, name?: string): SecretInfo {
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
        locations: [],
      };
      this.byValue.set(value, info);
      this.matcher = null;
    } else {
      if (rule.locked) info.locked = true;
      if (!info.propagate && worthPropagating(value, strong)) {
        info.propagate = true;
        this.matcher = null;
      }
    }
    return info;
  }

  isKept(info: SecretInfo): boolean {
    return !info.locked && this.keepTags.has(info.tag);
  }

  /** The text that stands in for the value (the value itself when the user chose to keep it). */
  replacement(info: SecretInfo): string {
    return this.isKept(info) ? info.value : `[REDACTED ${info.label} #${info.tag}]`;
  }

  hit(info: SecretInfo, loc: FindingLocation): void {
    info.count++;
    if (info.locations.length < MAX_LOCATIONS) {
      const last = info.locations[info.locations.length - 1];
      if (!last || last.entry !== loc.entry || last.path !== loc.path) info.locations.push(loc);
    }
  }

  /** Matcher over every encoded form of every value to propagate (built lazily, rebuilt on change). */
  propagationMatcher(): PropagationSet {
    if (!this.matcher) {
      const forms: string[] = [];
      const infos: SecretInfo[] = [];
      const kinds: number[] = [];
      const add = (f: string, info: SecretInfo, kind: number) => {
        forms.push(f);
        infos.push(info);
        kinds.push(kind);
      };
      for (const info of this.byValue.values()) {
        if (!info.propagate || this.isKept(info)) continue;
        for (const f of encodedForms(info.value)) add(f, info, FORM_TEXT);
        for (const f of base64Cores(info.value)) add(f, info, FORM_BASE64);
        const json = JSON.stringify(info.value).slice(1, -1);
        if (json !== info.value) for (const f of base64Cores(json)) add(f, info, FORM_BASE64);
      }
      this.matcher = new MultiLiteralMatcher(forms);
      this.set = { matcher: this.matcher, infos, forms, kinds };
    }
    return this.set!;
  }
  private set: PropagationSet | null = null;

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const info of this.byValue.values()) {
      if (info.count === 0) continue;
      out.push({
        tag: info.tag,
        label: info.label,
        ruleId: info.rule.id,
        origin: info.rule.origin,
        locked: info.locked,
        ...(info.name !== undefined ? { name: info.name } : {}),
        count: info.count,
        locations: info.locations,
        ...(this.isKept(info) ? { kept: true } : {}),
      });
    }
    return out;
  }
}

export type { SecretInfo };
