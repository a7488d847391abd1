/**
 * gitleaks' `generic-api-key` flags any `…key/token/secret/auth… = <value with entropy>`. Inside
 * HAR bodies that also hits identifiers that are not credentials and that a support engineer
 * needs intact. These checks run after gitleaks' own allowlists, for the generic rule only.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A dotted version anywhere: release ids like web-2024.11.3-d67326b, 1.24.0-rc.1.
const VERSION = /\d+\.\d+\.\d+/;
// Stripe-style typed object ids: req_…, ws_…, cus_…, evt_…. Prefixes that mean a credential stay.
const PREFIXED_ID = /^([a-z]{1,8})_[A-Za-z0-9]{6,40}$/;
const SECRET_PREFIXES = new Set([
  'sk', 'rk', 'key', 'secret', 'token', 'tok', 'pat', 'api', 'sec', 'priv', 'private', 'auth',
  'access', 'refresh', 'sess', 'session', 'cred', 'pwd', 'pass', 'shpat', 'shpss',
]); // prettier-ignore
// CSS-module / BEM class names: alphabetic parts, then at most a short hash (Button_primary__x7Yz2).
const CSS_CLASS = /^[A-Za-z][A-Za-z]*(?:(?:__?|--?)[A-Za-z][A-Za-z]*)*(?:__?|--?|___)[A-Za-z0-9]{3,8}$/;
// JS member paths: window.authConfig.tokenUrl2.
const JS_PATH = /^[A-Za-z_$][A-Za-z_$]*\d{0,2}(?:\.[A-Za-z_$][A-Za-z_$]*\d{0,2})+$/;
// Names whose values identify objects or content rather than grant access.
const ID_NAME = /(?:^|[_.-]|[a-z0-9])(?:id|Id|ID|ids|Ids|IDs)$/;
const HARMLESS_NAME =
  /hash|etag|digest|checksum|integrity|cache|asset|build|commit|revision|version|release|nonce|request|trace|span|correlation|websocket|publishable|public|sitekey|site[_-]key/i;

// …unless the name also says it holds a credential (requestToken, cacheSecret).
const SECRET_NAME = /token|secret|passw|pwd|cred|session|auth(?!or)/i;

// Where the next page starts (`pageToken`, `NextToken`, `ContinuationToken`, `next_sync_token`):
// bound to the query, no one signs in with it (the name rules keep these names too).
const PAGE_TOKEN = /(?:page|next|prev(?:ious)?|continuation|pagination|sync|skip|cursor)[_-]?token$/i;

const LIST_ITEM = /^[\w. \t-]*["']\s*,/;
const LIST_PAIR_NAME = /(?:key|token|secret|passw(?:or)?d|pwd|auth|authorization|credentials?)["']\s*,/i;

/** The identifier the value was assigned to: the leading name of the (widened) match. */
function nameOf(match: string): string {
  const m = /^[\w.-]+/.exec(match);
  return m ? m[0] : '';
}

export function isHarmlessGenericValue(secret: string, match: string, key: string | undefined): boolean {
  // `"…Key…", "value"`: one string after another in a list, not an assignment, unless the first
  // one is a credential's name (`["x-api-key", "…"]` header pairs).
  if (LIST_ITEM.test(match) && !LIST_PAIR_NAME.test(match)) return true;
  if (UUID.test(secret) || VERSION.test(secret) || JS_PATH.test(secret) || CSS_CLASS.test(secret))
    return true;
  const p = PREFIXED_ID.exec(secret);
  if (p && !SECRET_PREFIXES.has(p[1])) return true;
  for (const name of [nameOf(match), key ?? '']) {
    if (!name) continue;
    if (ID_NAME.test(name) && !/session/i.test(name)) return true;
    if (PAGE_TOKEN.test(name)) return true;
    if (HARMLESS_NAME.test(name) && !SECRET_NAME.test(name)) return true;
  }
  return false;
}
