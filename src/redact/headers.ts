import type { Cookie, Header, QueryString } from 'har-format';
import type { Pass } from './context';
import { BARE_TOKEN, processUrl, scrubParamValue } from './url';
import { isLink, linkUnderName, PASSWORD_NAME } from './url-reader';
import { CREDENTIAL_COOKIE } from './value-shape';
import { safeDecode, scrubRecurringText } from './text';
import { base64Decode, utf8DecodeStrict } from '../util/bytes';

const URL_HEADERS = new Set([
  'referer',
  'location',
  'origin',
  'content-location',
  'refresh',
  'x-original-url',
]);

/** A URL between angle brackets, as `Link` writes each of its links. */
const LINK_URL = /<([^<>]*)>/g;

/**
 * `Link: <url>; rel="next", <url>; rel="last"` (pagination, preloads): each URL is read as a URL,
 * its parameters and relations stay. Read as one URL, the first secret parameter ran on to the
 * end of the header and took the other links with it.
 */
function linkHeader(p: Pass, value: string, path: string): string {
  return value.replace(LINK_URL, (link: string, url: string) => {
    const next = processUrl(p, url, path);
    return next === url ? link : `<${next}>`;
  });
}

const AUTH_SCHEME =
  /^(Bearer|Basic|Digest|Token|Negotiate|NTLM|SSWS|ApiKey|Api-Key|AWS4-HMAC-SHA256|Hawk|OAuth|MAC|DPoP|JWT|Key)(\s+)/i;

/** Cookie header: every value goes (by the cookie rules), names stay. */
function cookieHeader(p: Pass, value: string, path: string): string {
  return value
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const name = part.slice(0, eq).trim();
      const rest = part.slice(eq + 1);
      const v = rest.trim();
      // The blanks before the value, as written.
      const lead = rest.slice(0, rest.length - rest.trimStart().length);
      return part.slice(0, eq + 1) + cookieValue(p, name, v, `${path}{${name}}`, lead);
    })
    .join(';');
}

