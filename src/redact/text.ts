import type { Pass } from './context';
import { flattenedArrays, nameFlattenedValues } from './devalue';
import { CREDENTIAL_LABEL, LABEL_NAMES, type NameDecision } from './names';
import { rewriteJson } from './json';
import { isCoordinateName } from '../detect/personal';
import { LINK_VALUE, linkUnderName, readUrlInText } from './url-reader';
import { mapPercentComponents, writeParamValue } from './reencode';
import { isGwtRpc, jsonRpcPasswords, rewriteGwtRpc, rewriteXmlRpc } from './rpc';
import { changedRange } from './diff';
import { mayHoldSql, sqlValues } from './sql';
import { readJs } from './readers/js';
import { isJsSpace, safeDecode, secretShaped } from './value-shape';
import {
  base64DecodeLatin1,
  base64Encode,
  base64Runs,
  base64Style,
  inDottedToken,
  isBase64Char,
  latin1Encode,
  looksLikeText,
  utf8DecodeStrict,
  utf8Encode,
} from '../util/bytes';

/** Texts longer than this are scanned in line-aligned windows, so detectors see bounded inputs. */
const WINDOW = 512 * 1024;
const MAX_DEPTH = 5;
const BASE64_SCAN_MAX = 16 * 1024;

/**
 * Longer texts are not remembered clean, by either pass (bodies rarely repeat; header values do).
 */
export const CLEAN_MEMO_MAX_TEXT = 512;

/**
 * scrubText for texts that recur from entry to entry (header values, URL path segments and
 * parameters, `_` fields): one found clean under the same key and depth (see Pass.isClean) is not
 * scanned again. Only a call that changed nothing and recorded nothing is remembered. Elsewhere
 * (bodies' values, mostly unique) remembering cost more than it saved.
 */
export function scrubRecurringText(p: Pass, text: string, path: string, key?: string, depth = 0): string {
  if (text.length < 5 || text.length > CLEAN_MEMO_MAX_TEXT) return scrubText(p, text, path, key, depth);
  if (p.isClean(text, key, depth)) return text;
  const changes = p.reg.changes;
  const warnings = p.warnings.length;
  const out = scrubText(p, text, path, key, depth);
  if (out === text && p.reg.changes === changes && p.warnings.length === warnings)
    p.markClean(text, key, depth);
  return out;
}

/**
 * The structural pass over one free-text string: value detectors, then embedded structures
 * (JSON, URLs, `name=value` pairs, code/JSON-ish `key: "value"` pairs, HTML inputs / meta / data-*
 * attributes, XML elements, base64 blobs that decode to text). Returns the rewritten text.
 */
export function scrubText(p: Pass, text: string, path: string, key?: string, depth = 0): string {
  if (text.length < 5) return text;
  const first = firstNonWs(text);
  // JSON of any size is walked value by value; only other text is cut into windows.
  if ((first === '{' || first === '[') && (depth < MAX_DEPTH || text.length > WINDOW)) {
    const json = scrubJson(p, text, path, depth + 1);
    if (json !== null) return json;
  }
  if (text.length > WINDOW) return scrubLong(p, text, path, key, depth);
  return scrubWindow(p, text, path, key, depth);
}

/** Text of at most about a window: every detector and reader over it at once. */
function scrubWindow(p: Pass, text: string, path: string, key: string | undefined, depth: number): string {
  let out = applyDetectors(p, text, path, key);
  if (depth >= MAX_DEPTH) return out;
  // A text that was one secret whole (an e-mail, a token as a JSON value) is now its placeholder:
  // nothing is left in it to read.
  if (out !== text && p.placeholderAt(out, 0) === out.length) return out;
  // (Before the pairs: an SDP written out in a log line, `sdp="v=0\r\na=…"`, reads as one.)
  if (out.indexOf('a=ice-pwd:') >= 0 || out.indexOf('a=crypto:') >= 0) out = scrubSdp(p, out, path);
  if (mayHoldSql(out)) out = scrubSql(p, out, path);
  out = scrubUrls(p, out, path, depth);
  out = scrubPairs(p, out, path, depth);
  out = scrubCodeAssignments(p, out, path);
  // (A sentence has blanks; most values, ids and tokens have none.)
  if (out.indexOf(' ') > 0 && NATURAL_WORD.test(out)) out = scrubNaturalCredentials(p, out, path);
  if (out.indexOf(']=>') >= 0 || out.indexOf('] =>') >= 0) out = scrubPhpDump(p, out, path);
  if (out.indexOf('{') >= 0 && GO_STRUCT.test(out)) out = scrubGoStructs(p, out, path);
  if (out.indexOf('define(') >= 0) out = scrubPhpDefines(p, out, path);
  if (out.indexOf('<methodCall>') >= 0) out = scrubXmlRpc(p, out, path);
  if (isGwtRpc(out)) out = scrubGwtRpc(p, out, path);
  if (out.indexOf('\x1b[') >= 0) out = scrubColored(p, out, path);
  if (out.indexOf('{\\"') >= 0) out = scrubEscapedJson(p, out, path, depth);
  if (out.indexOf('<') >= 0) {
    out = scrubMarkup(p, out, path);
    out = scrubScriptAttributes(p, out, path, depth);
  }
  if (ESCAPED_QUOTE.test(out)) out = scrubEscapedMarkupText(p, out, path, depth);
  if (out.indexOf('&lt;') >= 0 || out.indexOf('&#') >= 0)
    out = scrubEscapedMarkupAttributes(p, out, path, depth);
  if (out.indexOf('{&q;') >= 0) out = scrubAngularState(p, out, path, depth);
  if (out.indexOf('%') >= 0) out = scrubPercentComponents(p, out, path, depth);
  // Big free-text bodies (HTML, bundles) carry base64 as images and fonts; decoding every run there
  // costs more than it finds, so only runs that start as text are decoded whole (see textHead).
  return scrubBase64Runs(p, out, path, depth, out.length > BASE64_SCAN_MAX);
}

/**
 * PHP's dumps of an array in an error page or a debug response: var_dump's `["pass"]=> string(14)
 * "…"` (the length written anew) and print_r's `[pass] => …` (to the line's end).
 */
