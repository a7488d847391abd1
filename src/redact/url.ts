import type { Pass } from './context';
import { writeParamValue } from './reencode';
import { linkUnderName, provideUrlReader } from './url-reader';
import { lastMemo } from '../util/bounded-set';
import {
  applyDetectors,
  plusAsSpace,
  safeDecode,
  scrubFlat,
  scrubJson,
  scrubRecurringText,
  scrubText,
  throughBase64Text,
} from './text';

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:)?(\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?(#[\s\S]*)?$/;

/** Path segments after one of these may be a bearer credential (reset links, magic links, invites). */
const CREDENTIAL_SEGMENTS = new Set(
  [
    'reset',
    'resetpassword',
    'passwordreset',
    'password',
    'forgot',
    'recover',
    'recovery',
    'token',
    'tokens',
    'verify',
    'verification',
    'confirm',
    'confirmation',
    'invite',
    'invites',
    'invitation',
    'magic',
    'magiclink',
    'activate',
    'activation',
    'unsubscribe',
    'login',
    'signin',
    'sso',
    'auth',
    'session',
    'sessions',
    'share',
    'shared',
    // Share links: `/s/<token>` (Box, Dropbox, document and file-sharing apps). A single letter
    // never makes a URL a sign-in flow (isAuthUrl); only a random segment after it goes.
    's',
    'download',
    'dl',
    'ticket',
    'secret',
    'secrets',
    'otp',
    // PagerDuty's `events.pagerduty.com/integration/<key>/enqueue`: the key lets anyone page.
    'integration',
    // Two-factor set-up and recovery (`/account/mfa/recovery-codes`).
    'mfa',
    '2fa',
    'twofactor',
    'recoverycodes',
    'backupcodes',
    'key',
    'apikey',
    'accesstoken',
    'claim',
    'onetime',
    'email-verify',
    'emailverify',
    'verifyemail',
    'invitations',
    'magiclinks',
    'passwordresets',
    'resets',
    'tickets',
    'shares',
    'downloads',
    'keys',
    'setpassword',
    'changepassword',
    'callback',
    'webhook',
    'webhooks',
    'webhookb2',
    'incomingwebhook',
    'hooks',
  ].map((s) => s.replace(/[-_]/g, '')),
);

function looksRandom(seg: string): boolean {
  if (seg.length < 16 || !/^[A-Za-z0-9._~+=-]+$/.test(seg)) return false;
  const classes = +/[a-z]/.test(seg) + +/[A-Z]/.test(seg) + +/\d/.test(seg);
  return classes >= 2 && /\d/.test(seg);
}

const AUTH_QUERY_NAMES =
  /(?:^|[?&#])(?:redirect_uri|response_type|client_id|grant_type|code_verifier|code_challenge|SAMLRequest|SAMLResponse|oauth_token|id_token|access_token)=/i;

/** Every word isAuthUrl looks for contains one of these (a cheap first test). */
const AUTH_HINT =
  /redirect_uri|response_type|client_id|grant_type|code_|saml|oauth|id_token|access_token|reset|pass|forgot|recover|token|verif|confirm|invit|magic|activat|unsubscribe|login|signin|sso|auth|session|share|download|dl|ticket|secret|otp|key|claim|onetime|callback|hook|integration|mfa|2fa|twofactor|codes/i;

/**
 * Whether a URL belongs to a sign-in flow: OAuth/SAML parameters, or a path segment that carries
 * credentials (`/oauth/callback`, `/reset/…`, `/login`). Its last answer is kept: an entry's URL
 * is asked about twice in a row (the entry, then its request's URL).
 */
export const isAuthUrl = lastMemo(judgeAuthUrl);

function judgeAuthUrl(url: string): boolean {
  if (!AUTH_HINT.test(url)) return false;
  const u = splitUrl(url);
  if (!u) return false;
  if (AUTH_QUERY_NAMES.test(u.query) || AUTH_QUERY_NAMES.test(u.fragment)) return true;
  return u.path
    .split('/')
    .some(
      (seg) => seg.length > 1 && CREDENTIAL_SEGMENTS.has(safeDecode(seg).toLowerCase().replace(/[-_.]/g, '')),
    );
}

export function splitUrl(url: string) {
  const m = URL_PARTS.exec(url);
  if (!m) return null;
  return {
    scheme: m[1] ?? '',
    authority: m[2] !== undefined ? m[3] : undefined,
    path: m[4] ?? '',
    query: m[5] ?? '',
    fragment: m[6] ?? '',
  };
}

/** Host and path of a URL, for scoped rules. */
export function hostAndPath(url: string): { host: string; path: string } {
  const u = splitUrl(url);
  if (!u || u.authority === undefined) return { host: '', path: u?.path ?? '' };
  const hostport = u.authority.slice(u.authority.lastIndexOf('@') + 1);
  const host = hostport.startsWith('[')
    ? hostport.slice(0, hostport.indexOf(']') + 1)
    : hostport.split(':')[0];
  return { host: host.toLowerCase(), path: u.path };
}

/**
 * Redacts a URL part by part: userinfo, path segments that carry credentials, query and fragment
 * parameters (by name, then by value), keeping everything else byte for byte.
 */
export function processUrl(p: Pass, whole: string, path: string, depth = 0): string {
  const outer = p.authContext;
  p.authContext = outer || isAuthUrl(whole);
  try {
    return readUrl(p, whole, path, depth);
  } finally {
    p.authContext = outer;
  }
}

/** URLs inside URLs (`?next=https://…?x=https://…`) are read as URLs this deep; deeper, flat. */
export const MAX_URL_DEPTH = 8;

function readUrl(p: Pass, whole: string, path: string, depth: number): string {
  // Deeper than any real redirect chain: the rest is read flat, each `name=value` by its name and
  // the detectors over the whole, without recursion (no stack overflow, no quadratic work).
  if (depth > MAX_URL_DEPTH) return scrubFlat(p, whole, path);
  // Some formats are whole URLs (Slack, Discord, Teams webhooks; a bot token after api.telegram.org):
  // the detectors see the URL as one string first. Placeholders go in percent-encoded, so the
  // URL's structure stays intact for the part-by-part pass below.
  // Only up to the query: parameters are judged below, by their names first (better labels).
  const cut = whole.search(/[?#]/);
  const head = cut < 0 ? whole : whole.slice(0, cut);
  // Userinfo is handled below (`user:p%40ss@host` is no e-mail address): spans that end inside the
  // authority are left to that, spans over host and path (a webhook URL) or in the path are kept.
  const slashes = head.indexOf('//');
  const pathStart = slashes < 0 ? 0 : head.indexOf('/', slashes + 2);
  const authorityEnd = pathStart < 0 ? head.length : pathStart;
  const url =
    head.length >= 24
      ? applyDetectors(p, head, path, undefined, encodeURIComponent, (_, end) => end > authorityEnd) +
        whole.slice(head.length)
      : whole;
  const u = splitUrl(url);
  if (!u) return scrubText(p, url, path, undefined, depth + 1);
  let authority = u.authority;
  if (authority !== undefined) {
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(':');
      let next: string;
      if (colon >= 0) {
        const pass = safeDecode(userinfo.slice(colon + 1));
        next = pass
          ? userinfo.slice(0, colon + 1) +
            encodeURIComponent(p.engineSecret(pass, 'url-password', `${path}(userinfo)`))
          : userinfo;
      } else {
        next = encodeURIComponent(p.engineSecret(safeDecode(userinfo), 'url-userinfo', `${path}(userinfo)`));
      }
      authority = next + authority.slice(at);
    }
  }
  const newPath = processPath(p, u.path, `${path}(path)`, depth);
  const query = u.query ? '?' + processParams(p, u.query.slice(1), path, depth) : '';
  let fragment = u.fragment;
  if (fragment.length > 1) {
    const body = fragment.slice(1);
    // `#/reset/<token>` (hash routing) is a path; `#access_token=…` a parameter list.
    const hashPath = /^!?\//.exec(body);
    if (hashPath) {
      const q = body.indexOf('?');
      const route = q < 0 ? body : body.slice(0, q);
      const params = q < 0 ? '' : '?' + processParams(p, body.slice(q + 1), path + '#', depth);
      fragment = '#' + processPath(p, route, `${path}#(path)`, depth) + params;
    } else {
      fragment =
        '#' +
        (body.includes('=')
          ? processParams(p, body, path + '#', depth)
          : encodeIfChanged(p, body, path + '#', depth));
    }
  }
  return u.scheme + (authority !== undefined ? '//' + authority : '') + newPath + query + fragment;
}

/**
 * ASP.NET's cookieless session and forms ticket in the path (`/(S(<session>)F(<ticket>))/page.aspx`):
 * each value in the parentheses is the cookie it stands in for.
 */
const COOKIELESS = /^\((?:[A-Z]\([^()]{8,}\))+\)$/;
/** cPanel's and WHM's session in the path (`/cpsess8765432109/frontend/…`): the number is the session. */
const CPANEL_SESSION = /^cpsess\d{6,}$/;

/**
 * Path segments: a random-looking segment within two segments after a credential word
 * (`/reset/<token>`, `/invitations/<id>/<token>`) goes; every longer segment is scanned by the
 * detectors (a JWT or an e-mail in a path). Other segments, ids included, stay byte for byte.
 */
function processPath(p: Pass, pathText: string, where: string, depth: number): string {
  const segments = pathText.split('/');
  let changed = false;
  let sinceCredential = Infinity;
  for (let i = 0; i < segments.length; i++) {
    const raw = segments[i];
    if (!raw) continue;
    const seg = safeDecode(raw);
    let next = seg;
    if (sinceCredential <= 2 && looksRandom(seg)) {
      next = p.engineSecret(seg, 'url-path-token', where);
    } else if (CPANEL_SESSION.test(seg)) {
      next = 'cpsess' + p.engineSecret(seg.slice(6), 'url-session', where);
    } else if (COOKIELESS.test(seg)) {
      next = seg.replace(/\(([^()]+)\)/g, (_, v: string) => `(${p.engineSecret(v, 'url-session', where)})`);
    } else if (seg.length >= 8 && !/^\d+$/.test(seg)) {
      // (A number in a path is an id, even one that passes Luhn: no card goes in a path.)
      next = scrubRecurringText(p, seg, where, undefined, Math.max(depth, 2));
      if (next === seg && seg.length >= 16) next = base64JsonSegment(p, seg, where);
    }
    if (next !== seg) {
      segments[i] = encodeURIComponent(next);
      changed = true;
    }
    sinceCredential = CREDENTIAL_SEGMENTS.has(seg.toLowerCase().replace(/[-_.]/g, ''))
      ? 1
      : sinceCredential + 1;
  }
  return changed ? segments.join('/') : pathText;
}

/**
 * A segment that is base64 of JSON (LaunchDarkly's `/contexts/<base64url {"email": …}>`): read as
 * JSON, written back in the same alphabet. (Segments are read too shallow for base64 in general.)
 */
function base64JsonSegment(p: Pass, seg: string, where: string): string {
  if (!/^eyJ|^W3s|^WyJ/.test(seg) || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(seg)) return seg;
  return throughBase64Text(seg, true, (json) => scrubJson(p, json, `${where}(base64)`));
}

function encodeIfChanged(p: Pass, raw: string, path: string, depth: number, query = false): string {
  const decoded = safeDecode(raw);
  let next = scrubText(p, decoded, path, undefined, depth + 1);
  // A query that is one opaque token (`/cb?dl1ZzMstTJiQ…`, a magic link's) has no name to go by
  // (a fragment is a page's anchor far more often).
  if (query && next === decoded && decoded.length >= 32) next = p.opaqueWord(decoded, path);
  return next === decoded ? raw : encodeURIComponent(next);
}

/** A query item without `=` this long is read as text: it may be a token passed alone. */
export const BARE_TOKEN = 16;

/** `a=1&b=2` (query, fragment or form body): values under secret names go, others are scanned. */
export function processParams(p: Pass, text: string, path: string, depth: number, form = false): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      // A bare item: read decoded when it holds an escape (`?token%3D…`, its `=` encoded) or is as
      // long as a token (`?sk_live_…`, a key passed as the whole query).
      if (eq < 0)
        return pair.length < 8 || (pair.length < BARE_TOKEN && !pair.includes('%'))
          ? pair
          : encodeIfChanged(p, pair, path, depth, true);
      const rawName = pair.slice(0, eq);
      const rawValue = pair.slice(eq + 1);
      const name = safeDecode(plusAsSpace(rawName));
      const value = safeDecode(plusAsSpace(rawValue));
      const d = form ? (p.decide('field', name) ?? p.decide('query', name)) : p.decide('query', name);
      if (d) {
        if (!value) return pair;
        const link = linkUnderName(p, value, d, name, `${path}?${name}`, depth + 1);
        if (link !== null) return link === value ? pair : `${rawName}=${encodeURIComponent(link)}`;
        const rep = p.named(value, d, form ? 'field' : 'query', name, `${path}?${name}`);
        return rep === value ? pair : `${rawName}=${encodeURIComponent(rep)}`;
      }
      if (value.length < 5) return pair;
      const next = scrubParamValue(p, value, name, `${path}?${name}`, depth + 1);
      return next === value ? pair : `${rawName}=${writeParamValue(rawValue, value, next)}`;
    })
    .join('&');
}

/** A parameter list starts with a name (`a=1&b=2`). */
const PARAM_LIST = /^[\w.%[\]-]+=/;

/** A parameter value whose name is not secret: a nested URL, a nested parameter list, or text. */
export function scrubParamValue(p: Pass, value: string, name: string, path: string, depth: number): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return processUrl(p, value, path, depth);
  // Markup with entities (`<div data-x="&quot;…`) holds `=` and `&` too, and is text.
  if (PARAM_LIST.test(value) && value.includes('&')) return processParams(p, value, path, depth);
  return scrubRecurringText(p, value, path, name.toLowerCase(), depth);
}

provideUrlReader(processUrl);
