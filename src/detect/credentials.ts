import { decodeBase64Text } from './base64';
import { NONE } from './empty';
import { hasKeyword, keywordId } from './keywords';
import type { Detection, DetectContext, DetectorFamily } from './types';

const BASIC = /\bbasic[ \t]+([A-Za-z0-9+/]{6,}={0,2})/gi;
const BEARER = /\bbearer[ \t]+([A-Za-z0-9\-._~+/]+=*)/gi;
/** One parameter of an auth scheme: `name="quoted"` or `name=token`. */
const AUTH_PARAM = String.raw`[A-Za-z][\w-]*[ \t]*=[ \t]*(?:"[^"\r\n]*"|[^\s,"]*)`;
const DIGEST = new RegExp(String.raw`\bdigest[ \t]+(${AUTH_PARAM}(?:[ \t]*,[ \t]*${AUTH_PARAM})*)`, 'gi');
/** What makes a Digest parameter list a client's answer, not a server's challenge: a hex digest. */
const DIGEST_RESPONSE = /(?:^|[\s,])response[ \t]*=[ \t]*"?[0-9a-f]{32,128}(?:"|[\s,]|$)/i;
// Azure's storage, Cosmos DB and Service Bus strings name theirs `AccountKey` and `SharedAccessKey`.
const CONN_PASSWORD =
  /(?:password|pwd|accountkey|sharedaccesskey)[ \t]*=[ \t]*("[^"\r\n]*"|'[^'\r\n]*'|[^;"'\r\n]+)/gi;