const PHP_DUMP =
  /\[("?)([\w.-]{1,64})\1\]\s*=>(?:[ \t]*(?:\r?\n[ \t]*)?string\(\d{1,9}\)\s*"([^"\r\n]*)"|[ \t]+([^\s"][^\r\n]*))/g;
const PHP_DUMP_KEEP =
  /^(?:Array|[A-Za-z_\\]+ Object|NULL|bool\(\w+\)|int\(-?\d+\)|float\([\d.eE+-]+\)|array\(\d+\) \{)\s*$/;

function scrubPhpDump(p: Pass, text: string, path: string): string {
  return replaceMatches(text, PHP_DUMP, (m) => {
    const [whole, , name, dumped, printed] = m;
    const value = dumped ?? printed.trimEnd();
    const d = p.decide('field', name);
    if (!d || !value || PHP_DUMP_KEEP.test(value)) return whole;
    const rep = p.named(value, d, 'field', name, `${path}{${name}}`);
    if (rep === value) return whole;
    if (dumped === undefined)
      return whole.slice(0, whole.length - printed.length) + rep + printed.slice(value.length);
    const head = whole.slice(0, whole.lastIndexOf('string('));
    return `${head}string(${utf8Encode(rep).length}) "${rep}"`;
  });
}

/**
 * `whole` with `value` (at `at` in it) replaced as its name's rule decides; `whole` when no rule
 * does or the rule keeps it.
 */
function replaceNamed(p: Pass, whole: string, name: string, value: string, at: number, path: string): string {
  const d = p.decide('field', name);
  if (!d) return whole;
  const rep = p.named(value, d, 'field', name, `${path}{${name}}`);
  return rep === value ? whole : whole.slice(0, at) + rep + whole.slice(at + value.length);
}

/**
 * PHP's constants (`define( 'DB_PASSWORD', '…' );` in a wp-config.php an error page or a support
 * bundle shows), in any text.
 */
const PHP_DEFINE = /\bdefine\(\s*(['"])([A-Za-z_]\w{0,63})\1\s*,\s*(['"])([^'"\r\n]{1,256})\3\s*\)/g;

function scrubPhpDefines(p: Pass, text: string, path: string): string {
  return replaceMatches(text, PHP_DEFINE, ([whole, , name, , value]) =>
    replaceNamed(p, whole, name, value, whole.lastIndexOf(value), path),
  );
}

/**
 * WebRTC's session descriptions (SDP, in a signalling frame): the ICE password (`a=ice-pwd:…`,
 * the username `a=ice-ufrag` stays) and an SRTP master key (`a=crypto:1 AES_CM_128_HMAC_SHA1_80
 * inline:…|2^20|1:32`, its lifetime and index stay); after a line break or one written out (`\r\n` in
 * a log line).
 */
const SDP_SECRET =
  /(?<=^|\\n)a=(?:(ice-pwd):([^\s\\]{1,256})|crypto:\d{1,9} [\w-]{1,64} inline:([A-Za-z0-9+/]{1,256}={0,2}))/gm;

function scrubSdp(p: Pass, text: string, path: string): string {
  const d = p.decide('field', 'password');
  if (!d) return text;
  return replaceMatches(text, SDP_SECRET, ([whole, pwd, ice, srtp]) => {
    const value = ice ?? srtp;
    const name = pwd ?? 'srtp-key';
    const rep = p.named(value, d, 'field', name, `${path}{${name}}`);
    return rep === value ? whole : whole.slice(0, whole.length - value.length) + rep;
  });
}

// A terminal's control sequences (CSI: colours `\x1b[32m`, `\x1b[38:5:208m`, erasing `\x1b[K`; the
// character set `tput sgr0` resets, `\x1b(B`).
// eslint-disable-next-line no-control-regex
const CSI = /\x1b(?:\[[\d;:?]{0,32}[@-~]|\([0-9A-Za-z])/g;

/**
 * A terminal's output with colours (`\x1b[32mDB_PASSWORD\x1b[0m=\x1b[33m…\x1b[0m`, in a web
 * terminal's frames or a CI log): its setting lines and pairs are read without the control codes,
 * and each line's change written back over the same characters of the line as it was (codes inside
 * a value go with it).
 */
function scrubColored(p: Pass, text: string, path: string): string {
  // Where each character of the plain text stands in the text (and its end).
  const at: number[] = [];
  let plain = '';
  let from = 0;
  CSI.lastIndex = 0;
  for (let m = CSI.exec(text); ; m = CSI.exec(text)) {
    const to = m ? m.index : text.length;
    for (let k = from; k < to; k++) at.push(k);
    plain += text.slice(from, to);
    if (!m) break;
    from = m.index + m[0].length;
  }
  at.push(text.length);
  if (plain.length === text.length) return text;
  const read = (t: string) => scrubPairs(p, scrubColonLines(p, t, path), path, MAX_DEPTH);
  const whole = read(plain);
  if (whole === plain) return text;
  const before = plain.split('\n');
  let after = whole.split('\n');
  // A block that became one line (a YAML `|` block's placeholder): each line read on its own.
  if (before.length !== after.length) after = before.map(read);
  let out = '';
  let last = 0;
  let lineStart = 0;
  for (let i = 0; i < before.length; lineStart += before[i].length + 1, i++) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    const [head, tail] = changedRange(a, b);
    const start = at[lineStart + head];
    const end = head + tail < a.length ? at[lineStart + a.length - tail - 1] + 1 : start;
    out += text.slice(last, start) + b.slice(head, b.length - tail);
    last = end;
  }
  return out + text.slice(last);
}

/** XML-RPC's passwords passed by position (see rpc.ts). */
function scrubXmlRpc(p: Pass, text: string, path: string): string {
  const d = p.decide('field', 'password');
  if (!d) return text;
  return rewriteXmlRpc(text, (raw, method) => namedInMarkup(p, raw, d, 'password', `${path}<${method}>`));
}

/** SQL's values by their columns' names (see sqlValues); a value a detector replaced already stays. */
function scrubSql(p: Pass, text: string, path: string): string {
  let out = '';
  let last = 0;
  for (const v of sqlValues(text)) {
    if (v.start < last || p.placeholderAt(v.value, 0) === v.value.length) continue;
    const d = p.decide('field', v.column);
    if (!d) continue;
    // (A bare word is judged as under a broad name: `\`password\` = your password` in docs.)
    const rep = p.named(
      v.value,
      v.bare ? { ...d, broad: true } : d,
      'field',
      v.column,
      `${path}{${v.column}}`,
    );
    if (rep === v.value) continue;
    out += text.slice(last, v.start) + rep;
    last = v.end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A GWT-RPC request's passwords, by its method, and its XSRF token (see rewriteGwtRpc). */
function scrubGwtRpc(p: Pass, text: string, path: string): string {
  return rewriteGwtRpc(text, (value, name, method) => {
    const d = p.decide('field', name);
    return d ? p.named(value, d, 'field', name, `${path}<${method}>`) : value;
  });
}

/**
 * Go's `%+v` of a struct in a log line or an error (`req={Username:alice Password:hunter2 Token:…}`):
 * fields, `name:value`, apart by spaces (unexported ones in lower case). A value is one word as Go
 * prints a string: not quoted (`%#v` and `%q` quote theirs, and other readers read those), not a
 * placeholder already written, no comma (a script's object in an attribute, `{Token:csrfToken,…}`),
 * not a pointer, nil or an identifier's path.
 */
const GO_STRUCT = /\{[A-Za-z][A-Za-z0-9]{0,40}:[^\s,{}"'[]/;
const GO_FIELD = /(?<=[{ ])([A-Za-z][A-Za-z0-9]{1,40}):([^\s{}]{1,256})(?=[ }])/g;
const GO_NOT_A_VALUE =
  /^(?:["'[&$(]|<nil>$|nil$|null$|true$|false$|undefined$|0x[0-9a-f]+$|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$)|[,;()"']/;

function scrubGoStructs(p: Pass, text: string, path: string): string {
  return replaceMatches(text, GO_FIELD, ([whole, name, value]) =>
    GO_NOT_A_VALUE.test(value) ? whole : replaceNamed(p, whole, name, value, name.length + 1, path),
  );
}

/**
 * A credential named in a sentence (`Invalid API key 9016c8… for project acme`, `my password is
 * Mpzwiy358-4JBdX`), as error messages, chat and support tickets write them: the word after the
 * name (and `is`, or a colon), up to a blank or the sentence's end.
 */
const NATURAL_CREDENTIAL =
  /\b(password|passwort|passcode|passphrase|(?:api|access|secret|private|license)[ _-]?key|client[ _-]?secret|(?:access|auth|api|refresh|bearer)[ _-]?token)(?:[ \t]+(?:is|was))?[ \t]*:?[ \t]+(\S{8,128}?)(?=[.,;!?]?(?:\s|$))/gi;
const NATURAL_WORD = /password|passwort|passcode|passphrase|key|token|secret/i;
/** What a password may be written with, without what paths, links and markup hold. */
const NATURAL_VALUE = /^[\w+!#$%^&*~@.-]+$/;
/**
 * After a password's name, an address, a file or a version (`…@example.com`, `config.yaml`,
 * `v2.3.1-beta`); after a key's or a token's, an identifier (`refreshHandler2024`), an access
 * key's public id, an address.
 */
const NATURAL_NOT_PASSWORD = /@[\w-]+\.[a-z]{2,}$|\.[a-z]{2,4}$|^v?\d+(?:\.\d+)+/i;
const NATURAL_NOT_KEY =
  /[@.]|^[a-z]+(?:[A-Z][a-z]+)+\d*$|^[A-Z][a-z]+(?:[A-Z][a-z\d]+)+$|^(?:AKIA|ASIA|AIDA|AROA|ANPA)[A-Z\d]{16}$|^0x[\da-fA-F]{40}$/;

/**
 * Whether the word after a credential's name in a sentence is one: letters and digits both (a word,
 * a number or a date is the sentence's), and a token's length under a key's or a token's name.
 */
function naturalCredential(value: string, password: boolean): boolean {
  return (
    value.length >= (password ? 8 : 16) &&
    NATURAL_VALUE.test(value) &&
    /\d/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !(password ? NATURAL_NOT_PASSWORD : NATURAL_NOT_KEY).test(value) &&
    !joinedWords(value)
  );
}
const LABEL_PART = /^(?:[A-Za-z]+|\d+|[A-Za-z]{1,12}\d{1,3})$/;

/**
 * Words and numbers joined (`refresh_token2`, `api-key-v2`, `rotation-2024-q3`, `too_short`,
 * `SECRET_KEY_BASE`, `2024-01-01`): a thing's name, a rule or a date, not a credential.
 */
export function joinedWords(value: string): boolean {
  return /[_-]/.test(value) && value.split(/[_-]/).every((part) => LABEL_PART.test(part));
}

function scrubNaturalCredentials(p: Pass, text: string, path: string): string {
  return replaceMatches(text, NATURAL_CREDENTIAL, ([whole, named, value]) => {
    const password = /^pass/i.test(named);
    if (!naturalCredential(value, password)) return whole;
    const name = named.toLowerCase().replace(/[ -]/g, '_');
    const d = p.decide('field', name);
    if (!d) return whole;
    const rep = p.named(value, d, 'field', name, `${path}{${name}}`);
    return whole.slice(0, whole.length - value.length) + rep;
  });
}

/** A quote written as an HTML entity. */
const ESCAPED_QUOTE = /&(?:quot|#34|#39|#x27|apos);/;
/** Text between tags (or a whole text) that holds a quote written as an entity. */
const ESCAPED_TEXT_RUN = /(^|>)([^<]*&(?:quot|#34|#39|#x27|apos);[^<]*)/g;

/**
 * Text shown in a page with its quotes escaped (a debug page's `<pre>{&quot;password&quot;:
 * &quot;…&quot;}</pre>`, a framework's dump of locals): each run between tags is read decoded, as
 * the JSON or `name = 'value'` it shows, and only what went in it is replaced in the run as written
 * (its other bytes stay: a run is also a WebSocket frame's JSON, or an attribute holding `>`).
 */
function scrubEscapedMarkupText(p: Pass, text: string, path: string, depth: number): string {
  return text.replace(
    ESCAPED_TEXT_RUN,
    (whole: string, lead: string, run: string) => lead + readEscaped(p, run, path, depth),
  );
}

/**
 * Text written with entities, read decoded (by `read`, scrubText's by default); what changed is
 * written back escaped in its place.
 */
function readEscaped(
  p: Pass,
  run: string,
  path: string,
  depth: number,
  read = (decoded: string) => scrubText(p, decoded, path, undefined, depth + 1),
): string {
  const at: number[] = [];
  const decoded = decodeEntities(run, at);
  const next = read(decoded);
  if (next === decoded) return run;
  // Where the pieces cannot be told apart, the run is written back escaped whole: nothing leaks.
  return replacedInPlace(p, run, decoded, at, next) ?? htmlEncode(next);
}

/**
 * Angular's transfer state (`<script id="ng-state" type="application/json">{&q;auth&q;:…}</script>`,
 * as Angular Universal wrote it before v16): JSON with its quotes, ampersands, apostrophes and angle
 * brackets written `&q;`, `&a;`, `&s;`, `&l;`, `&g;`. Read as the JSON it is, written back so.
 */
const ANGULAR_ESCAPES: Record<string, string> = { q: '"', a: '&', s: "'", l: '<', g: '>' };
const ANGULAR_UNESCAPES: Record<string, string> = {
  '"': '&q;',
  '&': '&a;',
  "'": '&s;',
  '<': '&l;',
  '>': '&g;',
};

function scrubAngularState(p: Pass, text: string, path: string, depth: number): string {
  let out = '';
  let last = 0;
  // Each state runs from `{&q;` to its script's end or the text's (found by indexOf: a regex that
  // looked for that end from every `{&q;` took minutes on half a megabyte without one).
  for (let start = text.indexOf('{&q;'); start >= 0; start = text.indexOf('{&q;', start + 1)) {
    const close = text.indexOf('</script>', start);
    const end = close < 0 ? text.length : close;
    const state = text.slice(start, end).trimEnd();
    if (state.endsWith('}') && state.indexOf('<') < 0) {
      const json = state.replace(/&([qasgl]);/g, (_, c: string) => ANGULAR_ESCAPES[c]);
      const next = scrubJson(p, json, `${path}{ng-state}`, depth + 1);
      if (next !== null && next !== json) {
        out += text.slice(last, start) + next.replace(/["&'<>]/g, (c) => ANGULAR_UNESCAPES[c]);
        last = start + state.length;
      }
    }
    if (close < 0) break;
    start = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * An attribute that holds a page of its own, escaped (an iframe's `srcdoc`, a tooltip's or a
 * popover's HTML in `data-content`): read as the markup it is. Each attribute's value is found from
 * its opening quote to the next one by indexOf (a regex tried at every attribute, with no closing
 * quote after one, took minutes on half a megabyte).
 */
const ATTR_OPEN = /\s[\w:.-]{1,64}\s*=\s*(["'])/g;
const ESCAPED_LT = /&lt;|&#0*60;|&#x0*3c;/i;

function scrubEscapedMarkupAttributes(p: Pass, text: string, path: string, depth: number): string {
  return rewriteQuotedAttributes(text, ATTR_OPEN, (value, name) =>
    value.indexOf('<') >= 0 || !ESCAPED_LT.test(value)
      ? value
      : readEscaped(p, value, `${path}[${name}]`, depth),
  );
}

/**
 * Each attribute `open` finds (a global regex ending at the value's opening quote, its last group
 * the quote), its value read from that quote to the next one of its kind by indexOf, given to
 * `read` with the attribute's name; what `read` returns is written in its place.
 */
function rewriteQuotedAttributes(
  text: string,
  open: RegExp,
  read: (value: string, name: string) => string,
): string {
  let out = '';
  let last = 0;
  // The next quote of each kind at or after where it was last looked for (-1: none left).
  const next: Record<string, number> = { '"': -2, "'": -2 };
  open.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    const quote = m[m.length - 1];
    const start = m.index + m[0].length;
    if (next[quote] !== -1 && next[quote] < start) next[quote] = text.indexOf(quote, start);
    const end = next[quote];
    if (end < 0) continue;
    open.lastIndex = end + 1;
    const value = text.slice(start, end);
    const rep = read(value, m[0].slice(0, m[0].indexOf('=')).trim());
    if (rep === value) continue;
    out += text.slice(last, start) + rep;
    last = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * An attribute whose value is a script: an event handler's (`onclick="doLogin('alice','…')"`) and a
 * `javascript:` link's (`<a href="javascript:…">`), read decoded as the JavaScript it is; what
 * changed is written back escaped in its place (see rewriteQuotedAttributes).
 */
const SCRIPT_ATTR_OPEN = /\s(on[a-z]{3,32}|href|src|action|formaction)\s*=\s*(["'])/gi;
const JS_URL = /^\s*javascript:/i;
const SCRIPT_IN_ATTR = /javascript:|\son[a-z]{3,32}\s*=\s*["']/i;

function scrubScriptAttributes(p: Pass, text: string, path: string, depth: number): string {
  // (Most pages have links and no script in them: looked for before any attribute is read.)
  if (!SCRIPT_IN_ATTR.test(text)) return text;
  return rewriteQuotedAttributes(text, SCRIPT_ATTR_OPEN, (value, name) => {
    const handler = (name.charCodeAt(0) | 32) === 111; // on…
    if (value.length < 5 || (!handler && !JS_URL.test(value))) return value;
    const where = `${path}[${name}]`;
    return readEscaped(p, value, where, depth, (decoded) => {
      const head = handler ? 0 : decoded.indexOf(':') + 1;
      const js = readJs(p, decoded.slice(head), where);
      return js === decoded.slice(head) ? decoded : decoded.slice(0, head) + js;
    });
  });
}

/**
 * `run` with each placeholder of `next` (its decoded text, scrubbed) written, escaped, over what it
 * replaced; null when a replaced piece cannot be found.
 */
function replacedInPlace(p: Pass, run: string, decoded: string, at: number[], next: string): string | null {
  let out = '';
  let last = 0;
  let i = 0;
  let j = 0;
  while (j < next.length) {
    if (i < decoded.length && decoded[i] === next[j]) {
      i++;
      j++;
      continue;
    }
    // A placeholder stands in `next` here: it replaced `decoded` up to where `next` resumes (the
    // text after it, up to the next placeholder).
    const end = p.placeholderAt(next, j);
    if (end <= j) return null;
    const following = next.indexOf('[REDACTED', end);
    const tail = next.slice(end, Math.min(end + 24, following < 0 ? next.length : following));
    const resume = end === next.length ? decoded.length : tail ? decoded.indexOf(tail, i) : -1;
    if (resume < i) return null;
    out += run.slice(last, at[i]) + htmlEncode(next.slice(j, end));
    last = at[resume];
    i = resume;
    j = end;
  }
  if (i < decoded.length) return null;
  return out + run.slice(last);
}

/**
 * `s` with its quotes, `&amp;`, `&lt;`, `&gt;` and numeric entities decoded, in one pass (named
 * others, and a number beyond Unicode, stay as written). `at`, if given, receives where each
 * decoded character starts in `s` (one entry more: its end).
 */
export function decodeEntities(s: string, at?: number[]): string {
  if (!at && s.indexOf('&') < 0) return s;
  let out = '';
  for (let k = 0; k < s.length;) {
    if (s.charCodeAt(k) === 38) {
      const m = ENTITY.exec(s.slice(k, k + 12));
      const cp = m ? (m[1] ? NAMED_ENTITY[m[1]] : parseInt(m[2] ?? m[3], m[2] ? 10 : 16)) : -1;
      if (m && cp <= 0x10ffff) {
        const ch = String.fromCodePoint(cp);
        if (at) for (let c = 0; c < ch.length; c++) at.push(k);
        out += ch;
        k += m[0].length;
        continue;
      }
    }
    at?.push(k);
    out += s[k++];
  }
  at?.push(s.length);
  return out;
}
const ENTITY = /^&(?:(quot|apos|amp|lt|gt)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/;
const NAMED_ENTITY: Record<string, number> = { quot: 34, apos: 39, amp: 38, lt: 60, gt: 62 };

/** A double-quoted string literal whose text is JSON (`"{\"password\":\"…\"}"`). */
const ESCAPED_JSON_LITERAL = /"([{[]\\"(?:[^"\\]|\\.){0,100000}?)"/g;

/**
 * JSON written as a string literal in text that is no JS body (a script in a query parameter, a
 * log line, a template): each such literal is read as the JSON it holds, written back escaped.
 */
function scrubEscapedJson(p: Pass, text: string, path: string, depth: number): string {
  return text.replace(ESCAPED_JSON_LITERAL, (literal: string) => {
    let inner: string;
    try {
      inner = JSON.parse(literal) as string;
    } catch {
      return literal;
    }
    const next = scrubJson(p, inner, path, depth + 1);
    return next === null || next === inner ? literal : JSON.stringify(next);
  });
}

function firstNonWs(s: string): string {
  for (let i = 0; i < s.length && i < 256; i++) {
    const c = s[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t' && c !== '\ufeff') return c;
  }
  return '';
}

function scrubLong(p: Pass, text: string, path: string, key: string | undefined, depth: number): string {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + WINDOW);
    if (end < text.length) {
      // Cut after a newline, else after a separator, so a token is rarely split.
      const nl = text.lastIndexOf('\n', end);
      if (nl > i + WINDOW / 2) end = nl + 1;
      else {
        let k = end;
        while (k > i + WINDOW / 2 && !/[\s,;>}]/.test(text[k - 1])) k--;
        if (k > i + WINDOW / 2) end = k;
      }
      // Not inside a tag (a hidden input's name and value are read together): before its `<`.
      const lt = text.lastIndexOf('<', end - 1);
      if (lt > i + WINDOW / 2 && lt > text.lastIndexOf('>', end - 1)) end = lt;
      end = cutOutsideTokens(p, text, end, key);
      // Never inside a base64 run (one begun before the last half window's separators): cut, neither
      // piece decodes to its text, and one written anew would end the base64 in its middle. The run
      // is a piece of its own; one longer than a window is only decoded (detectors find nothing in
      // base64 that long, and the JWT detector's time grows with its square there).
      const start = base64RunStart(text, i, end);
      if (start >= 0) {
        if (start > i) parts.push(scrubText(p, text.slice(i, start), path, key, depth));
        RUN_REST.lastIndex = end;
        RUN_REST.exec(text);
        const run = text.slice(start, RUN_REST.lastIndex);
        if (run.length <= WINDOW) parts.push(scrubText(p, run, path, key, depth));
        else if (depth + 1 < MAX_DEPTH && textHead(run, 0))
          parts.push(scrubBase64Run(p, run, inDottedToken(text, start, RUN_REST.lastIndex), path, depth));
        else parts.push(run);
        i = RUN_REST.lastIndex;
        continue;
      }
    }
    // A token across the first cut that runs to the end leaves one piece, the text itself: read as
    // one window (cutting it again would cut it the same way, without end).
    if (i === 0 && end === text.length) return scrubWindow(p, text, path, key, depth);
    parts.push(scrubText(p, text.slice(i, end), path, key, depth));
    i = end;
  }
  return parts.join('');
}

/** Where the base64 run across `text[end - 1, end + 1)` starts (at `from` or after), or -1. */
function base64RunStart(text: string, from: number, end: number): number {
  if (!isBase64Char(text.charCodeAt(end)) || !isBase64Char(text.charCodeAt(end - 1))) return -1;
  let k = end - 1;
  while (k > from && isBase64Char(text.charCodeAt(k - 1))) k--;
  // (A shorter word across the cut is cut as it was: it is no base64 run.)
  return end - k >= 24 ? k : -1;
}

/** The rest of a base64 run, from within it. */
const RUN_REST = /[A-Za-z0-9+/_-]*={0,2}/y;

/** The longest token a detector is given whole: windows overlap by this much around each cut. */
export const WINDOW_OVERLAP = 16 * 1024;

/**
 * A cut at `end` moved past any token the detectors find across it (a key or a JWT across a window
 * edge): the text around the cut, one overlap each side, is scanned and the cut never splits a span.
 */
function cutOutsideTokens(p: Pass, text: string, end: number, key: string | undefined): number {
  const from = Math.max(0, end - WINDOW_OVERLAP);
  const around = text.slice(from, Math.min(text.length, end + WINDOW_OVERLAP));
  for (const { d } of p.detect(around, key)) {
    if (from + d.start < end && from + d.end > end) return from + d.end;
  }
  return end;
}

/** JSON text: names decide for values under them; every other string goes through scrubText. */
export function scrubJson(p: Pass, text: string, path: string, depth = 1): string | null {
  const keyDecision = new Map<string, ReturnType<Pass['decide']>>();
  const decideKey = (k: string) => {
    let d = keyDecision.get(k);
    if (d === undefined) {
      // In a sign-in, verification or recovery exchange, a JSON `code` is the one-time code or the
      // OAuth code it is in a form or a query there, and `codes` are recovery codes (elsewhere: an
      // error's, a country's, a discount's code).
      d = p.decide('field', k) ?? (p.authContext && /^codes?$/i.test(k) ? p.decide('query', 'code') : null);
      keyDecision.set(k, d);
    }
    return d;
  };
  // Text that starts like JSON may break halfway (a cut body, NDJSON): what was counted until then
  // is taken back, since the caller then reads the whole text another way and counts it again.
  const mark = p.reg.trial();
  // Framework payloads whose numbers are indexes (see devalue.ts).
  const flat = flattenedArrays(text);
  // Parsed whole once, when a reader that needs the whole (GraphQL's arguments, a remote call's
  // positions) finds its keys; undefined when it is no JSON.
  let parsed: { body: unknown } | undefined;
  const parse = () => {
    if (!parsed) {
      try {
        parsed = { body: JSON.parse(text) as unknown };
      } catch {
        parsed = { body: undefined };
      }
    }
    return parsed.body;
  };
  let out: string | null = null;
  try {
    out = walkJson(
      p,
      text,
      path,
      depth,
      decideKey,
      graphqlArguments(text, parse),
      jsonRpcPasswords(text, parse),
      flat !== null,
    );
  } finally {
    p.reg.settle(mark, out !== null);
  }
  if (out !== null && flat) nameFlattenedValues(p, flat, path);
  return out;
}

/**
 * A GraphQL request's variables by the arguments they are passed as (`login(password: $p)` gives
 * `p` → `password`): a variable is read under its argument's name, which says what it holds.
 */
function graphqlArguments(text: string, parse: () => unknown): Map<string, string> | undefined {
  // (Without both keys there is nothing to map: the body is not parsed a second time.)
  if (!text.includes('"variables"') || !text.includes('"query"') || !text.includes('$')) return undefined;
  const body = parse();
  if (body === undefined) return undefined;
  let out: Map<string, string> | undefined;
  for (const op of Array.isArray(body) ? body : [body]) {
    const query = op && typeof op === 'object' ? (op as { query?: unknown }).query : undefined;
    if (typeof query !== 'string') continue;
    for (const m of query.matchAll(/(\w+)\s*:\s*\$(\w+)/g))
      if (m[1] !== m[2]) (out ??= new Map()).set(m[2], m[1]);
  }
  return out;
}

/** A key that may be a session's or a token's own value: one run of a token's alphabet, 16 or more. */
const KEYED_BY_SECRET = /^[\w\-.+/=~]{16,256}$/;
/**
 * A map of a user's sessions or tokens by their own values (`active_sessions`, `userSessions`,
 * `refreshTokens`): not any `sessions` (a conference's, by id) or `tokens` (a wallet's, by address).
 */
const SECRETS_MAP =
  /(?:active|user|login|auth|browser|device|web|open)[-_]?(session)s$|(?:refresh|access|auth|api|bearer|personal|device)[-_]?(token)s$/i;

function secretsMapDecision(container: string, decideKey: (k: string) => NameDecision | null) {
  const m = SECRETS_MAP.exec(container);
  return m ? decideKey((m[1] ?? m[2]).toLowerCase()) : null;
}

function walkJson(
  p: Pass,
  text: string,
  path: string,
  depth: number,
  decideKey: (k: string) => ReturnType<Pass['decide']>,
  argumentOf: Map<string, string> | undefined,
  /** The passwords a remote call passes by position (see rpc.ts): read as `password`'s. */
  positional: Set<string> | undefined,
  /** Whole numbers are indexes into the text's own arrays, not values (see devalue.ts). */
  indexes = false,
): string | null {
  // The paths go on from `path` (the root is the text itself).
  return rewriteJson(
    text,
    {
      // Everything below a credential name goes (`"credentials": {…}`); below an identity name
      // (`"user": {…}`) only the leaves are judged, by their own names.
      isSecretKey: (k) => {
        const d = decideKey(k);
        return d !== null && d.rule.group !== 'identity';
      },
      string: (value, k, jpath, secretAbove, container, secretByPlace, byLabel) => {
        if (secretByPlace && value !== '') {
          const d = decideKey('secret');
          if (d) return placedSecret(p, value, secretByPlace, d, k ?? 'secret', jpath(), depth);
        }
        if (value !== '') {
          const name =
            argumentOf && container === 'variables' && k !== undefined
              ? (argumentOf.get(k) ?? k)
              : positional?.has(value) && (k === 'params' || k === 'args' || k === 'arguments')
                ? 'password'
                : k;
          // A language model's tokens with their log probabilities (`"logprobs": {"content":
          // [{"token": " unbelievable,", …}]}`) are pieces of its answer, read as text.
          const modelToken = name === 'token' && jpath().includes('logprobs');
          const named = name !== undefined && !modelToken ? decideKey(name) : null;
          // A label's value is judged as under a broad name: an option's constant stays.
          const direct = named && byLabel ? { ...named, broad: true } : named;
          const d = modelToken
            ? null
            : (direct ??
              (secretAbove ? findAncestorDecision('$' + jpath().slice(path.length), decideKey) : null) ??
              // Below a pair's value the pair's name is the object's (see json.ts: pairValue).
              (secretAbove && container !== undefined ? decideKey(container) : null) ??
              (container !== undefined && (k === 'name' || k === 'Name') && personsName(container, value)
                ? decideKey('full_name')
                : null) ??
              // A one-time code as a person types it (`"code": "301 891"`), wherever it is sent.
              (k !== undefined && TYPED_CODE.test(value) && /^(?:code|otp)$/i.test(k)
                ? p.decide('query', 'code')
                : null));
          if (d) {
            // `passwordResetUrl`, `jwt_issuer`: a link a credential's word is part of the name of.
            // Read as a URL, its secret parameters and random segments go; the rest stays.
            if (d === direct && d.broad && !d.rule.locked && LINK_NAME.test(name!) && LINK_VALUE.test(value))
              return readUrlInText(p, value, jpath(), depth);
            // Below a credential's name (`"auth": {"audience": "https://…"}`), a plain link by the
            // leaf's name.
            if (d !== direct && name !== undefined && LINK_NAME.test(name)) {
              const link = linkUnderName(p, value, d, name, jpath(), depth);
              if (link !== null) return link;
            }
            // An id below a credential's object names it (`"api_key": {"id": "key_01J…"}`, a
            // challenge's `id`): judged as a name only part of which is a credential's (an id's
            // shape stays). Not below a session's, a token's or a cookie's: their id is the secret.
            if (
              d !== direct &&
              name !== undefined &&
              container !== undefined &&
              REFERENCE_LEAF.test(name) &&
              !BEARER_OBJECT.test(container)
            )
              return p.named(value, { ...d, broad: true }, 'field', name, jpath());
            return p.named(value, d, 'field', name ?? '', jpath());
          }
        }
        // scrubText keeps texts this short as they are: no path, no lower-cased key needed.
        if (value.length < 5) return value;
        // A log or a config file as a string (`{"log": "…\nDB_PASSWORD: …\n"}`): its lines by name.
        const lines = settingLines(value) ? scrubColonLines(p, value, jpath(), true) : value;
        return scrubText(p, lines, jpath(), k?.toLowerCase(), depth);
      },
      // Keys can be secrets too (`{"<session id>": {…}}`, an e-mail as a map key).
      // (The path stops above the key: a key that is a secret is no part of where it was found.)
      key: (name, jpath, container) => {
        if (name.length < 8) return undefined;
        const where = `${jpath().slice(0, -(name.length + 1))}{key}`;
        // A map of sessions or tokens by their own values (`{"active_sessions": {"a08391…": {…}}}`).
        const d =
          container !== undefined && KEYED_BY_SECRET.test(name) && secretShaped(name) && !joinedWords(name)
            ? secretsMapDecision(container, decideKey)
            : null;
        if (d && d.rule.group !== 'identity') return p.named(name, d, 'field', container!, where);
        return applyDetectors(p, name, where);
      },
      number: (raw, k, jpath, secretAbove) => {
        // A person's position as numbers (`"lat": 51.50735`): the detectors judge it by its name.
        // A number keeps its type: it becomes 0.
        if (!secretAbove && k !== undefined && raw.length <= 24 && raw.includes('.') && isCoordinateName(k)) {
          const whole = p.detect(raw, k.toLowerCase()).find(({ d }) => d.start === 0 && d.end === raw.length);
          if (whole) {
            p.secret(raw, whole.d.label, whole.rule, jpath());
            return '0';
          }
        }
        if (k === undefined || (indexes && INTEGER.test(raw))) return undefined;
        // Under a credential (its own name or one above), or under a person's field as a number
        // (`"card_number": 4157…`, `"phone": 4155550123`): judged as its text would be.
        const d = decideKey(k);
        if (!d || (!secretAbove && (d.rule.group !== 'identity' || ACCOUNT_HANDLE.test(k)))) return undefined;
        // A constant the name's rule keeps (`"cookie_enabled": 1`) stays as it is.
        return p.named(raw, d, 'field', k, jpath()) === raw ? undefined : '0';
      },
    },
    path,
  );
}

/**
 * A value that is a secret by its place (a Kubernetes Secret's data), under its own name. Base64
 * stays base64 (a strict decoder still reads the object): a file in it (JSON, several lines) is
 * read for what it holds, a certificate beside its key stays; one value is replaced inside.
 */
function placedSecret(
  p: Pass,
  value: string,
  form: 'base64' | 'text',
  d: NameDecision,
  name: string,
  path: string,
  depth: number,
): string {
  if (form === 'text') return p.named(value, d, 'field', name, path);
  const text = base64Text(value);
  if (text === null) return p.named(value, d, 'field', name, path);
  const file = /^\s*[{[]/.test(text) || text.trim().includes('\n');
  const next = file
    ? scrubText(p, text, `${path}(base64)`, undefined, depth + 1)
    : p.named(text, d, 'field', name, `${path}(base64)`);
  return next === text ? value : rebase64(value, false, next);
}

const INTEGER = /^\d+$/;

/** A leaf's name that is an id's (`id`, `key_id`, `challengeId`). */
const REFERENCE_LEAF = /^(?:id|_id)$|[_\-.](?:id|ID)$|[a-z\d](?:Id|ID)$/;
/** Objects that are a bearer credential themselves: their id is the credential. */
const BEARER_OBJECT = /sess|sid|token|cookie|csrf|xsrf|secret|jwt|bearer/i;

/** A person's handle: as a number (`"user": 12345`) it is an account's id, not a name. */
const ACCOUNT_HANDLE = /^(?:user|user_?name|login|login_?id)$/i;

/** Six digits in two groups of three, as a one-time code is typed from an SMS or an app. */
const TYPED_CODE = /^\d{3}[ -]\d{3}$/;

/** Names of a link by their last word (`reset_password_url`, `passwordResetUrl`, `jwt_issuer`). */
const LINK_NAME =
  /(?:^|[_\-.])(?:url|uri|link|href|endpoint|path|issuer|audience)$|[a-z\d](?:Url|URL|Uri|URI|Link|Href|Endpoint|Path|Issuer|Audience)$/;

/** Objects that stand for a person or an address: their `name` is a person's. */
const PERSON_CONTAINER =
  /^(?:ship(?:ping)?[_-]?to|shipping(?:[_-]?(?:address|details|contact))?|bill(?:ing)?[_-]?to|billing(?:[_-]?(?:address|details|contact))?|(?:delivery|postal|mailing|home)?[_-]?address(?:es)?|recipients?|contacts?|card[_-]?holder|account[_-]?holder|sender|receiver|guests?|patients?|passengers?|travell?ers?|emergency[_-]?contact|user|profile|me|member|employee)$/i;
/** A part of a person's name: capitalized, or in a script without case (`山田`), or a particle. */
const NAME_WORD =
  /^(?:\p{Lu}[\p{L}\p{M}'\u2019.-]{0,24}|[\p{Lo}\p{M}]{1,12}|van|von|de|da|del|der|di|du|la|le|bin|al|ter|ten)$/u;

/** What a company's name ends with: a ship-to or a contact may be a firm's, and that name stays. */
const COMPANY_WORD =
  /^(?:inc|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|co|company|group|holdings|labs|technologies|systems|solutions|partners|industries|studio|foundation|university|bank)\.?$/i;

/**
 * `{"ship_to": {"name": "Jürgen Weißenböck"}}`: under a person's or an address's object, a `name`
 * of two to five words shaped like a person's (`Home`, `Express Delivery 2`, `acme-co` and
 * `Globex Labs Inc.` are not). Customers, buyers and payers are often firms: not read this way.
 */
function personsName(container: string, value: string): boolean {
  if (value.length > 80 || !PERSON_CONTAINER.test(container)) return false;
  const words = value.trim().split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= 5 &&
    words.every((w) => NAME_WORD.test(w)) &&
    !words.some((w) => COMPANY_WORD.test(w))
  );
}

function findAncestorDecision(jpath: string, decide: (k: string) => ReturnType<Pass['decide']>) {
  const keys = jpath.split(/[.[\]]+/).filter((k) => k && !/^\d+$/.test(k) && k !== '$');
  for (let i = keys.length - 1; i >= 0; i--) {
    const d = decide(keys[i]);
    if (d) return d;
  }
  return null;
}

const asIs = (s: string) => s;

/** Detector spans (JWTs, vendor keys, private keys, PII…) replaced by placeholders. */
export function applyDetectors(
  p: Pass,
  text: string,
  path: string,
  key?: string,
  encode: (placeholder: string) => string = asIs,
  keep?: (start: number, end: number) => boolean,
): string {
  let spans = p.detect(text, key);
  if (keep) spans = spans.filter(({ d }) => keep(d.start, d.end));
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (let k = 0; k < spans.length; k++) {
    const { d, rule } = spans[k];
    const value = text.slice(d.start, d.end);
    if (d.label === 'jwt' || d.detector === 'jwt') p.jwtParts(value);
    const rep = p.secret(value, d.label, rule, path);
    out += text.slice(last, d.start) + (rep === value ? value : encode(rep));
    last = d.end;
  }
  return out + text.slice(last);
}

// No \b before the scheme: in binary framing (protobuf) a length byte may be a letter.
const URL_RE =
  // eslint-disable-next-line no-control-regex
  /(?:https?|wss?|s?ftps?|postgres(?:ql)?|mysql|mariadb|sqlserver|mongodb(?:\+srv)?|rediss?|amqps?|nats|mqtts?|smtps?|imaps?|ldaps?|kafka):\/\/[^\s"'<>`\\\x00-\x1f\x7f]+/gi;

// eslint-disable-next-line no-control-regex
const URL_TAIL = /[^\s"'<>`\\\x00-\x1f\x7f]*/y;

export function scrubUrls(p: Pass, text: string, path: string, depth: number): string {
  if (text.indexOf('://') < 0) return text;
  let out = '';
  let last = 0;
  URL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_RE.exec(text))) {
    let end = m.index + m[0].length;
    // A placeholder the detectors already wrote into the URL holds spaces and `#`, and the match
    // stopped at its first space: it is percent-encoded whole, and the URL goes on after it.
    let encoded = '';
    let from = m.index;
    for (;;) {
      // (Searched in the URL only: from its end, lastIndexOf would read the text back to its start.)
      const at = text.slice(from, end + 1).lastIndexOf('[REDACTED ');
      const open = at < 0 ? -1 : from + at;
      const close = open >= 0 ? p.placeholderAt(text, open) : -1;
      if (close <= end) break;
      encoded += text.slice(from, open) + encodeURIComponent(text.slice(open, close));
      from = close;
      URL_TAIL.lastIndex = close;
      end = close + (URL_TAIL.exec(text)?.[0].length ?? 0);
    }
    const url = encoded + text.slice(from, end);
    const next = readUrlInText(p, url, path, depth + 1);
    if (next !== text.slice(m.index, end)) {
      out += text.slice(last, m.index) + next;
      last = end;
    }
    URL_RE.lastIndex = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

// `name=value` pairs not inside a full URL: relative links, form-like text, beacons. Found from each
// `=` (indexOf is native), the name read backwards: a regex anchored on the separator before the name
// would be tried at every space of a big body.
function isPairNameChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 46 ||
    c === 45 ||
    c === 91 ||
    c === 93 ||
    // `%`: a name's brackets percent-encoded (`user%5Bpassword%5D=…`, Rails' and Phoenix's forms).
    c === 37
  );
}

function isPairStart(c: number): boolean {
  // start of text, ? & ; , whitespace, control characters, | ( { and : (`//registry/:_authToken=…`),
  // and an opening quote (`desc="session=…"`, `msg='token=…'`)
  return (
    c === 63 ||
    c === 38 ||
    c === 59 ||
    c === 44 ||
    c <= 32 ||
    c === 124 ||
    c === 40 ||
    c === 123 ||
    c === 58 ||
    c === 34 ||
    c === 39
  );
}

/** The next pair of a list separated by commas: a name and `=` (a blank may come first). */
const NEXT_PAIR = /^ ?[A-Za-z][\w.-]{0,39}=/;

function isPairValueEnd(c: number): boolean {
  // & # " ' < > ; whitespace, control characters, DEL
  return (
    c === 38 || c === 35 || c === 34 || c === 39 || c === 60 || c === 62 || c === 59 || c <= 32 || c === 127
  );
}

/** Where the name of a pair whose `=` is at `eq` starts (`eq` itself: no name). */
function pairNameStart(text: string, eq: number): number {
  let b = eq;
  while (b > 0 && eq - b < 64 && isPairNameChar(text.charCodeAt(b - 1))) b--;
  return b;
}

function scrubPairs(p: Pass, text: string, path: string, depth: number): string {
  let eq = text.indexOf('=');
  if (eq < 0) return text;
  let out = '';
  let last = 0;
  for (; eq >= 0; eq = text.indexOf('=', eq + 1)) {
    const b = pairNameStart(text, eq);
    if (b === eq || (b > 0 && !isPairStart(text.charCodeAt(b - 1))) || b < last) continue;
    let e = eq + 1;
    // A placeholder an inner scan wrote is skipped whole (it holds spaces, which end a value).
    const own = p.placeholderAt(text, e);
    if (own > e) {
      // In a query (after `?` or `&`) a space or `#` ends the value: the placeholder is encoded, so
      // the link (an unquoted `href=/dl?id=7&token=…`) still holds it whole.
      const sep = b > 0 ? text.charCodeAt(b - 1) : 0;
      if (sep === 63 || sep === 38) {
        out += text.slice(last, e) + encodeURIComponent(text.slice(e, own));
        last = own;
      }
      eq = own - 1;
      continue;
    }
    const rawName = text.slice(b, eq);
    const name = safeDecode(rawName);
    const d = p.decide('query', name) ?? p.decide('field', name);
    // A named credential runs on through `#` (`password=Pw!x7#9` in a .env file or a log; cut there,
    // its tail stayed in the clear). A URL's fragment right after one goes with it. A placeholder
    // the detectors wrote inside the value (`url=/next?token=[REDACTED …]`) is part of it whole: cut
    // at its first space, its head was read as a value of its own and encoded apart from its tail.
    while (e < text.length) {
      const c = text.charCodeAt(e);
      if (c === 91 && e > eq + 1) {
        const end = p.placeholderAt(text, e);
        if (end > e) {
          e = end;
          continue;
        }
      }
      // A comma before the next pair ends the value (`X-Feature-Flags: a=on,b=off`).
      if (c === 44 && NEXT_PAIR.test(text.slice(e + 1, e + 44))) break;
      if ((d && c === 35) || !isPairValueEnd(c)) e++;
      else break;
    }
    if (e === eq + 1) continue;
    const rawValue = text.slice(eq + 1, e);
    const value = safeDecode(plusAsSpace(rawValue));
    let next: string;
    if (d) {
      // After a blank in a line (a log line's `user=admin pass=…`) the pair is no query's: its
      // placeholder is written as it is. In a query, a form, or a setting line (`.env`'s
      // `DB_PASSWORD=…`, which a shell reads up to a blank), it is encoded.
      const before = b > 0 ? text.charCodeAt(b - 1) : 0;
      const free = (before === 32 || before === 9) && (e === text.length || text.charCodeAt(e) <= 32);
      const rep = p.named(value, d, 'query', name, `${path}?${name}`);
      // A value the name's rule keeps stays as written (`sig=%s` in a script's template is no `%25s`).
      next = rep === value ? rawValue : free ? rep : encodeURIComponent(rep);
    }
    // A URL (`src=https://…`) was read by scrubUrls in this same text; read again from its decoded
    // form, the placeholders that reading wrote were encoded once more.
    else if (depth + 1 >= MAX_DEPTH || value.length < 5 || rawValue.includes('://')) next = rawValue;
    else {
      const scanned = scrubText(p, value, `${path}?${name}`, name.toLowerCase(), depth + 1);
      next = writeParamValue(rawValue, value, scanned);
    }
    if (next !== rawValue) {
      out += text.slice(last, eq + 1) + next;
      last = e;
    }
    eq = e - 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Percent-encoded runs outside a URL the readers saw whole (`/account?token%3D…`, an encoded
 * `next` path, URL-encoded JSON in a log line): each is read decoded, and written back with only
 * what changed re-encoded.
 */
function scrubPercentComponents(p: Pass, text: string, path: string, depth: number): string {
  return mapPercentComponents(text, (raw) => {
    const decoded = safeDecode(plusAsSpace(raw));
    if (decoded === raw || decoded.length < 8) return raw;
    return writeParamValue(raw, decoded, scrubText(p, decoded, path, undefined, depth + 1));
  });
}

/** Text read without recursion: the detectors, then every `name=value` pair by its name. */
export function scrubFlat(p: Pass, text: string, path: string): string {
  return scrubPairs(p, applyDetectors(p, text, path), path, MAX_DEPTH);
}

/**
 * `p.decide('field', name(text.slice(from, to)))` for names read in place, remembering the last few
 * of one scan: a page repeats a handful (`class`, `li`: 330 000 times each in the bench's HTML), and
 * comparing in place saves a slice and two map lookups each. One per scan of one text, since a
 * decision may depend on the entry's host and path.
 */
class FieldNames {
  private readonly names: string[] = [];
  private readonly decisions: ReturnType<Pass['decide']>[] = [];
  private next = 0;
  constructor(
    private readonly p: Pass,
    private readonly name: (raw: string) => string = (raw) => raw,
  ) {}

  decideAt(text: string, from: number, to: number): ReturnType<Pass['decide']> {
    const names = this.names;
    for (let i = 0; i < names.length; i++) {
      const n = names[i];
      if (n.length === to - from && text.startsWith(n, from)) return this.decisions[i];
    }
    const raw = text.slice(from, to);
    const d = this.p.decide('field', this.name(raw));
    names[this.next] = raw;
    this.decisions[this.next] = d;
    this.next = (this.next + 1) % 8;
    return d;
  }
}

// `key: "value"`, `"key":"value"`, `key = 'value'`, `key="value"` in code, JSON-ish text, GraphQL.
// Found from the `:`/`=` side (cheap to scan for), then the name is read backwards: a regex that
// starts with the name would restart at every identifier character of a big bundle.
// A comma counts only after a quoted name: `setItem("token", "…")`, `headers.set('x-api-key', '…')`;
// `=>` as `=` (`"password" => "…"` in PHP, Perl, Ruby).
const ASSIGN_OP_RE = /[:=,]>?[ \t]*["'`]/g;

function isNameChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 36 ||
    c === 46 ||
    c === 45
  );
}

/**
 * Whether some `name: "value"` / `name = 'value'` in `text`, or some query parameter of a link in
 * it, has a name a rule decides: when none has, a code reader has nothing to judge by name (a
 * bundle is mostly names that decide nothing).
 */
export function hasNamedAssignment(p: Pass, text: string): boolean {
  return scrubCodeAssignments(p, text, '', true) === '' || hasNamedQueryParam(p, text);
}

/**
 * Whether some `?name=` / `&name=` in `text` (a relative link in a script: `"/dl?id=7&sig=…"`) has
 * a name a query rule decides. Only after `?` or `&` (minified code is full of `a=b`), or, with
 * `atStart`, the text's first pair (a literal that is a form body, `username=alice&password=…`).
 */
export function hasNamedQueryParam(p: Pass, text: string, atStart = false): boolean {
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    const b = pairNameStart(text, eq);
    if (b === eq || (b === 0 && !atStart)) continue;
    const sep = b === 0 ? 38 : text.charCodeAt(b - 1);
    if ((sep === 63 || sep === 38) && p.decide('query', safeDecode(text.slice(b, eq)))) return true;
  }
  return false;
}

function scrubCodeAssignments(p: Pass, text: string, path: string, probe = false, nested = false): string {
  if (text.indexOf(':') < 0 && text.indexOf('=') < 0) return text;
  let out = '';
  let last = 0;
  let names: FieldNames | undefined;
  ASSIGN_OP_RE.lastIndex = 0;
  // test() rather than exec(): no match object per operator. The match is the operator, blanks and
  // the opening quote, so it ends at lastIndex and its operator is the first non-blank before the quote.
  while (ASSIGN_OP_RE.test(text)) {
    const valueStart = ASSIGN_OP_RE.lastIndex;
    const q = text.charCodeAt(valueStart - 1);
    let op = valueStart - 2;
    while (text.charCodeAt(op) === 32 || text.charCodeAt(op) === 9) op--;
    if (text.charCodeAt(op) === 62) op--; // `=>` (PHP, Perl, Ruby): its `=`
    // name: skip spaces and a closing quote before the operator, then identifier characters
    let e = op;
    while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    const closing = e > 0 ? text.charCodeAt(e - 1) : -1;
    const quoted = closing === 34 || closing === 39; // " '
    if (quoted) e--;
    let b = e;
    while (b > 0 && e - b < 64 && isNameChar(text.charCodeAt(b - 1))) b--;
    if (b === e || (quoted && text.charCodeAt(b - 1) !== closing)) continue;
    if (text.charCodeAt(op) === 44 && !quoted) continue; // ,
    // value: up to the matching quote, no newline, escapes honoured
    let j = valueStart;
    const limit = Math.min(text.length, valueStart + 4096);
    // (92: a backslash, which escapes the next character; 10, 13: a line break)
    // (A value holds an assignment of its own only with another quote in it: see below.)
    let quotes = false;
    while (j < limit) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === q || c === 10 || c === 13) break;
      else {
        if (c === 34 || c === 39 || c === 96) quotes = true;
        j++;
      }
    }
    if (j >= limit || text.charCodeAt(j) !== q || j === valueStart) continue;
    // `"name", "value"` is a pair only as a call's or a tuple's two items (`append("password", "…")`,
    // `["token", "…"]`): in a list (`fields: "password", "email"`) or a JSON text that failed to
    // parse (`{"kind":"token","value":…}`), the item after a name is no value of it.
    if (text.charCodeAt(op) === 44 && !(opensPair(text, b - 2) && closesPair(text, j + 1))) continue;
    ASSIGN_OP_RE.lastIndex = j + 1;
    // The name's last dotted part decides (`config.apiKey`).
    let s = e;
    while (s > b && text.charCodeAt(s - 1) !== 46) s--;
    const d = (names ??= new FieldNames(p)).decideAt(text, s, e);
    if (!d) {
      // A value no name decides may hold named ones (an attribute's object, `x-data="{ password:
      // '…' }"`): read inside it, and only there (its closing quote opens nothing).
      if (quotes) {
        const raw = text.slice(valueStart, j);
        const inner = scrubCodeAssignments(p, raw, path, probe, true);
        ASSIGN_OP_RE.lastIndex = j + 1;
        if (probe && inner === '') return '';
        if (inner !== raw) {
          out += text.slice(last, valueStart) + inner;
          last = j;
        }
      }
      continue;
    }
    if (probe) return '';
    const raw = text.slice(valueStart, j);
    if (p.placeholderAt(text, valueStart) === j) continue;
    const name = text.slice(b, e);
    const quote = text[valueStart - 1];
    // Inside another's value, a label's words (`password: 'Mot de passe'`) are the page's.
    const rep = p.named(
      unescapeJs(raw),
      nested ? { ...d, broad: true } : d,
      'field',
      name,
      `${path}{${name}}`,
    );
    // (A value read as a link may run this scan again on its own text.)
    ASSIGN_OP_RE.lastIndex = j + 1;
    out += text.slice(last, valueStart) + escapeFor(rep, quote);
    last = j;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * `name: value` lines with the value unquoted (YAML, `.properties`, logs) and `name = value` ones
 * (INI, TOML, .conf, WireGuard; with blanks about the `=`: a `name=value` without is a pair, read
 * by scrubPairs): a value of one token under a credential name goes whole (`password: Pw!x7#9`:
 * punctuation kept it from every detector). A value with spaces is prose (`password: must be 8
 * characters`) and is left to the detectors. (LDIF writes a value in base64 after `::`, right after its name: `token :: ByteString` is Haskell's.)
 */
const COLON_LINE =
  /^([ \t]*(?:- )?)([A-Za-z_][\w.-]{0,63})(::[ \t]+|[ \t]*:[ \t]*|[ \t]+=[ \t]*|=[ \t]+)([^\s"'`{[|>&*=][^\s]*)[ \t]*(?:[ \t][#;].*)?$/gm;
/**
 * What an `=` line holds that is no credential: code (`password = models.CharField(…)`,
 * `api_key = os.environ["API_KEY"]`), a list of pairs (`token_url_params = audience=grafana`), a
 * word (`auth = token`, `session = redis`).
 */
const NOT_AN_ASSIGNED_SECRET =
  /[()]|=[^=]|^[A-Za-z]+$|^\$|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\[(?:"[^"]*"|'[^']*'|:\w+)\]$|^\.{0,2}\/(?!.*=$)|^[A-Z][A-Z\d]*(?:_[A-Z\d]+)+$/;
/** A type's name (`string;`, `String!`) or a stand-in of x's (`xxxx-xxxx`), as docs and samples write them. */
export const TYPE_MARK =
  /^(?:string|number|boolean|bool|int|integer|float|double|str|bytes|any|object|ID|uuid|text|varchar|char|date|datetime)[.,;:!?*]*$|^[xX*•]{3,}(?:[-_.][xX*•]{3,})*$/i;
/** An id's name (`signing_key_id`): what it names is public. */
const ID_NAME = /(?:^|[_.-])id$|[a-z]Id$/;
// A label of words before a password's or a key's name (`New password: …`, `Temporary Password:
// …`, `API key: …`, as a mail or a page shows one); other labels (`Prompt tokens: 1234`) are text.
const LABEL_LINE =
  /^([ \t]*(?:[A-Za-z][\w-]{0,31}[ \t]){1,3})(password|passwort|passcode|passphrase|pin|secret|key)[ \t]*:[ \t]*([^\s"'`{[|>&*][^\s]*)[ \t]*$/gim;
// A setting given to a server or an image (`ENV DB_PASSWORD …` in a Dockerfile, Apache's `SetEnv`,
// nginx's `fastcgi_param APP_SECRET …;`).
const DIRECTIVE_LINE =
  /^([ \t]*(?:ENV|ARG|SetEnv|fastcgi_param|uwsgi_param|scgi_param|env)[ \t]+)([A-Za-z_][\w.-]{0,63})([ \t]+)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"';]+)([ \t]*;?[ \t]*)$/gm;
// A Terraform variable's default (`variable "db_password" { … default = "…" }`), under its name;
// not one that names, counts or times a credential (`secret_name`, `token_ttl_seconds`).
const TF_NOT_A_SECRET =
  /_(?:name|names|arn|id|ids|alias|path|header|ttl|seconds|minutes|hours|days|length|count|version|enabled|mode|type)$/i;
const TF_VARIABLE = /\bvariable\s+"([\w-]{1,64})"\s*\{([^{}]{0,2048}?\bdefault\s*=\s*)"([^"\r\n]*)"/g;
// A TOML multi-line string (`password = """…"""`, `key = '''…'''`).
const TOML_MULTILINE = /^[ \t]*([A-Za-z_][\w.-]{0,63})[ \t]*=[ \t]*("""|''')([\s\S]{0,4096}?)\2/gm;
// A YAML block scalar (`password: |` and the lines indented below it).
const BLOCK_SCALAR =
  /^([ \t]*)([A-Za-z_][\w.-]{0,63})[ \t]*:[ \t]*[|>][-+]?[ \t]*\r?\n((?:\1[ \t]+\S[^\n]*(?:\n|$))+)/gm;
// .netrc: `machine host login jane password …`, on the machine's line.
const NETRC_PASSWORD = /^((?:machine|default)\b[^\n]*?\s(?:password|passwd|account)\s+)(\S+)/gm;

/** A setting's line's start: a name, then `:` or `::` and a blank, or `=` with a blank beside it. */
const SETTING_START = /[ \t]*(?:- )?(?=([A-Za-z_][\w.-]{0,63}))\1(?:::?[ \t]|[ \t]+:[ \t]|[ \t]+=|=[ \t])/y;

/**
 * Whether a text may hold a setting's line (`name: value`, `name = value`, `name:: base64`): tried
 * at each line's start only. (Times, links and ids have a bare `:`.)
 */
function settingLines(text: string): boolean {
  if (text.indexOf(': ') < 0 && text.indexOf(':\t') < 0 && text.indexOf('=') < 0) return false;
  for (let at = 0; at < text.length;) {
    SETTING_START.lastIndex = at;
    if (SETTING_START.test(text)) return true;
    const nl = text.indexOf('\n', at);
    if (nl < 0) return false;
    at = nl + 1;
  }
  return false;
}

/**
 * A `.properties` value continued on the next lines (`db.password=Abc\` and `    def` below it:
 * Java joins them, dropping the next line's leading blanks): under a credential's name, the value
 * joined is judged and replaced with its continuation lines. Found from each backslash that ends
 * a line (indexOf), each line read once.
 */
const CONTINUED_HEAD = /[ \t]*([A-Za-z_][\w.-]{0,63})(?:[ \t]*[=:][ \t]*|[ \t]+)/y;

function scrubContinuedValues(p: Pass, text: string, path: string, inText: boolean): string {
  let out = '';
  let last = 0;
  // The next backslash before `\n` and before `\r\n`, each looked for again only once passed.
  let lf = -2;
  let crlf = -2;
  for (let from = 0; ;) {
    if (lf !== -1 && lf < from) lf = text.indexOf('\\\n', from);
    if (crlf !== -1 && crlf < from) crlf = text.indexOf('\\\r\n', from);
    const k = lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
    if (k < 0) break;
    const nl = k === crlf ? k + 2 : k + 1;
    from = nl + 1;
    const start = text.lastIndexOf('\n', k - 1) + 1;
    if (start < last || !continues(text, k)) continue;
    CONTINUED_HEAD.lastIndex = start;
    const head = CONTINUED_HEAD.exec(text);
    const d = head && CONTINUED_HEAD.lastIndex <= k ? p.decide('field', head[1]) : null;
    // A blank before the backslash parts words (a shell's `TOKEN=abc \` and a command below it): no
    // secret is continued so.
    if (!head || !d || isBlank(text.charCodeAt(k - 1))) continue;
    // The value's pieces: each line's backslash cut, and the next line's leading blanks.
    const valueStart = CONTINUED_HEAD.lastIndex;
    let value = text.slice(valueStart, k);
    let at = nl + 1;
    let end = -1;
    for (let lines = 0; lines < 64; lines++) {
      while (isBlank(text.charCodeAt(at))) at++;
      let eol = text.indexOf('\n', at);
      if (eol < 0) eol = text.length;
      const lineEnd = text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
      if (lines < 63 && lineEnd > at && continues(text, lineEnd - 1)) {
        if (isBlank(text.charCodeAt(lineEnd - 2))) break;
        value += text.slice(at, lineEnd - 1);
        at = eol + 1;
        continue;
      }
      value += text.slice(at, lineEnd);
      end = lineEnd;
      break;
    }
    if (end < 0) {
      from = Math.max(from, at);
      continue;
    }
    from = end;
    const rep = p.named(value, inText ? { ...d, broad: true } : d, 'field', head[1], `${path}{${head[1]}}`);
    if (rep === value) continue;
    out += text.slice(last, valueStart) + rep;
    last = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

const isBlank = (c: number) => c === 32 || c === 9;

/** Whether the backslash at `k` ends its line as a continuation (an odd run: `\\` is a backslash). */
function continues(text: string, k: number): boolean {
  let n = 0;
  while (k - n >= 0 && text.charCodeAt(k - n) === 92) n++;
  return n % 2 === 1;
}

/**
 * A PostgreSQL password file (`.pgpass`: `host:port:database:user:password` lines), read only when
 * the text is one (every line that is no comment has that shape, a host with a letter or `*`, a
 * port's number or `*`): each line's password goes.
 */
const PGPASS_LINE =
  /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*(?:(?:[A-Za-z*][\w.*-]{0,253}|[\d.]{7,15}):(?:\d{1,5}|\*):[^:\s]{1,64}:[^:\s]{1,64}:\S[^\r\n]{0,255}(?:\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*|$))+$/;
const PGPASS_PASSWORD = /^((?:[^:\s]+:){4})(\S[^\r\n]*)$/gm;

function scrubPgpass(p: Pass, text: string, path: string): string {
  const d = p.decide('field', 'password');
  if (!d) return text;
  return replaceMatches(text, PGPASS_PASSWORD, ([line, head, value]) => {
    const rep = p.named(value, d, 'field', 'password', `${path}{pgpass}`);
    return rep === value ? line : head + rep;
  });
}

/**
 * `inText`: the lines stand in a message or a log (a JSON string), where `password: required` is
 * prose: a value that cannot be a credential (a word) stays, as under a label.
 */
export function scrubColonLines(p: Pass, text: string, path: string, inText = false): string {
  if (!inText && text.indexOf(':') > 0 && PGPASS_LINE.test(text)) text = scrubPgpass(p, text, path);
  if (text.indexOf('\\\n') >= 0 || text.indexOf('\\\r\n') >= 0)
    text = scrubContinuedValues(p, text, path, inText);
  if (!inText && (text.includes('machine ') || text.includes('default '))) {
    text = replaceMatches(text, NETRC_PASSWORD, ([, head, value]) => {
      const d = p.decide('field', 'password');
      return d ? head + p.named(value, d, 'field', 'password', `${path}{netrc}`) : head + value;
    });
  }
  // (A directive has neither `:` nor `=`: `SetEnv DB_PASSWORD …`.)
  if (text.indexOf(' ') >= 0 || text.indexOf('\t') >= 0) {
    text = replaceMatches(text, DIRECTIVE_LINE, (m) => {
      const [line, head, name, gap, raw, tail] = m;
      const d = p.decide('field', name);
      if (!d) return line;
      const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
      const value = q ? raw.slice(1, -1) : raw;
      // `$remote_passwd`, `${DB_PASSWORD}`: a variable's name, not its value.
      if (!value || value.startsWith('$')) return line;
      const rep = p.named(value, d, 'field', name, `${path}{${name}}`);
      if (rep === value) return line;
      // A placeholder holds blanks: quoted where the value was not.
      const quote = q || (/\s/.test(rep) ? '"' : '');
      return `${head}${name}${gap}${quote}${rep}${quote}${tail}`;
    });
  }
  if (text.indexOf(':') < 0 && text.indexOf('=') < 0) return text;
  if (text.includes('variable')) {
    text = replaceMatches(text, TF_VARIABLE, ([whole, name, , value]) =>
      TF_NOT_A_SECRET.test(name) || !value
        ? whole
        : replaceNamed(p, whole, name, value, whole.length - value.length - 1, path),
    );
  }
  if (text.includes('"""') || text.includes("'''")) {
    text = replaceMatches(text, TOML_MULTILINE, ([whole, name, , value]) =>
      value.trim() ? replaceNamed(p, whole, name, value, whole.length - value.length - 3, path) : whole,
    );
  }
  text = replaceMatches(text, BLOCK_SCALAR, ([whole, , name, block]) => {
    const d = p.decide('field', name);
    if (!d) return whole;
    const value = block.replace(/\n$/, '');
    const rep = p.named(value.trim(), d, 'field', name, `${path}{${name}}`);
    if (rep === value.trim()) return whole;
    const lead = /^[ \t]*/.exec(value)![0];
    return whole.slice(0, whole.length - block.length) + lead + rep + (block.endsWith('\n') ? '\n' : '');
  });
  if (text.indexOf(' ') >= 0) {
    text = replaceMatches(text, LABEL_LINE, (m) => {
      const [line, head, name, value] = m;
      const d = p.decide('field', name);
      if (!d) return line;
      // Prose around it: a word (`Reset password: enabled`) is the page's, not a password.
      const rep = p.named(value, { ...d, broad: true }, 'field', name, `${path}{${name}}`);
      const at = head.length + name.length;
      return rep === value ? line : line.slice(0, at) + line.slice(at).replace(value, () => rep);
    });
  }
  return replaceMatches(text, COLON_LINE, (m) => {
    const [line, , name, sep, value] = m;
    const d = p.decide('field', name);
    if (!d) return line;
    // An INI or code line: a credential's value, never a user's name (`user = app`) or code.
    if (
      sep.includes('=') &&
      (d.rule.group === 'identity' || NOT_AN_ASSIGNED_SECRET.test(value) || ID_NAME.test(name))
    )
      return line;
    // In prose or a code sample, a type's name is a type (`apiKey: string;`, `password: String!`),
    // and `xxxx-xxxx` a stand-in.
    if (inText && TYPE_MARK.test(value)) return line;
    const rep = p.named(value, inText ? { ...d, broad: true } : d, 'field', name, `${path}{${name}}`);
    if (rep === value) return line;
    const at = line.indexOf(value, m[1].length + name.length);
    return line.slice(0, at) + rep + line.slice(at + value.length);
  });
}

/** Whether `(` or `[` comes at or before `i`, past blanks. */
function opensPair(text: string, i: number): boolean {
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  const c = text.charCodeAt(i);
  return c === 40 || c === 91;
}

/** Whether `)` or `]` comes at or after `i`, past blanks. */
function closesPair(text: string, i: number): boolean {
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const c = text.charCodeAt(i);
  return c === 41 || c === 93;
}

function unescapeJs(raw: string): string {
  if (raw.indexOf('\\') < 0) return raw;
  try {
    return JSON.parse(
      '"' + raw.replace(/\\'/g, "'").replace(/"/g, '\\"').replace(/\\\\"/g, '\\"') + '"',
    ) as string;
  } catch {
    return raw;
  }
}

function escapeFor(s: string, q: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .split(q)
    .join('\\' + q);
}

const TAG_RE = /<(input|meta|param|option|add|property|parameter|env|var)\b[^>]{0,4096}>/gi;
// Settings named by an attribute, their value in the body (`<entry key="db.password">…</entry>` in
// Java's XML properties, .NET's `<setting name="Password"><value>…</value></setting>`).
const NAMED_EL_RE =
  /<(entry|setting|property|parameter|add|item)\b([^>]{0,512})>(\s*<value>([^<]{1,8192})<\/value>\s*|[^<]{1,8192})<\/\1>/gi;
const NAMED_EL_START_RE = /<(?:entry|setting|property|parameter|add|item)\b/i;
/**
 * A name and its value as sibling elements, as AWS's XML APIs write them (CloudFormation's
 * `<ParameterKey>DBPassword</ParameterKey><ParameterValue>…</ParameterValue>`, SSM's
 * `<Name>/prod/db/password</Name><Type>SecureString</Type><Value>…</Value>`, tags' `<Key>`/
 * `<Value>`): up to two elements between them.
 */
const SIBLING_PAIR_RE =
  /<(\w{0,32}(?:Key|Name))>([^<]{1,256})<\/\1>((?:\s*<(\w{1,32})>[^<]{0,256}<\/\4>){0,2}?\s*<(\w{0,32}Value)>)([^<]{1,8192})(?=<\/\5>)/g;
const NAMES_A_SECRET = /(?:Id|ID|Arn|ARN|Name)$|(?:^|[_.-])(?:id|arn|name)$/;
/** SSM's type of an encrypted parameter: its value is a secret whatever its name. */
const SECURE_STRING = /<Type>SecureString<\/Type>/;
/**
 * A table or definition list of settings, as error pages show the environment (phpinfo's
 * `<td class="e">DB_PASSWORD</td><td class="v">…</td>`, Laravel's `<dt>DB_PASSWORD</dt><dd>…</dd>`,
 * Django's and Symfony's `<th>`/`<td>` rows), or as an account page shows a key (`<th>API
 * Key</th><td><code>…</code></td>`): the cell after a name or a label holds its value (a
 * label's in one inline element or none).
 */
const CELL_PAIR_RE =
  /(<(td|th|dt)\b[^>]{0,128}>\s*([\w.-]{2,64}(?:[ \t][\w.-]{1,32}){0,3})\s*:?\s*<\/\2>\s*<(td|dd)\b[^>]{0,128}>\s*(?:<(code|kbd|samp|span|strong|b|tt|pre)\b[^>]{0,128}>)?)([^<]{1,8192})((?:<\/\5>)?\s*<\/\4>)/gi;
/** Words, not a value: letters, or prose with a blank. */
const LABEL_WORDS = /^[A-Za-z]+$|\s/;

/**
 * What a page shows beside a credential's label that is none: a status word (`inactive.`,
 * `Required*`, `(optional)`), a mask (`••••`, `sk_live_****4242`: the last four tell keys apart),
 * a stand-in (`{{apiKey}}`, `%WEBHOOK_SECRET%`, `<your-api-key>`), a path (`~/.ssh/id_rsa`,
 * `alias/aws/s3`), a dotted name (`color.primary-500`), a header's name (`X-Api-Key`), an ARN,
 * an AWS access key's id, a Mapbox public token (`pk.eyJ…`), an address.
 */
const SHOWN_NOT_SECRET =
  /^[A-Za-z]+[.,;:!?*]+$|^\(.*\)$|[*•●·]{3}|[xX]{6}|^[{[<%$]|[}\]>%]$|^[~.]{0,2}\/|^[a-z\d._-]+(?:\/[a-z\d._-]+)+$|^[a-z][a-z\d_-]*(?:\.[a-z\d_-]+)+$|^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+$|^arn:|^pk\.eyJ|^(?:AKIA|ASIA|AIDA|AROA|ANPA)[A-Z\d]{16}$|^0x[\da-fA-F]{40}$/;

/** Whether a value shown under a label is one (see LABEL_WORDS, SHOWN_NOT_SECRET). */
function shownValue(value: string, d: NameDecision): boolean {
  if (LABEL_WORDS.test(value) || SHOWN_NOT_SECRET.test(value) || joinedWords(value)) return false;
  // A label a word of it decides only by a part (`Max token`, `Map pin`, `Design token`): only a
  // secret's shape goes (`<th>Max token</th><td>4096</td>` is a limit).
  return !d.broad || secretShaped(value);
}
/**
 * A label of words before a password's or a key's name, as LABEL_LINE reads in text, and its
 * value in the markup after it (`Your API key: <code>…</code>`, `Your temporary password is:
 * <b>…</b>`, `<label>Webhook secret</label> <span>…</span>`): after a colon, `is`, or the label's
 * own element, and inside one or two opening tags. The value is one run without blanks up to
 * the next tag.
 */
const LABEL_WORD = new RegExp(LABEL_NAMES, 'i');
const LABEL_BEFORE_TAG = new RegExp(
  String.raw`\b(${LABEL_NAMES})((?:[ \t]+is[ \t]*:?|[ \t]*:|[ \t]*<\/(?:label|th|dt|span|b|strong)>[ \t]*:?)[ \t]*(?:<\/(?:label|span|b|strong|p|div)>)?\s*(?:<(?:code|b|strong|samp|tt|span|mark|em|pre|output)\b[^<>]{0,128}>\s*){1,2})((?:[A-Z2-7]{4} ){3,15}[A-Z2-7]{1,4}|[^<\s]{6,256})(?=\s*<)`,
  'gi',
);
/**
 * A list of an account's recovery codes under its heading (`<h2>Recovery codes</h2><ul><li>…`, as
 * a two-factor set-up page shows them): each code goes; they open the account without its factor.
 */
const RECOVERY_WORD = /recovery|backup/i;
const RECOVERY_LIST =
  /\b(?:recovery|backup)[ \t]+codes?[\s:.]{0,8}(?:<\/?[a-z][^<>]{0,120}>[^<]{0,120}){0,4}?<(?:ul|ol)\b[^<>]{0,200}>((?:\s*<li\b[^<>]{0,100}>[^<]{1,64}<\/li>){1,32})/gi;
const LIST_ITEM = /(<li\b[^<>]{0,100}>)([^<]{1,64})(<\/li>)/g;
/** A code, not a sentence: runs of letters and digits, each with a digit (`8a10d-ec66a`, `4821 9904`). */
const CODE_SHAPE = /^[A-Za-z]*\d[A-Za-z\d]*(?:[- ][A-Za-z]*\d[A-Za-z\d]*){0,3}$/;

/** A two-factor secret as set-up pages print it for typing: base32 in groups of four. */
const SPACED_BASE32 = /^(?:[A-Z2-7]{4} ){3,15}[A-Z2-7]{1,4}$/;
/** The label's words before the credential's name: one to three (read back from the name). */
const LABEL_HEAD = /(?:^|[^\w-])(?:[A-Za-z][\w-]{0,31}[ \t]){0,2}([A-Za-z][\w-]{0,31})[ \t]$/;
// A property list's `<key>apiToken</key><string>…</string>` (Apple plists).
const PLIST_PAIR_RE = /<key>([^<]{1,128})<\/key>(\s*)<(string|data)>([^<]{1,8192})<\/\3>/g;
const ATTR_RE = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>"']+))/g;
const JSON_ATTR_RE = /(\s(?!data-)[\w:.@-]{1,64}\s*=\s*")([{[]&quot;[^"<>]{0,262144})"/g;
const DATA_ATTR_RE = /\bdata-([\w-]{1,64})\s*=\s*("([^"]{1,8192})"|'([^']{1,8192})')/gi;
/**
 * What a copy button copies (clipboard.js's `data-clipboard-text`, `data-copy`,
 * `data-copy-to-clipboard`, `data-clipboard-content`).
 */
const COPY_ATTR = /^(?:clipboard(?:-text|-content)?|copy(?:-text|-value|-to-clipboard)?)$/i;
/**
 * A label that ends with a credential's name (`Copy API key`, `aria-label="Copy token"`, `Your
 * secret key:`); not a key alone (a deploy key's fingerprint, a public key), and not one that goes
 * on to say what else is copied (`API key ID`, `Webhook URL for token events`, `Fix token refresh`).
 */
const COPY_LABEL =
  /\b(?:api[ _-]?key|access[ _-]?key|secret(?:[ _-]?key)?|token|password|credential)s?\s*:?$/i;

/**
 * A copy button's text that is a token, where a label names a credential: the button's own text,
 * its `aria-label` or `title`, or the text just before it (a cell's, a label's). The key a settings
 * page shows for copying; a link, a command or an id stays.
 */
function copiedCredential(p: Pass, name: string, raw: string, m: RegExpExecArray): NameDecision | null {
  if (!COPY_ATTR.test(name) || !copiedToken(raw)) return null;
  return copyLabelled(m.input, m.index) ? p.decide('field', 'secret') : null;
}

/** A token's alphabet and shape (not a link, a word, a command). */
const copiedToken = (raw: string): boolean =>
  /^[\w\-.+/=~:]{16,}$/.test(raw) && !raw.includes('://') && secretShaped(raw) && !joinedWords(raw);

/** Whether the element whose attribute stands at `at` in `text` is labelled as a credential. */
function copyLabelled(text: string, at: number): boolean {
  const tag = text.lastIndexOf('<', at);
  const tagEnd = text.indexOf('>', at);
  const close = text.indexOf('</', at);
  const attrs = text.slice(tag, tagEnd < 0 ? at : tagEnd);
  const labels = [...attrs.matchAll(/\b(?:aria-label|title)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map(
    (a) => a[1] ?? a[2],
  );
  if (tagEnd >= 0 && close > tagEnd && close - tagEnd < 400)
    labels.push(text.slice(tagEnd + 1, close).replace(/<[^<>]*>/g, ' '));
  const before = text.slice(Math.max(0, tag - 200), tag).split(/<[^<>]*>/);
  for (let i = before.length - 1; i >= 0; i--)
    if (before[i].trim()) {
      labels.push(before[i]);
      break;
    }
  return labels.some((l) => COPY_LABEL.test(htmlDecode(l).trim()));
}

/** GitHub's `<clipboard-copy value="…">` element. */
const CLIPBOARD_EL = /<clipboard-copy\b[^>]{0,2048}?\bvalue\s*=\s*(?:"([^"]{16,8192})"|'([^']{16,8192})')/gi;

// Only the name is captured (for the back-reference): attributes and body are cut from the match
// when the name calls for it (the attributes hold no `>`, so the first `>` after the name ends the tag).
const XML_EL_RE = /<([A-Za-z_][\w:.-]{0,63})(?:\s[^>]{0,512})?>[^<]{1,8192}<\/\1>/g;

const htmlDecode = (s: string): string => decodeEntities(s);

/** A block of preformatted text or a text area, with no markup inside. */
const SETTING_BLOCK = /<(pre|code|textarea|samp)\b[^>]{0,256}>([^<]{5,65536})<\/\1>/gi;
const SETTING_BLOCK_START = /<(?:pre|code|textarea|samp)\b/i;

/** `&`, `"`, `<` and `>` as entities: a text written into markup's text or a quoted attribute. */
export function htmlEncode(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text.replace(re, fn)` for a global regex whose matches are never empty, calling `fn` on the same
 * matches in the same order, but copying the text only around matches `fn` changes (most are kept).
 */
function replaceMatches(text: string, re: RegExp, fn: (m: RegExpExecArray) => string): string {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let changed = false;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    const rep = fn(m);
    // `fn` may read text that holds the same construct (a CDATA section's body, a dump's value),
    // which runs this regex again from 0: the scan goes on from here, whatever it did.
    re.lastIndex = end;
    if (rep === m[0]) continue;
    out += text.slice(last, m.index) + rep;
    last = end;
    changed = true;
  }
  return changed ? out + text.slice(last) : text;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** `[\w:.-]`, as in XML_EL_RE's name. */
function isTagNameChar(c: number): boolean {
  return (c !== 36 && isNameChar(c)) || c === 58;
}

/**
 * Whether some closing tag `</name>` in `text` has a name a rule redacts. XML_EL_RE only changes
 * elements whose name decides, and an element's closing tag spells its name: when none does, the
 * scan would keep every match (an HTML page's `</li>`, `</div>`…), so it is skipped. The names are
 * read from each `</` (indexOf is native): one lookup per closing tag instead of a regex match.
 */
function closesNamedElement(p: Pass, text: string): boolean {
  let names: FieldNames | undefined;
  for (let lt = text.indexOf('</'); lt >= 0; lt = text.indexOf('</', lt + 2)) {
    const from = lt + 2;
    const first = text.charCodeAt(from);
    const letter = (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95;
    if (!letter) continue;
    let e = from + 1;
    while (e < text.length && e - from < 64 && isTagNameChar(text.charCodeAt(e))) e++;
    if (text.charCodeAt(e) !== 62) continue; // >
    if ((names ??= new FieldNames(p, localName)).decideAt(text, from, e) !== null) return true;
  }
  return false;
}

/** An attribute's value (HTML-escaped) that is JSON, read as JSON and escaped again; null when unchanged or no JSON. */
function jsonAttribute(p: Pass, raw: string, path: string): string | null {
  const json = htmlDecode(raw);
  const first = json.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  const next = scrubJson(p, json, path);
  // `'` too: the attribute may be single-quoted.
  return next === null || next === json ? null : htmlEncode(next).replace(/'/g, '&#39;');
}

const FORM_POST_CODE = /^(?:code|oauth_verifier)$/;
/** A hidden input named for a sign-in's state (either attribute first; a `state` select is an address's). */
const FORM_POST_STATE =
  /<input\b(?=[^>]*\btype\s*=\s*["']?hidden)(?=[^>]*\bname\s*=\s*["']?(?:state|session_state|RelayState)\b)/i;

/**
 * `autocomplete` that says the browser fills the input with the account's password (`new-password`
 * is set on any input to keep Chrome's autofill away, and says nothing).
 */
const PASSWORD_AUTOCOMPLETE = /\bcurrent-password\b/i;

/** A markup value (HTML-escaped) under a name that decides: read decoded, written escaped. */
function namedInMarkup(
  p: Pass,
  raw: string,
  d: NameDecision,
  name: string,
  where: string,
  kind: 'field' | 'query' = 'field',
): string {
  const value = htmlDecode(raw);
  const rep = p.named(value, d, kind, name, where);
  // A value kept is kept as written (encoded anew, `&#39;` in a single-quoted attribute became `'`).
  return rep === value ? raw : htmlEncode(rep);
}

/** HTML: hidden inputs, meta tags and data-* attributes by their names; XML elements by their tag. */
function scrubMarkup(p: Pass, text: string, path: string): string {
  let out = replaceMatches(text, TAG_RE, ([tag, el]) => {
    const attrs = new Map<string, { value: string; start: number; end: number; quoted: boolean }>();
    ATTR_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ATTR_RE.exec(tag))) {
      const v = m[3] ?? m[4] ?? m[5] ?? '';
      const quoted = m[5] === undefined;
      const vStart = m.index + m[0].length - m[2].length + (quoted ? 1 : 0);
      attrs.set(m[1].toLowerCase(), { value: v, start: vStart, end: vStart + v.length, quoted });
    }
    // `key`: .NET settings (`<add key="ApiPassword" value="…"/>` in a web.config or an error page).
    const nameAttr =
      attrs.get('name') ??
      attrs.get('property') ??
      attrs.get('http-equiv') ??
      attrs.get('id') ??
      attrs.get('key');
    const valueAttr = el.toLowerCase() === 'meta' ? attrs.get('content') : attrs.get('value');
    if (!valueAttr || !valueAttr.value) return tag;
    // A password input is a password whatever its name, and so is one the browser fills with one.
    const isPassword =
      attrs.get('type')?.value.toLowerCase() === 'password' ||
      PASSWORD_AUTOCOMPLETE.test(attrs.get('autocomplete')?.value ?? '');
    if (!nameAttr && !isPassword) return tag;
    const inputName = nameAttr ? htmlDecode(nameAttr.value) : '';
    // An OpenID Connect form_post (the sign-in page hands the app's callback a form of hidden
    // `code`, `state`…): its `code` is judged as the query pair it stands for. (Elsewhere a hidden
    // `code`, `ticket` or `hash` is a promo code, a ticket's number, a checksum.)
    const posted =
      !isPassword &&
      el.toLowerCase() === 'input' &&
      attrs.get('type')?.value.toLowerCase() === 'hidden' &&
      FORM_POST_CODE.test(inputName) &&
      FORM_POST_STATE.test(text);
    const own = isPassword ? p.decide('field', 'password') : p.decide('field', inputName);
    const asPair = !own && posted ? p.decide('query', inputName) : null;
    const d = own ?? asPair;
    // State posted back as JSON (`<input name="wctx" value="{&quot;sid&quot;:…}">`): read as JSON.
    const asJson = () => {
      const json = valueAttr.quoted ? jsonAttribute(p, valueAttr.value, `${path}<${el}>`) : null;
      return json === null ? tag : tag.slice(0, valueAttr.start) + json + tag.slice(valueAttr.end);
    };
    if (!d) return asJson();
    const name = nameAttr?.value ?? 'password';
    const where = `${path}<${el} ${name}>`;
    const rep = asPair
      ? namedInMarkup(p, valueAttr.value, d, inputName, where, 'query')
      : namedInMarkup(p, valueAttr.value, d, name, where);
    // A value the pair's rule leaves is read as any other input's.
    if (asPair && rep === valueAttr.value) return asJson();
    // An unquoted value (minified HTML) ends at a space: a placeholder, which holds spaces, is quoted.
    const written = valueAttr.quoted || !/[\s"'=<>`]/.test(rep) ? rep : `"${rep}"`;
    return tag.slice(0, valueAttr.start) + written + tag.slice(valueAttr.end);
  });
  if (NAMED_EL_START_RE.test(out)) {
    out = replaceMatches(out, NAMED_EL_RE, (m) => {
      const [whole, el, attrText, body, inValue] = m;
      const named = /\b(?:name|key)\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrText);
      const name = named ? htmlDecode(named[1] ?? named[2]) : '';
      const d = name ? p.decide('field', name) : null;
      const raw = inValue ?? body;
      if (!d || !raw.trim()) return whole;
      const rep = namedInMarkup(p, raw, d, name, `${path}<${el} ${name}>`);
      const next = inValue === undefined ? rep : body.replace(`<value>${inValue}<`, () => `<value>${rep}<`);
      return `<${el}${attrText}>${next}</${el}>`;
    });
  }
  if (out.includes('Value>')) {
    out = replaceMatches(out, SIBLING_PAIR_RE, ([whole, keyEl, rawName, between, , , value]) => {
      const name = htmlDecode(rawName).trim();
      // What names a secret is no secret: its id, its ARN, its name (`SecretArn`, `KmsMasterKeyId`,
      // `DBPasswordSecretName`, `signing.keyId`).
      if (NAMES_A_SECRET.test(name)) return whole;
      // A path's or a dotted name's last part names it (`/prod/db/password`, `db.password`).
      const last = /[^/.:]+$/.exec(name)?.[0] ?? name;
      const d =
        p.decide('field', last) ??
        p.decide('field', name) ??
        (SECURE_STRING.test(between) ? p.decide('field', 'secret') : null);
      if (!d || !value.trim() || /^(?:arn:|alias\/)/.test(value)) return whole;
      const rep = namedInMarkup(p, value, d, last, `${path}<${keyEl} ${last}>`);
      return whole.slice(0, whole.length - value.length) + rep;
    });
  }
  // A config file or a shell's output a page shows (`<pre>DB_PASSWORD: …</pre>`, a settings
  // `<textarea>`): its lines, decoded, as a text body's.
  if (SETTING_BLOCK_START.test(out)) {
    out = replaceMatches(out, SETTING_BLOCK, ([whole, el, body]) => {
      // A docs page's sample (`password: changeme`, `apiKey: string;`) is judged as prose is.
      const where = `${path}<${el.toLowerCase()}>`;
      const next = readEscaped(p, body, where, 0, (text) =>
        settingLines(text) ? scrubColonLines(p, text, where, true) : text,
      );
      return next === body
        ? whole
        : whole.slice(0, whole.length - body.length - el.length - 3) + next + whole.slice(-el.length - 3);
    });
  }
  if (/<\/(?:td|th|dt)>/i.test(out)) {
    out = replaceMatches(out, CELL_PAIR_RE, ([whole, head, , name, el, inline, body, close]) => {
      const label = /\s/.test(name);
      // A name's value in an element (`<td>client_secret</td><td><code>String</code></td>`) is an
      // API reference's type or rule: only a label's value is read through one.
      if (label ? !CREDENTIAL_LABEL.test(name) : inline !== undefined) return whole;
      const d = p.decide('field', name);
      if (!d || !body.trim()) return whole;
      // Under a label, words (`Not set`, `Hidden`), masks and stand-ins are the page's.
      if (label && !shownValue(body.trim(), d)) return whole;
      return head + namedInMarkup(p, body, d, name, `${path}<${el} ${name}>`) + close;
    });
  }
  if (RECOVERY_WORD.test(out)) {
    out = replaceMatches(out, RECOVERY_LIST, (m) => {
      const [whole, items] = m;
      const d = p.decide('field', 'recovery_code');
      if (!d) return whole;
      const next = items.replace(LIST_ITEM, (item, open: string, code: string, close: string) =>
        CODE_SHAPE.test(code.trim())
          ? open + namedInMarkup(p, code, d, 'recovery_code', `${path}<li recovery>`) + close
          : item,
      );
      return whole.slice(0, whole.length - items.length) + next;
    });
  }
  if (LABEL_WORD.test(out)) {
    const labelled = (m: RegExpExecArray) => {
      const [whole, name, gap, value] = m;
      const totp = SPACED_BASE32.test(value);
      // (The regex starts at the name: the words before it, tried at every letter, cost about 2 % of
      // spa's instructions.) A label alone (`Password:`, `Token:`) heads docs' examples and rules.
      const head = LABEL_HEAD.exec(m.input.slice(Math.max(0, m.index - 100), m.index));
      if (!head) return whole;
      // `key` alone names no credential; `API key` does.
      const own = p.decide('field', name);
      const label = `${head[1]} ${name}`;
      const d = own ?? p.decide('field', label) ?? (totp ? p.decide('field', 'secret') : null);
      if (!d || (!totp && !shownValue(value, d))) return whole;
      const named = own ? name : label;
      return name + gap + namedInMarkup(p, value, d, named, `${path}<${named}>`);
    };
    out = replaceMatches(out, LABEL_BEFORE_TAG, labelled);
  }
  if (out.includes('<key>')) {
    out = replaceMatches(out, PLIST_PAIR_RE, ([whole, key, space, el, body]) => {
      const name = htmlDecode(key);
      const d = p.decide('field', name);
      if (!d) return whole;
      const rep = namedInMarkup(p, body, d, name, `${path}<key ${name}>`);
      return `<key>${key}</key>${space}<${el}>${rep}</${el}>`;
    });
  }
  out = replaceMatches(out, DATA_ATTR_RE, (match) => {
    const [m, name, , dq, sq] = match;
    const raw = dq ?? sq ?? '';
    const d = p.decide('field', name) ?? copiedCredential(p, name, raw, match);
    if (!d) {
      // Props handed to a component as JSON (`data-props="{&quot;token&quot;:…}"`): read as JSON.
      const next = jsonAttribute(p, raw, `${path}[data-${name}]`);
      if (next === null) return m;
      return `data-${name}=${dq !== undefined ? `"${next}"` : `'${next}'`}`;
    }
    const rep = namedInMarkup(p, raw, d, `data-${name}`, `${path}[data-${name}]`);
    return `data-${name}=${dq !== undefined ? `"${rep}"` : `'${rep}'`}`;
  });
  if (out.includes('<clipboard-copy')) {
    out = replaceMatches(out, CLIPBOARD_EL, (m) => {
      const raw = m[1] ?? m[2];
      if (!copiedToken(raw) || !copyLabelled(m.input, m.index + 1)) return m[0];
      const d = p.decide('field', 'secret');
      if (!d) return m[0];
      const rep = namedInMarkup(p, raw, d, 'clipboard-copy', `${path}<clipboard-copy>`);
      const at = m[0].lastIndexOf(raw);
      return m[0].slice(0, at) + rep + m[0].slice(at + raw.length);
    });
  }
  if (out.includes('<![CDATA[')) out = scrubCdata(p, out, path);
  // JSON in any other attribute (Livewire's `wire:snapshot="{&quot;data&quot;:…}"`, Vue's props).
  if (out.includes('{&quot;') || out.includes('[&quot;')) {
    out = replaceMatches(out, JSON_ATTR_RE, ([whole, head, raw]) => {
      const next = jsonAttribute(p, raw, `${path}[${head.trim()}]`);
      return next === null ? whole : `${head}${next}"`;
    });
  }
  if (!closesNamedElement(p, out)) return out;
  out = replaceMatches(out, XML_EL_RE, ([m, name]) => {
    const local = localName(name);
    const d = p.decide('field', local);
    if (!d) return m;
    const gt = m.indexOf('>', name.length + 1);
    const attrs = m.slice(name.length + 1, gt);
    const body = m.slice(gt + 1, m.length - name.length - 3);
    if (!body.trim()) return m;
    const rep = namedInMarkup(p, body, d, local, `${path}<${name}>`);
    return `<${name}${attrs}>${rep}</${name}>`;
  });
  return out;
}

const CDATA_RE = /<!\[CDATA\[([\s\S]{1,65536}?)\]\]>/g;
const OPEN_TAG_BEFORE = /<([A-Za-z_][\w:.-]{0,63})(?:\s[^<>]{0,512})?>\s*$/;

/**
 * CDATA sections, which XML_EL_RE and the pair readers pass over (`<password><![CDATA[…]]></password>`,
 * `<![CDATA[db.password=…]]>`): the body of an element that is one section is judged by the
 * element's name, any other section read as text. Nothing is escaped in a section.
 */
function scrubCdata(p: Pass, text: string, path: string): string {
  return replaceMatches(text, CDATA_RE, (m) => {
    const body = m[1];
    const open = OPEN_TAG_BEFORE.exec(text.slice(Math.max(0, m.index - 600), m.index));
    if (open && closesRightAfter(text, m.index + m[0].length, open[1])) {
      const name = localName(open[1]);
      const d = p.decide('field', name);
      if (d && body.trim()) {
        const rep = p.named(body.trim(), d, 'field', name, `${path}<${open[1]}>`);
        return rep === body.trim() ? m[0] : `<![CDATA[${rep}]]>`;
      }
    }
    const next = scrubText(p, body, `${path}{cdata}`, undefined, MAX_DEPTH - 1);
    return next === body ? m[0] : `<![CDATA[${next.replace(/\]\]>/g, ']] >')}]]>`;
  });
}

/** Whether `</name>` follows `at` in `text`, past blanks. */
function closesRightAfter(text: string, at: number, name: string): boolean {
  let i = at;
  while (i < text.length && isJsSpace(text.charCodeAt(i))) i++;
  return text.startsWith(`</${name}>`, i);
}

/**
 * base64 blobs that decode to text (a token in JSON, a SAML message, Basic credentials…); with
 * `sniff`, a long run is decoded whole only when its head reads as text (see textHead).
 */
function scrubBase64Runs(p: Pass, text: string, path: string, depth: number, sniff = false): string {
  if (depth + 1 >= MAX_DEPTH || text.length < 24) return text;
  const runs = base64Runs(text, 24);
  if (runs.length === 0) return text;
  let out = '';
  let last = 0;
  for (let r = 0; r < runs.length; r += 2) {
    if (sniff && runs[r + 1] - runs[r] > HEAD_CHARS && !textHead(text, runs[r])) continue;
    const run = text.slice(runs[r], runs[r + 1]);
    const next = scrubBase64Run(p, run, inDottedToken(text, runs[r], runs[r + 1]), path, depth);
    if (next === run) continue;
    out += text.slice(last, runs[r]) + next;
    last = runs[r + 1];
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Base64 characters of a run's head: 48 bytes. */
const HEAD_CHARS = 64;

/**
 * Whether the run at `start` begins as text: its first 48 bytes are UTF-8 (a character the head
 * cuts aside) and mostly not control characters. Images, fonts and compressed data fail within
 * them: a GIF's or a WOFF font's first bytes are letters, but their headers' zeros and their
 * random bytes follow. Lenient on control characters (a log's colour codes): base64Text judges the
 * whole run again.
 */
function textHead(text: string, start: number): boolean {
  let head = base64DecodeLatin1(text.slice(start, start + HEAD_CHARS));
  if (head === null) return false;
  if (/[\x80-\xff]/.test(head)) {
    let k = head.length - 1;
    while (k > head.length - 4 && (head.charCodeAt(k) & 0xc0) === 0x80) k--;
    const utf8 = utf8DecodeStrict(latin1Encode(head.charCodeAt(k) >= 0xc0 ? head.slice(0, k) : head));
    if (utf8 === null) return false;
    head = utf8;
  }
  let bad = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) bad++;
  }
  return bad * 4 < head.length;
}

/**
 * A literal of code that is base64 whole (24 characters or more): what it decodes to read as text,
 * written back as base64 the same way. One that does not begin as text (an image, a font, wasm) is
 * not decoded past its head (see textHead).
 */
export function scrubBase64Literal(p: Pass, value: string, path: string): string {
  // (A blank is in no base64 run: a message or a path's data is passed over at once.)
  if (value.length < 24 || value.indexOf(' ') >= 0) return value;
  const runs = base64Runs(value, 24);
  if (runs.length !== 2 || runs[0] !== 0 || runs[1] !== value.length) return value;
  if (value.length > HEAD_CHARS && !textHead(value, 0)) return value;
  return scrubBase64Run(p, value, false, path, 0);
}

function scrubBase64Run(p: Pass, run: string, urlish: boolean, path: string, depth: number): string {
  if (run.length > 4 * 1024 * 1024 || run.startsWith('REDACTED')) return run;
  // Plain words, hex digests and identifiers are not base64 worth decoding.
  if (/^[a-z0-9_-]+$/.test(run) || /^[A-Z0-9_-]+$/.test(run) || /^[0-9a-fA-F]+$/.test(run)) return run;
  return throughBase64Text(run, urlish, (decoded) =>
    scrubText(p, decoded, `${path}(base64)`, undefined, depth + 1),
  );
}

/**
 * A base64 run that decodes to text (UTF-8, at least 12 bytes) through `read`, written back in the
 * run's own style (see base64Style) when `read` changed it; null from `read` keeps the run.
 */
export function throughBase64Text(
  run: string,
  urlish: boolean,
  read: (text: string) => string | null,
): string {
  const decoded = base64Text(run, 12);
  if (decoded === null) return run;
  const next = read(decoded);
  return next === null || next === decoded ? run : rebase64(run, urlish, next);
}

/** The text a base64 run holds (UTF-8, readable), or null: not base64, too short or binary. */
function base64Text(run: string, minBytes = 0): string | null {
  const bin = base64DecodeLatin1(run);
  if (bin === null || bin.length < minBytes) return null;
  const decoded = /[\x80-\xff]/.test(bin) ? utf8DecodeStrict(latin1Encode(bin)) : bin;
  return decoded !== null && looksLikeText(decoded) ? decoded : null;
}

/** `text` as base64 written as `run` was (alphabet, padding). */
function rebase64(run: string, urlish: boolean, text: string): string {
  const { urlSafe, padded } = base64Style(run, urlish);
  return base64Encode(utf8Encode(text), urlSafe, padded);
}

/** `+` read as a space (form encoding), without a regex run where there is none. */
export function plusAsSpace(s: string): string {
  return s.indexOf('+') < 0 ? s : s.replace(/\+/g, ' ');
}

export { safeDecode };