function cookieValue(p: Pass, name: string, raw: string, path: string, lead = ''): string {
  if (!raw) return lead + raw;
  const d = p.decide('cookie', name);
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  const v = quoted ? raw.slice(1, -1) : raw;
  if (!d) return lead + scrubRecurringText(p, v, path, name.toLowerCase());
  const decoded = safeDecode(v);
  // A URL (next-auth's `callback-url`, a `return_to`) is where to go, not a credential: read as a
  // URL, its secret parameters go. Replaced whole, the page's own URL went with it everywhere.
  // (A path from the root only in a cookie whose name holds no credential's word: `return_to`.)
  const link = !PASSWORD_NAME.test(name) && (/^https?:\/\//.test(decoded) || !CREDENTIAL_COOKIE.test(name));
  if (!d.rule.locked && link && isLink(decoded, (n) => p.decide('query', n) !== null)) {
    const next = processUrl(p, decoded, path);
    if (next === decoded) return lead + raw;
    const written = decoded === v ? next : encodeURIComponent(next);
    return lead + (quoted ? `"${written}"` : written);
  }
  const rep = p.named(v, d, 'cookie', name, path);
  // Register the decoded form too: a URL-encoded cookie may be echoed decoded elsewhere (only a
  // value that went, and spread only when secret-shaped, as the value itself).
  if (decoded !== v && rep !== v) p.remember(decoded, d.rule.label ?? `cookie:${name}`, false);
  return lead + (quoted ? `"${rep}"` : rep);
}

/**
 * A comma and a blank before the next cookie's `name=`, as joiners write repeated headers (a comma
 * in `Expires=Wed, 21 Oct …` is followed by no `=`; one in a value, `a==,b==` or JSON's `,"k":`,
 * by no blank or no name).
 */
const FOLDED_COOKIE = /,(?=[ \t]+[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}=)/;

const oddQuotes = (s: string) => (s.split('"').length - 1) % 2 === 1;

/**
 * Set-Cookie: the value goes, attributes (Path, Domain, Expires, flags) stay. Several cookies come
 * one a line (Chrome, Firefox) or folded into one value with commas, as a client or proxy that
 * joins repeated headers writes them (`lang=en; Path=/, sid=…; HttpOnly`): each is read apart.
 * A comma inside the value of a credential's name (`sid`, `auth_token`), before any attribute,
 * stays in that value (a value may hold `,x=y`; cut there, its tail went by the name `x`).
 */
function setCookieHeader(p: Pass, value: string, path: string): string {
  const one = (cookie: string): string => {
    const semi = cookie.indexOf(';');
    const first = semi < 0 ? cookie : cookie.slice(0, semi);
    const eq = first.indexOf('=');
    if (eq < 0) return cookie;
    const name = first.slice(0, eq).trim();
    const v = first.slice(eq + 1).trim();
    return (
      first.slice(0, eq + 1) +
      cookieValue(p, name, v, `${path}{${name}}`) +
      (semi < 0 ? '' : cookie.slice(semi))
    );
  };
  return value
    .split('\n')
    .map((line) => {
      if (!FOLDED_COOKIE.test(line)) return one(line);
      const cookies: string[] = [];
      for (const part of line.split(FOLDED_COOKIE)) {
        const last = cookies.length - 1;
        const prev = cookies[last];
        const name = prev?.slice(0, Math.max(0, prev.indexOf('='))).trim();
        // (A quote left open is a value's own comma: `prefs="tk=…, v=1"`.)
        if (prev !== undefined && (oddQuotes(prev) || (!prev.includes(';') && CREDENTIAL_COOKIE.test(name!))))
          cookies[last] = `${prev},${part}`;
        else cookies.push(part);
      }
      return cookies.map(one).join(',');
    })
    .join('\n');
}

/** Authorization-style value: the scheme stays (support needs to know it was Bearer), the credential goes. */
function credentialValue(
  p: Pass,
  name: string,
  value: string,
  d: NonNullable<ReturnType<Pass['decide']>>,
  path: string,
) {
  const m = AUTH_SCHEME.exec(value);
  if (!m) return linkUnderName(p, value, d, name, path, 0) ?? p.named(value, d, 'header', name, path);
  const cred = value.slice(m[0].length);
  if (!cred) return value;
  if (m[1].toLowerCase() === 'basic') {
    const bytes = base64Decode(cred.trim());
    const text = bytes && utf8DecodeStrict(bytes);
    if (text && text.includes(':')) {
      const pass = text.slice(text.indexOf(':') + 1);
      if (pass) p.remember(pass, 'basic-auth-password');
      p.remember(text, 'basic-auth');
    }
  }
  return m[0] + p.named(cred, d, 'header', name, path);
}

/** Kubernetes' WebSocket bearer: the token, base64url-encoded, after this subprotocol prefix. */
const K8S_BEARER = 'base64url.bearer.authorization.k8s.io.';
/** A subprotocol that says the next one is a credential (`Sec-WebSocket-Protocol: access_token, <token>`). */
const CREDENTIAL_PROTOCOL = /^(?:access[_-]?token|token|bearer|auth(?:orization)?|jwt)$/i;

/**
 * `Sec-WebSocket-Protocol`: browsers cannot set headers on a WebSocket, so apps pass a token as a
 * subprotocol (Kubernetes' `base64url.bearer.authorization.k8s.io.<token>`, or a credential word
 * followed by the token). The token goes; the real subprotocols (`v4.channel.k8s.io`) stay.
 */
function websocketProtocols(p: Pass, value: string, path: string): string {
  const d = p.decide('header', 'authorization');
  let credentialNext = false;
  return value
    .split(',')
    .map((part) => {
      const item = part.trim();
      const lead = part.slice(0, part.length - part.trimStart().length);
      const tail = part.slice(lead.length + item.length);
      let next = item;
      if (d && item.startsWith(K8S_BEARER) && item.length > K8S_BEARER.length) {
        const token = item.slice(K8S_BEARER.length);
        const bytes = base64Decode(token);
        const decoded = bytes && utf8DecodeStrict(bytes);
        if (decoded) p.remember(decoded, d.rule.label ?? 'header:authorization');
        next = K8S_BEARER + p.named(token, d, 'header', 'sec-websocket-protocol', path);
      } else if (d && credentialNext && item)
        next = p.named(item, d, 'header', 'sec-websocket-protocol', path);
      else next = scrubRecurringText(p, item, path, 'sec-websocket-protocol');
      credentialNext = CREDENTIAL_PROTOCOL.test(item);
      return lead + next + tail;
    })
    .join(',');
}

export function processHeaders(p: Pass, headers: Header[] | undefined, path: string): Header[] {
  if (!Array.isArray(headers)) return headers as unknown as Header[];
  const out: Header[] = [];
  headers.forEach((h) => {
    if (!h || typeof h !== 'object' || typeof h.value !== 'string' || typeof h.name !== 'string') {
      out.push(h);
      return;
    }
    const lname = h.name.toLowerCase();
    const hpath = `${path}[${lname}]`;
    let value = h.value;
    if (lname === 'cookie') value = cookieHeader(p, value, hpath);
    else if (lname === 'set-cookie') value = setCookieHeader(p, value, hpath);
    else if (lname === 'sec-websocket-protocol') value = websocketProtocols(p, value, hpath);
    else {
      const d = p.decide('header', h.name);
      if (d?.action === 'remove') {
        p.named(value, d, 'header', lname, hpath);
        return;
      }
      if (d) value = value ? credentialValue(p, lname, value, d, hpath) : value;
      else if (URL_HEADERS.has(lname) || lname === ':path') value = processUrl(p, value, hpath);
      else if (lname === 'link') value = linkHeader(p, value, hpath);
      else value = scrubRecurringText(p, value, hpath, lname);
    }
    out.push(value === h.value ? h : { ...h, value });
  });
  return out;
}

export function processCookies(p: Pass, cookies: Cookie[] | undefined, path: string): Cookie[] {
  if (!Array.isArray(cookies)) return cookies as unknown as Cookie[];
  return cookies.map((c) => {
    if (!c || typeof c !== 'object' || typeof c.value !== 'string') return c;
    const name = String(c.name ?? '');
    const value = cookieValue(p, name, c.value, `${path}[${name}]`);
    return value === c.value ? c : { ...c, value };
  });
}

export function processQueryString(p: Pass, qs: QueryString[] | undefined, path: string): QueryString[] {
  if (!Array.isArray(qs)) return qs as unknown as QueryString[];
  return qs.map((q) => {
    if (!q || typeof q !== 'object' || typeof q.value !== 'string') return q;
    const name = String(q.name ?? '');
    // `?sk_live_…`: an item without `=` is listed as a name with no value.
    if (!q.value && name.length >= BARE_TOKEN) {
      const where = `${path}[${name.length}-character item]`;
      let next = scrubRecurringText(p, name, where);
      // One opaque token as the whole query, as the URL's reader judges it.
      if (next === name && name.length >= 32) next = p.opaqueWord(name, where);
      return next === name ? q : { ...q, name: next };
    }
    const d = p.decide('query', name);
    let value: string;
    if (d)
      value = q.value
        ? (linkUnderName(p, q.value, d, name, `${path}[${name}]`, 1) ??
          p.named(q.value, d, 'query', name, `${path}[${name}]`))
        : q.value;
    else value = scrubParamValue(p, q.value, name, `${path}[${name}]`, 1);
    return value === q.value ? q : { ...q, value };
  });
}
