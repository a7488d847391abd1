import type { Pass } from '../context';
import type { RuleRef } from '../registry';
import { changedRange, quotedEnd } from '../diff';
import {
  WINDOW_OVERLAP,
  applyDetectors,
  hasNamedAssignment,
  hasNamedQueryParam,
  joinedWords,
  scrubBase64Literal,
  scrubText,
  throughBase64Text,
} from '../text';
import { cannotBeCredential, isJsSpace, secretShaped } from '../value-shape';
import { KEY_CALLEES, keyPositions, passwordPositions, signsIn } from '../rpc';
import { scanLiteral } from './literal';
import { readInlineSourceMap } from './source-map';

/**
 * JavaScript, read as tokens: only string and template literals, comments and object-literal
 * values (judged by their keys) are candidates; code itself is never read as `a=b&c=d`.
 * Placeholders go back JS-escaped inside the literal they replace, so the script still parses.
 */

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

const enum Tok {
  None,
  Ident,
  Number,
  String,
  Punct,
  Regex,
  Template,
  Assign,
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127
  );
}

/** The value of a JS string literal's body; null when an escape is not one JSON also knows. */
export function unescapeJsLiteral(raw: string): string | null {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        if (/[0-9]/.test(raw[i + 1] ?? '')) return null;
        out += '\0';
        break;
      case 'x': {
        const h = raw.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u': {
        const m = /^(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(raw.slice(i + 1));
        if (!m) return null;
        out += String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
        i += m[0].length;
        break;
      }
      case '\r':
        if (raw[i + 1] === '\n') i++;
        break;
      case '\n':
      case '\u2028':
      case '\u2029':
        break;
      case undefined:
        return null;
      default:
        out += n;
    }
  }
  return out;
}

/** A value written back inside a literal quoted with `q`. */
export function escapeJsLiteral(s: string, q: string): string {
  let out = '';
  for (const c of s) {
    if (c === '\\' || c === q) out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\u2028') out += '\\u2028';
    else if (c === '\u2029') out += '\\u2029';
    else out += c;
  }
  return out;
}

/**
 * A literal's new body: the raw text kept as written, only the replaced pieces changed (they are
 * found as they were written when they held no escape); else the whole value escaped again.
 */
export function rewriteLiteral(raw: string, value: string, next: string, q: string): string {
  if (raw === value) return escapeJsLiteral(next, q);
  const [pre, suf] = changedRange(value, next);
  const was = value.slice(pre, value.length - suf);
  const now = next.slice(pre, next.length - suf);
  const at = was ? raw.indexOf(was) : -1;
  if (at >= 0 && raw.indexOf(was, at + 1) < 0 && escapeJsLiteral(was, q) === was) {
    return raw.slice(0, at) + escapeJsLiteral(now, q) + raw.slice(at + was.length);
  }
  return escapeJsLiteral(next, q);
}

/**
 * Detector spans over a whole text, found window by window (each window overlaps the next by the
 * longest token, so a token across an edge is found whole), sorted and without repeats.
 */
export function spansOf(p: Pass, text: string): Span[] {
  const out: Span[] = [];
  for (let s = 0; s < text.length; s += WINDOW) {
    const piece = s === 0 && text.length <= WINDOW ? text : text.slice(s, s + WINDOW + WINDOW_OVERLAP);
    for (const { d, rule } of p.detect(piece)) {
      if (d.start >= WINDOW) continue; // the next window has it
      const start = s + d.start;
      if (out.length && out[out.length - 1].end > start) continue;
      out.push({ start, end: s + d.end, label: d.label, rule });
    }
  }
  return out;
}

const WINDOW = 512 * 1024;

/**
 * A literal written in escapes (`"\x73\x6b\x5f\x6c…"`, `"\u0067\u0068\u0070\u005f…"`): its
 * detectors run on what it decodes to (an obfuscated key, text a minifier kept to ASCII).
 */
const ESCAPED_RUN = /(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}){4}/;

interface Span {
  start: number;
  end: number;
  label: string;
  rule: RuleRef;
}

