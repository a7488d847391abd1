import type { SecretRegistry, SecretInfo } from './registry';
import type { MultiLiteralMatcher } from './matcher';
import {
  base64Decode,
  base64Encode,
  latin1Decode,
  latin1Encode,
  utf8DecodeStrict,
  utf8Encode,
} from '../util/bytes';

const B64_RUN_RE = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const URLISH = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)/i;

/**
 * The second pass: every value found anywhere is removed from every string of the output, in every
 * encoding (the registry's encoded forms), inside base64 blobs and content, and inside percent-encoded
 * components that a browser encoded its own way.
 */
export class Propagator {
  private readonly matcher: MultiLiteralMatcher;
  private readonly infos: SecretInfo[];
  private readonly forms: string[];
  private entry: number | null = null;

  constructor(private readonly reg: SecretRegistry) {
    const m = reg.propagationMatcher();
    this.matcher = m.matcher;
    this.infos = m.infos;
    this.forms = m.forms;
  }

  get empty(): boolean {
    return this.matcher.size === 0;
  }

  setEntry(i: number | null): void {
    this.entry = i;
  }

  private placeholderFor(info: SecretInfo, form: string, context: string): string {
    const rep = this.reg.replacement(info);
    if (form !== info.value && form.includes('%')) return encodeURIComponent(rep);
    if (URLISH.test(context)) return encodeURIComponent(rep);
    return rep;
  }

  /** Replaces every known secret in `s`; `path` is built only when something is found. */
  string(s: string, path: () => string, depth = 0): string {
    if (s.length < 4) return s;
    let out = s;
    const hits = this.matcher.find(s);
    if (hits.length) {
      let acc = '';
      let last = 0;
      const where = path();
      for (const h of hits) {
        const info = this.infos[h.id];
        this.reg.hit(info, { entry: this.entry, path: where });
        acc += s.slice(last, h.start) + this.placeholderFor(info, this.forms[h.id], s);
        last = h.end;
      }
      out = acc + s.slice(last);
    }
    if (depth < 2) {
      out = this.base64Runs(out, path, depth);
      if (out.indexOf('%') >= 0) out = this.percentComponents(out, path, depth);
    }
    return out;
  }

  private base64Runs(s: string, path: () => string, depth: number): string {
    if (s.length < 16) return s;
    return s.replace(B64_RUN_RE, (run) => {
      if (run.length > 8 * 1024 * 1024) return run;
      // Try the four alignments: a secret may start at any byte of the encoded stream.
      for (let shift = 0; shift < 4; shift++) {
        const bytes = base64Decode(run.slice(shift, shift + ((run.length - shift) & ~3)));
        if (!bytes || bytes.length < 4) continue;
        const text = shift === 0 ? utf8DecodeStrict(bytes) : null;
        const scanned = text ?? latin1Decode(bytes);
        if (this.matcher.find(scanned).length === 0) continue;
        if (shift === 0) {
          const next = this.string(scanned, path, depth + 1);
          const urlSafe = /[-_]/.test(run) || !/[+/]/.test(run);
          return base64Encode(
            text !== null ? utf8Encode(next) : latin1Encode(next),
            urlSafe,
            run.endsWith('='),
          );
        }
        // Misaligned: the blob cannot be re-encoded faithfully; it goes whole.
        const hit = this.matcher.find(scanned)[0];
        const info = this.infos[hit.id];
        this.reg.hit(info, { entry: this.entry, path: path() + '(base64)' });
        return `REDACTED-base64-${info.tag}`;
      }
      return run;
    });
  }

  private percentComponents(s: string, path: () => string, depth: number): string {
    return s.replace(/[^&=?#/;,\s"'<>]*%[0-9A-Fa-f]{2}[^&=?#/;,\s"'<>]*/g, (tok) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(tok.replace(/\+/g, ' '));
      } catch {
        return tok;
      }
      if (decoded === tok || this.matcher.find(decoded).length === 0) return tok;
      return encodeURIComponent(this.string(decoded, path, depth + 1));
    });
  }

  /** base64 content / binary frames: decode, replace, re-encode. */
  base64(b64: string, path: () => string): string {
    const bytes = base64Decode(b64);
    if (!bytes) return this.string(b64, path);
    const text = utf8DecodeStrict(bytes);
    const scanned = text ?? latin1Decode(bytes);
    if (
      this.matcher.find(scanned).length === 0 &&
      (text === null || !/[A-Za-z0-9+/_-]{16,}|%[0-9A-F]{2}/i.test(text))
    ) {
      return b64;
    }
    const next = this.string(scanned, path);
    if (next === scanned) return b64;
    return base64Encode(text !== null ? utf8Encode(next) : latin1Encode(next));
  }

  /** Walks any JSON value; returns the same object when nothing changed (copy on write). */
  any(v: unknown, path: () => string, depth = 0): unknown {
    if (typeof v === 'string') return this.string(v, path);
    if (!v || typeof v !== 'object' || depth > 200) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const n = this.any(v[i], () => `${path()}[${i}]`, depth + 1);
        if (n !== v[i]) {
          out ??= v.slice();
          out[i] = n;
        }
      }
      return out ?? v;
    }
    const obj = v as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    const isB64Content = obj.encoding === 'base64' && typeof obj.text === 'string';
    const isBinaryFrame = obj.opcode === 2 && typeof obj.data === 'string';
    for (const k in obj) {
      const x = obj[k];
      let n: unknown;
      if ((isB64Content && k === 'text') || (isBinaryFrame && k === 'data'))
        n = this.base64(x as string, () => `${path()}.${k}`);
      else n = this.any(x, () => `${path()}.${k}`, depth + 1);
      const nk = k.length >= 6 ? this.string(k, () => `${path()}{key}`, 2) : k;
      if (n !== x || nk !== k) {
        out ??= { ...obj };
        if (nk !== k) delete out[k];
        out[nk] = n;
      }
    }
    return out ?? obj;
  }
}