const AWS_SECRET =
  /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key)["']?[ \t]*(?:=>|[:=>])[ \t]*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi;
// The shared keyword pass (keywords.ts) says which of the keyword-led regexes can match at all;
// most text has none of these words, and four separate /i scans cost four times one.
const [KW_BASIC, KW_BEARER, KW_DIGEST, KW_PASSWORD, KW_PWD, KW_SECRET, KW_ACCOUNT_KEY, KW_SHARED_KEY] = [
  'basic',
  'bearer',
  'digest',
  'password',
  'pwd',
  'secret',
  'accountkey',
  'sharedaccesskey',
].map(keywordId);
const AWS_SECRET_KEY_NAME = /^(?:aws[_-]?)?secret[_-]?access[_-]?key$|^aws[_-]?secret[_-]?key$/i;
const AWS_SECRET_VALUE = /^[A-Za-z0-9/+]{40}$/;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
// user:password@ right after `scheme://`; both character sets exclude the next delimiter, so a
// failed match costs one pass over at most a few hundred characters.
const USERINFO = /([^\s:@/?#"'<>\\]{0,256}):([^\s@/?#"'<>\\]{1,512})@/y;
// Masks, templates and placeholders in documentation; nothing to hide there.
const PLACEHOLDER =
  /^(?:\*+|x+|\.{3}|\$\{?[\w.]+\}?|<[^>]*>|\{\{?[^}]*\}?\}|%s|%\([\w]+\)s|null|undefined|true|false|(?:your|my)?[_-]?(?:password|passwd|pass|pwd|secret)|changeme)$/i;

function push(out: Detection[] | undefined, start: number, end: number, id: string): Detection[] {
  (out ??= []).push({ start, end, detector: id, label: id });
  return out;
}

function isCredentialPair(b64: string): boolean {
  const text = decodeBase64Text(b64);
  // user:password, printable; "Basic usage" and other prose do not decode to that.
  if (text === null || text.length < 3 || !text.includes(':')) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

function looksLikeToken(t: string): boolean {
  if (t.length < 8 || PLACEHOLDER.test(t)) return false;
  // Prose ("Bearer authentication") has no digits and no mixed case at length.
  return /\d/.test(t) || (t.length >= 20 && /[a-z]/.test(t) && /[A-Z]/.test(t));
}

function scanAuthSchemes(text: string, out: Detection[] | undefined): Detection[] | undefined {
  let m: RegExpExecArray | null;
  BASIC.lastIndex = 0;
  while ((m = BASIC.exec(text)) !== null) {
    if (isCredentialPair(m[1]))
      out = push(out, m.index + m[0].length - m[1].length, m.index + m[0].length, 'basic-auth');
  }
  BEARER.lastIndex = 0;
  while ((m = BEARER.exec(text)) !== null) {
    if (looksLikeToken(m[1]))
      out = push(out, m.index + m[0].length - m[1].length, m.index + m[0].length, 'bearer-token');
  }
  return out;
}

/**
 * HTTP Digest as a client answers a challenge, outside a header (SIP over WebSocket, a request
 * dump): its parameters go whole, as a header's credential does. The `response` is a hash of the
 * password an offline guess can test; a server's challenge (no `response`) stays.
 */
function scanDigest(text: string, out: Detection[] | undefined): Detection[] | undefined {
  let m: RegExpExecArray | null;
  DIGEST.lastIndex = 0;
  while ((m = DIGEST.exec(text)) !== null) {
    if (DIGEST_RESPONSE.test(m[1]))
      out = push(out, m.index + m[0].length - m[1].length, m.index + m[0].length, 'digest-auth');
  }
  return out;
}

function scanUrlPasswords(text: string, out: Detection[] | undefined): Detection[] | undefined {
  let at = text.indexOf('://');
  while (at >= 0) {
    let s = at;
    while (s > 0 && at - s < 32 && SCHEME_CHAR.test(text[s - 1])) s--;
    if (at - s >= 2 && /[A-Za-z]/.test(text[s])) {
      USERINFO.lastIndex = at + 3;
      const m = USERINFO.exec(text);
      if (m && !PLACEHOLDER.test(m[2])) {
        const end = USERINFO.lastIndex - 1;
        out = push(out, end - m[2].length, end, 'url-password');
      }
    }
    at = text.indexOf('://', at + 3);
  }
  return out;
}

/** An HTML reference to a separator or quote up to its `;`, at the end of a text (`…&amp`, `…&#38`). */
const ENTITY_END = /&(?:amp|quot|apos|lt|gt|#0*38|#x0*26)$/i;

function scanConnectionStrings(text: string, out: Detection[] | undefined): Detection[] | undefined {
  let m: RegExpExecArray | null;
  CONN_PASSWORD.lastIndex = 0;
  while ((m = CONN_PASSWORD.exec(text)) !== null) {
    const kwStart = m.index;
    // `user.password=` / `$password=` is code, not a connection string.
    if (kwStart > 0 && /[\w.$-]/.test(text[kwStart - 1])) continue;
    let v = m[1];
    let start = kwStart + m[0].length - v.length;
    if (v[0] === '"' || v[0] === "'") {
      v = v.slice(1, -1);
      start++;
    } else {
      v = v.trimEnd();
      // `&amp;` in a link (`?u=jd&amp;password=…&amp;lang=en`): its `;` ends an entity, no setting.
      const entity = ENTITY_END.exec(v);
      if (entity) v = v.slice(0, entity.index);
    }
    const after = start + v.length + (m[1][0] === '"' || m[1][0] === "'" ? 1 : 0);
    let before = kwStart - 1;
    while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
    // ADO / JDBC style means `;`-separated settings; a lone password=… is a form field, named elsewhere.
    const inSettings =
      (text[before] === ';' && !ENTITY_END.test(text.slice(Math.max(0, before - 10), before))) ||
      text[after] === ';';
    if (inSettings && v && !PLACEHOLDER.test(v))
      out = push(out, start, start + v.length, 'connection-string-password');
  }
  return out;
}

function scanAwsSecrets(
  text: string,
  ctx: DetectContext,
  out: Detection[] | undefined,
  named = true,
): Detection[] | undefined {
  // The value must be 40 characters once trimmed: a shorter text skips the name's test.
  if (ctx.key && text.length >= 40 && AWS_SECRET_KEY_NAME.test(ctx.key)) {
    const t = text.trim();
    if (AWS_SECRET_VALUE.test(t)) {
      const start = text.indexOf(t);
      return push(out, start, start + t.length, 'aws-secret-access-key');
    }
  }
  if (!named) return out;
  let m: RegExpExecArray | null;
  AWS_SECRET.lastIndex = 0;
  while ((m = AWS_SECRET.exec(text)) !== null) {
    const [s, e] = m.indices![1];
    out = push(out, s, e, 'aws-secret-access-key');
  }
  return out;
}

/** Credentials in their usual textual settings: auth schemes, URL userinfo, connection strings. */
export const credentialsFamily: DetectorFamily = {
  id: 'credentials',
  detectors: [
    'basic-auth',
    'bearer-token',
    'digest-auth',
    'url-password',
    'connection-string-password',
    'aws-secret-access-key',
  ],
  detect(text: string, ctx: DetectContext): Detection[] {
    if (text.length < 8) return NONE;
    let out: Detection[] | undefined;
    // hasKeyword reads the text's keywords once (keywords.ts) and answers each from them.
    const has = (id: number) => hasKeyword(text, id);
    if (has(KW_BASIC) || has(KW_BEARER)) out = scanAuthSchemes(text, out);
    if (has(KW_DIGEST)) out = scanDigest(text, out);
    out = scanUrlPasswords(text, out);
    if (has(KW_PASSWORD) || has(KW_PWD) || has(KW_ACCOUNT_KEY) || has(KW_SHARED_KEY))
      out = scanConnectionStrings(text, out);
    out = scanAwsSecrets(text, ctx, out, has(KW_SECRET));
    return out ?? NONE;
  },
};