export function readJs(p: Pass, text: string, path: string): string {
  const n = text.length;
  const spans = spansOf(p, text);
  // Most bundles hold nothing to judge: no detector span, no URL, no literal under a deciding
  // name (the name test is the code scan's, native and fast). Those are left without tokenizing.
  // (JSON in a literal, `JSON.parse("{\"apiKey\":…}")`, hides its names behind escapes: read it.)
  if (
    spans.length === 0 &&
    text.indexOf('://') < 0 &&
    text.indexOf('{\\"') < 0 &&
    text.indexOf('sourceMappingURL=data:') < 0 &&
    text.indexOf('btoa(') < 0 &&
    text.indexOf('atob(') < 0 &&
    !ESCAPED_RUN.test(text) &&
    !hasNamedAssignment(p, text) &&
    !namesBySetterOrIndex(p, text) &&
    !positionalCallIn(text)
  )
    return text;
  let nextSpan = 0;
  let out = '';
  let copied = 0;
  // The last four significant tokens (most recent at index 3): kind and where they stand.
  const kinds = [Tok.None, Tok.None, Tok.None, Tok.None];
  const starts = [0, 0, 0, 0];
  const ends = [0, 0, 0, 0];
  const push = (kind: Tok, start: number, end: number) => {
    kinds[0] = kinds[1];
    kinds[1] = kinds[2];
    kinds[2] = kinds[3];
    kinds[3] = kind;
    starts[0] = starts[1];
    starts[1] = starts[2];
    starts[2] = starts[3];
    starts[3] = start;
    ends[0] = ends[1];
    ends[1] = ends[2];
    ends[2] = ends[3];
    ends[3] = end;
  };
  const punct = (k: number, c: number) => kinds[k] === Tok.Punct && text.charCodeAt(starts[k]) === c;
  /** String arguments a call passes a password or a key in by position, by their opening quote. */
  let positional: Map<number, string> | undefined;
  // Open template literals: the brace depth at which each `${` started.
  const templates: number[] = [];
  let braces = 0;
  const replace = (start: number, end: number, body: string) => {
    out += text.slice(copied, start) + body;
    copied = end;
  };
  /** The value of the token at k: an identifier's text or a string literal's body. */
  const tokenText = (k: number) =>
    kinds[k] === Tok.String
      ? (unescapeJsLiteral(text.slice(starts[k] + 1, ends[k] - 1)) ?? '')
      : text.slice(starts[k], ends[k]);

  /** Whether nameBefore's last name is one under which only a secret's shape goes. */
  let shapeOnly = false;
  /** The name the tokens before a literal ending at `end` (its closing quote) give it. */
  const nameBefore = (end: number): string | undefined => {
    shapeOnly = false;
    // `{ key: "…"`, `, "key": "…"`
    if (punct(3, 58) && (kinds[2] === Tok.Ident || kinds[2] === Tok.String)) {
      if (punct(1, 123) || punct(1, 44)) return tokenText(2);
      return undefined;
    }
    // `x.password = "…"`, `token = '…'`
    if (kinds[3] === Tok.Assign && kinds[2] === Tok.Ident) return tokenText(2);
    // `setItem("token", "…")`, `headers.set('x-api-key', '…')`
    if (punct(3, 44) && kinds[2] === Tok.String && punct(1, 40)) return tokenText(2);
    // `headers["X-Api-Key"] = "…"`, and `client.setApiKey("…")`: a setter's name says what its one
    // argument is (`setCookie("name", value)`'s first is a name). Both name many things that are
    // no secret (`setCookie("consent_v2")`, `L["api_key"] = "API-Schlüssel"`): only a secret's
    // shape goes under them.
    shapeOnly = true;
    if (kinds[3] === Tok.Assign && punct(2, 93) && kinds[1] === Tok.String && punct(0, 91))
      return tokenText(1);
    if (punct(3, 40) && kinds[2] === Tok.Ident && closesCall(text, end + 1))
      return SETTER.exec(tokenText(2))?.[1];
    return undefined;
  };

  const regexAllowed = (): boolean => {
    const last = kinds[3];
    if (last === Tok.None || last === Tok.Assign) return true;
    if (last === Tok.Punct) {
      const c = text.charCodeAt(starts[3]);
      return c !== 41 && c !== 93 && c !== 125; // ) ] }
    }
    if (last === Tok.Ident) return KEYWORDS_BEFORE_EXPRESSION.has(text.slice(starts[3], ends[3]));
    return false;
  };

  /**
   * `user:password` (Basic credentials, as `btoa` and `atob` take them) with its password read as
   * one; null for other text.
   */
  function basicCredentials(pair: string, where: string, decoded = false): string | null {
    const colon = pair.indexOf(':');
    if (colon <= 0 || colon === pair.length - 1) return null;
    // (Decoded, only the pair's shape: not a sentence with a colon.)
    if (decoded && !BASIC_PAIR.test(pair)) return null;
    const d = p.decide('field', 'password');
    if (!d) return null;
    const pw = pair.slice(colon + 1);
    const rep = p.named(pw, d, 'field', 'password', where);
    return rep === pw ? pair : pair.slice(0, colon + 1) + rep;
  }

  /** Detector spans inside [from, to), as placeholders; spans before `from` are passed over. */
  const spansIn = (from: number, to: number, write: (s: string) => string): void => {
    while (nextSpan < spans.length && spans[nextSpan].start < from) nextSpan++;
    while (nextSpan < spans.length && spans[nextSpan].end <= to) {
      const sp = spans[nextSpan++];
      const value = text.slice(sp.start, sp.end);
      if (sp.label === 'jwt') p.jwtParts(value);
      const rep = p.secret(value, sp.label, sp.rule, `${path}{js}`);
      if (rep !== value) replace(sp.start, sp.end, write(rep));
    }
  };

  /** A template literal's text from `i` (after a backtick or a closing `}`) to its end or `${`. */
  const templateChunk = (i: number): number => {
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 96)
        break; // `
      else if (c === 36 && text.charCodeAt(j + 1) === 123)
        break; // ${
      else j++;
    }
    const end = Math.min(j, n);
    spansIn(i, end, (rep) => rep.replace(/`/g, '\\`').replace(/\$\{/g, '\\${'));
    if (j >= n) return n;
    if (text.charCodeAt(j) === 96) {
      push(Tok.Template, i, j + 1);
      return j + 1;
    }
    templates.push(braces);
    braces++;
    return j + 2;
  };

  const comment = (from: number, to: number) => {
    const c = text.charCodeAt(from);
    if (c === 35 || c === 64) {
      // # @
      const body = text.slice(from, to);
      const map = readInlineSourceMap(p, body, path, (source, where) => readJs(p, source, where));
      if (map !== null) {
        if (map !== body) replace(from, to, map);
        return;
      }
    }
    spansIn(from, to, (rep) => rep.replace(/\*\//g, '* /'));
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff || c === 11 || c === 12) {
      i++;
      continue;
    }
    // comments
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let e = text.indexOf('\n', i + 2);
      if (e < 0) e = n;
      comment(i + 2, e);
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let e = text.indexOf('*/', i + 2);
      if (e < 0) e = n;
      comment(i + 2, e);
      i = Math.min(n, e + 2);
      continue;
    }
    // strings
    if (c === 34 || c === 39) {
      const j = quotedEnd(text, i, c);
      if (j >= n || text.charCodeAt(j) !== c) {
        // Unterminated: not a literal; step over the quote.
        push(Tok.Punct, i, i + 1);
        i++;
        continue;
      }
      literal(i, j, nameBefore(j));
      push(Tok.String, i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === 96) {
      i = templateChunk(i + 1);
      continue;
    }
    if (c === 125 && templates.length && templates[templates.length - 1] === braces - 1) {
      // `}` closing a template's `${`
      templates.pop();
      braces--;
      i = templateChunk(i + 1);
      continue;
    }
    if (c === 47 && regexAllowed()) {
      // A regular expression literal: to the closing `/` outside a class, on one line.
      let j = i + 1;
      let inClass = false;
      let ok = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13) break;
        if (d === 92) {
          j += 2;
          continue;
        }
        if (d === 91) inClass = true;
        else if (d === 93) inClass = false;
        else if (d === 47 && !inClass) {
          ok = true;
          break;
        }
        j++;
      }
      if (ok) {
        j++;
        while (j < n && isIdentChar(text.charCodeAt(j))) j++;
        push(Tok.Regex, i, j);
        i = j;
        continue;
      }
    }
    if (isIdentChar(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      push(c >= 48 && c <= 57 ? Tok.Number : Tok.Ident, i, j);
      i = j;
      continue;
    }
    if (c === 123) braces++;
    else if (c === 125) braces--;
    if (c === 61) {
      // `=` alone is an assignment; `==`, `=>`, `<=`, `+=`… are other operators.
      const prev = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      const single = next !== 61 && next !== 62 && !isOperatorChar(prev);
      push(single ? Tok.Assign : Tok.Punct, i, i + 1);
      i++;
      continue;
    }
    if (c === 46) {
      // `a.b`: the member keeps the last part as the name (`config.apiKey = "…"`).
      i++;
      continue;
    }
    // `doLogin('alice', '…')`, `new ethers.Wallet("0x…", provider)`: a call whose name says it
    // takes a password or a key by position (see rpc.ts); its arguments are read ahead.
    if (c === 40 && kinds[3] === Tok.Ident) {
      const callee = text.slice(starts[3], ends[3]);
      if (positionalCallee(callee)) {
        for (const [at, name] of positionalArguments(text, i, callee))
          (positional ??= new Map()).set(at, name);
      }
    }
    push(Tok.Punct, i, i + 1);
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);

  /** A string literal between the quotes at `q` and `end`. */
  function literal(q: number, end: number, name: string | undefined): void {
    const raw = text.slice(q + 1, end);
    const byPlace = positional?.get(q);
    if (byPlace !== undefined) {
      const value = unescapeJsLiteral(raw);
      const d = value === null ? null : p.decide('field', byPlace);
      if (value === null || !d) return;
      const rep = p.named(value, d, 'field', byPlace, `${path}{js ${byPlace}}`);
      if (rep !== value) replace(q + 1, end, rewriteLiteral(raw, value, rep, text[q]));
      return;
    }
    if (name === undefined && raw.length < 5) return;
    const value = unescapeJsLiteral(raw);
    if (value === null) return;
    if (shapeOnly && name !== undefined && !tokenShaped(value)) name = undefined;
    const quote = text[q];
    const first = value.charCodeAt(0);
    // `btoa('admin:…')` builds Basic credentials: what follows the first `:` is the password.
    // `atob('…')` takes them built (`atob("c3ZjOi…").split(":")`): the same, decoded; any other
    // text it decodes is read as text.
    const call = name === undefined && punct(3, 40) && kinds[2] === Tok.Ident ? tokenText(2) : '';
    if (call === 'btoa' && raw === value) {
      const next = basicCredentials(value, `${path}{js btoa}`);
      if (next !== null) {
        if (next !== value) replace(q + 1, end, escapeJsLiteral(next, quote));
        return;
      }
    }
    if (call === 'atob' && raw === value) {
      const next = throughBase64Text(
        value,
        false,
        (text) =>
          basicCredentials(text, `${path}{js atob}`, true) ??
          scrubText(p, text, `${path}{js atob}`, undefined, 1),
      );
      if (next !== value) replace(q + 1, end, escapeJsLiteral(next, quote));
      return;
    }
    // Values judged by their names, JSON, URLs and form bodies (`body: "user=a&password=…"`) are read
    // as what they are; the rest only by the detector spans found over the whole body.
    if (
      name !== undefined ||
      first === 123 ||
      first === 91 ||
      value.indexOf('://') >= 0 ||
      first === 47 ||
      (value.indexOf('=') > 0 && hasNamedQueryParam(p, value, true))
    ) {
      let next = scanLiteral(p, value, name, `${path}{js}`, true);
      if (next === value && raw === value && value.length >= 24)
        next = scrubBase64Literal(p, value, `${path}{js}`);
      if (next !== value) replace(q + 1, end, rewriteLiteral(raw, value, next, quote));
      return;
    }
    if (raw === value) {
      const before = copied;
      spansIn(q + 1, end, (rep) => escapeJsLiteral(rep, quote));
      // A literal that is base64 whole (a blob of settings, credentials encoded): read decoded, as a
      // JSON string's base64 is.
      if (copied === before && value.length >= 24) {
        const next = scrubBase64Literal(p, value, `${path}{js}`);
        if (next !== value) replace(q + 1, end, next);
      }
    } else {
      const next = applyDetectors(p, value, `${path}{js}`);
      if (next !== value) replace(q + 1, end, rewriteLiteral(raw, value, next, quote));
    }
  }
}

/** Basic credentials as decoded: a user's name without quotes or brackets, a password without blanks. */
const BASIC_PAIR = /^[^\s:"'{}[\]<>]{1,128}:\S+$/;

/** Whether a call of `name` may pass a password or a key by position. */
function positionalCallee(name: string): boolean {
  if (KEY_CALLEES.has(name)) return true;
  // A sign-in's name ends `login`, `logIn`, `signin`, `logon` or `authenticate`.
  const last = name.charCodeAt(name.length - 1);
  return name.length >= 5 && (last === 110 || last === 78 || last === 101) && signsIn(name);
}

/**
 * A call that may pass a password or a key by position: a sign-in's name's end, or a wallet's call
 * by its whole name (checked in positionalCallIn: `sign(` alone is in every `Object.assign(`).
 */
const POSITIONAL_CALL = new RegExp(
  `(?:ogin|ogIn|ignIn|ignin|ogon|uthenticate)\\(|(${[...KEY_CALLEES].join('|')})\\(`,
  'g',
);
/**
 * Scripts up to this size (an inline script, a handler, a small file) are looked through for such
 * calls before tokenizing; a bigger one (a bundle's chunk, where the search cost more than the
 * rest of the gate) is tokenized for its other signs only.
 */
const POSITIONAL_SEARCH_MAX = 64 * 1024;

/** Whether a script may call one of those (see POSITIONAL_SEARCH_MAX). */
function positionalCallIn(text: string): boolean {
  if (text.length > POSITIONAL_SEARCH_MAX) return false;
  POSITIONAL_CALL.lastIndex = 0;
  for (let m = POSITIONAL_CALL.exec(text); m; m = POSITIONAL_CALL.exec(text))
    if (m[1] === undefined || m.index === 0 || !isIdentChar(text.charCodeAt(m.index - 1))) return true;
  return false;
}

/** An argument that is no literal. */
const NOT_A_LITERAL = Symbol('expression');
const MAX_ARGUMENTS = 6;

/** The string literal whose quote is at `j`: its value (NOT_A_LITERAL for an escape JSON lacks) and end. */
function literalAt(text: string, j: number): { value: unknown; end: number } | null {
  const q = text.charCodeAt(j);
  if (q !== 34 && q !== 39) return null;
  const e = quotedEnd(text, j, q);
  if (e >= text.length || text.charCodeAt(e) !== q) return null;
  return { value: unescapeJsLiteral(text.slice(j + 1, e)) ?? NOT_A_LITERAL, end: e + 1 };
}

/**
 * The arguments of the call whose `(` is at `open`, read ahead while they are literals, names
 * or numbers, or a call of one literal (`bs58.decode("…")`, `Buffer.from("…", "hex")`: its
 * literal stands for the argument); the first other expression ends the reading. Returns each
 * password's or key's literal (its opening quote) with the name it is judged under.
 */
function positionalArguments(text: string, open: number, callee: string): [number, string][] {
  const args: unknown[] = [];
  const quotes: number[] = [];
  let j = open + 1;
  const blanks = () => {
    while (j < text.length && isJsSpace(text.charCodeAt(j))) j++;
  };
  const name = () => {
    const from = j;
    while (j < text.length && (isIdentChar(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
    return text.slice(from, j);
  };
  while (args.length < MAX_ARGUMENTS) {
    blanks();
    const lit = literalAt(text, j);
    if (lit) {
      args.push(lit.value);
      quotes.push(j);
      j = lit.end;
    } else if (isIdentChar(text.charCodeAt(j))) {
      const word = name();
      blanks();
      if (text.charCodeAt(j) !== 40) {
        args.push(/^\d+$/.test(word) ? Number(word) : NOT_A_LITERAL);
        quotes.push(-1);
      } else {
        // A call of one literal, then literals or names (`Buffer.from("…", "hex")`).
        j++;
        blanks();
        const inner = literalAt(text, j);
        if (!inner) break;
        args.push(inner.value);
        quotes.push(j);
        j = inner.end;
        blanks();
        while (text.charCodeAt(j) === 44) {
          j++;
          blanks();
          const more = literalAt(text, j);
          if (more) j = more.end;
          else if (!name()) break;
          blanks();
        }
        if (text.charCodeAt(j) !== 41) break;
        j++;
      }
    } else break;
    blanks();
    if (text.charCodeAt(j) !== 44) break;
    j++;
  }
  const out: [number, string][] = [];
  const key = keyPositions(callee, args);
  if (key) out.push([quotes[key.at], key.name]);
  if (KEY_CALLEES.has(callee)) return out;
  for (const at of passwordPositions(callee, args) ?? []) {
    const v = args[at];
    // In code, a sign-in's message or label (`login("Log in", "Welcome back")`) is no password.
    if (typeof v === 'string' && quotes[at] >= 0 && !/\s/.test(v) && !cannotBeCredential(v))
      out.push([quotes[at], 'password']);
  }
  return out;
}

/** A setter's name (`setApiKey`), and what it sets. */
const SETTER = /^set([A-Z]\w{1,48})$/;

/** A token's length and alphabet (not `consent_v2`, `X-CSRF-Token`, `input[name=password]`). */
const TOKEN_SHAPE = /^[\w\-.+/=~]{16,}$/;
/** An HTTP authentication scheme before its credentials (`headers['Authorization'] = 'Token …'`). */
const AUTH_SCHEME = /^(?:Bearer|Token|Basic|Bot|ApiKey|Api-Key|Key|OAuth|SSWS)[ \t]+(\S+)$/i;

/** Whether a literal is a token (after its scheme, when one leads), not a word, a name or a date. */
function tokenShaped(value: string): boolean {
  const v = AUTH_SCHEME.exec(value)?.[1] ?? value;
  return TOKEN_SHAPE.test(v) && secretShaped(v) && !joinedWords(v);
}

/** Whether `)` comes at or after `i`, past any blanks and line breaks. */
function closesCall(text: string, i: number): boolean {
  while (i < text.length && isJsSpace(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 41;
}
/** At a setter's name's end: its call with a literal. */
const SETTER_CALL = /[A-Z]\w{0,47}\(\s*["'`]/y;
/** Before `]=` / `] =`: a quoted index (read backwards from the bracket). */
const QUOTED_INDEX = /\[\s*(["'])([\w-]{1,64})\1\s*$/;

/**
 * Whether some setter's or index's name (see nameBefore) is one a rule decides. Found from
 * indexOf (`set`, `]`), which is native, rather than by one regex of two alternatives tried at
 * every character of every bundle.
 */
function namesBySetterOrIndex(p: Pass, text: string): boolean {
  for (let i = text.indexOf('set'); i >= 0; i = text.indexOf('set', i + 3)) {
    if (i > 0 && isIdentChar(text.charCodeAt(i - 1))) continue;
    SETTER_CALL.lastIndex = i + 3;
    const m = SETTER_CALL.exec(text);
    if (m && p.decide('field', m[0].slice(0, m[0].indexOf('(')))) return true;
  }
  for (let i = text.indexOf(']'); i >= 0; i = text.indexOf(']', i + 1)) {
    let j = i + 1;
    while (text.charCodeAt(j) === 32) j++;
    if (text.charCodeAt(j) !== 61 || text.charCodeAt(j + 1) === 61) continue; // `=`, not `==`
    const name = QUOTED_INDEX.exec(text.slice(Math.max(0, i - 72), i))?.[2];
    if (name && p.decide('field', name)) return true;
  }
  return false;
}

function isOperatorChar(c: number): boolean {
  // = ! < > + - * / % & | ^ ?
  return (
    c === 61 ||
    c === 33 ||
    c === 60 ||
    c === 62 ||
    c === 43 ||
    c === 45 ||
    c === 42 ||
    c === 47 ||
    c === 37 ||
    c === 38 ||
    c === 124 ||
    c === 94 ||
    c === 63
  );
}
