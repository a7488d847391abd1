import { boundedMemo } from '../util/bounded-set';
import { NONE } from './empty';
import { shannonEntropy } from './entropy';
import type { Detection, DetectContext, DetectorFamily } from './types';
import { base64DecodeLatin1 } from '../util/bytes';

/**
 * A random-looking value under a name that ends like a credential's (`refreshKey`, `client_key`,
 * `oauth_code`, `nonce`, `salt`): name lists cannot know every app's names, but such a pair is a
 * credential far more often than not. Both halves are required, so `objectKey: "uploads/a.pdf"`,
 * `sortKey: "updated_at"`, `statusCode: "E_DENIED"` and UUID identifiers stay; so do keys and codes
 * a name says are public or no credential (`stripePublishableKey`, `recaptchaSiteKey`,
 * `trackingCode`, `productCode`, `embedCode`, a campaign's `promoCode`), whichever way the name is
 * cased (names arrive lower-cased). A product's key, a gift card's code (`gift_card_promo_code`)
 * and an embed key are bearer values: they still go.
 */
const KEY_SUFFIX = /(?:key|code|nonce|salt|seed|sig|verifier|assertion)$/;
const NOT_SECRET_KEY =
  /(?:^|[_.-])(?:sort|partition|primary|foreign|object|s3|cache|hot|i18n|translation|idempotency|zip|post|postal|country|currency|status|error|area|language|lang|locale|region|color|colour|websocket|site)[_.-]?(?:key|code)$|(?:public|publishable|captchasite|turnstilesite|tracking|applicationserver|vapid)[_.-]?(?:key|code)$|(?:product|embed)[_.-]?code$|(?<!card[_.-]?)promo(?:tion)?[_.-]?code$/;
/**
 * Keys that are public by design, under whatever name an app gives them (`stripeKey`, Mapbox's
 * `access_token=`): Stripe's publishable keys (`pk_live_…`, `pk_test_…`), which every checkout page
 * serves, and Mapbox's public tokens (`pk.eyJ…`), which every map page does.
 */
export const PUBLIC_KEY_VALUE =
  /^(?:pk_(?:live|test)_[A-Za-z0-9]{24,}|pk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,})$/;
const TOKEN = /^[A-Za-z0-9._~+/=-]{16,512}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function looksRandom(v: string): boolean {
  if (!TOKEN.test(v) || UUID.test(v) || v.includes('://') || PUBLIC_KEY_VALUE.test(v)) return false;
  // `tenants/t_1/uploads/deck.pdf` is a path; base64 with `/` shows `+` or padding too.
  if (v.includes('/') && !v.includes('+') && !v.endsWith('=')) return false;
  if (/^[a-z]+(?:[_.-][a-z]+)*$/i.test(v)) return false; // words: `updated_at`, `read.write`
  const classes = +/[a-z]/.test(v) + +/[A-Z]/.test(v) + +/\d/.test(v);
  return classes >= 2 && /\d/.test(v);
}

/**
 * A whole field value (a header, parameter, JSON or form value: the caller names the field) that is
 * one long opaque token: 32+ characters with upper case, lower case and digits, near-random
 * (entropy ≥ 4.2 bits per character), not hex, not a UUID, not base64 of readable text. Ids are
 * shorter (UUIDs, ULIDs, `usr_…`, Mongo ids) or structured; 32+ random characters under a name we do
 * not know (`rt`, `t`, `X-Globex-Tenant`) are a credential more often than not. Names that say the
 * value is public (`publishableKey`, a captcha's `data-sitekey`) or a hash (`sha-256=` in a `Digest`)
 * are not unknown.
 */
const OPAQUE = /^[A-Za-z0-9._~+/=-]{32,1024}$/;
const NOT_OPAQUE_KEY =
  /(?:request|trace|correlation|span|parent|etag|integrity|checksum|digest|hash|version|cursor|page|next|prev|id-2|boundary|file|path|url|uri|href|src|title|description|public|publishable|sitekey|site-key|site_key|marker|continuation|skiptoken|skip_token|cache|applicationserver|vapid)|(?:^|[-_.])(?:ids?|after|before)$|[a-z]ids?$|^(?:sha-?\d+|md5)$/;

/** A member path of identifiers (`PBES2Algorithms.keyDerivationFunc`, `AnalyticsV2.trackPageView`). */
const JS_MEMBER = /^[A-Za-z_$][A-Za-z_$]*\d{0,3}[A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*\d{0,3}[A-Za-z_$]*)+$/;
/** A digest written with its algorithm (`sha384-…` in an SRI attribute, `sha256:…`). */
const DIGEST_VALUE = /^(?:sha-?\d{1,3}|md5)[-:=]/i;
/** Base64 of an image or a font (PNG, JPEG, GIF, WebP, WOFF, WOFF2): media, not a key. */
const MEDIA_BASE64 = /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|d09GRg|d09GMg)/;

/**
 * Eight characters in alphabetical order (`ABCDEFGH`, `01234567`): an alphabet written out (a
 * base64 or base62 table in a script), never a random draw (one in 10^13 or so per place).
 */
function hasAlphabetRun(v: string): boolean {
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    if (v.charCodeAt(i) === v.charCodeAt(i - 1) + 1) {
      if (++run >= 8) return true;
    } else run = 1;
  }
  return false;
}

export function isOpaqueToken(v: string): boolean {
  if (!OPAQUE.test(v) || UUID.test(v) || /^[0-9a-f]+$/i.test(v) || PUBLIC_KEY_VALUE.test(v)) return false;
  if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/\d/.test(v)) return false;
  if (v.includes('/') && !v.includes('+') && !v.endsWith('=')) return false;
  if (shannonEntropy(v) < 4.2 || hasAlphabetRun(v)) return false;
  // Names, digests and media: `PBES2Algorithms.keyDerivationFunc`, `sha384-…`, a PNG's base64.
  if (JS_MEMBER.test(v) || DIGEST_VALUE.test(v) || MEDIA_BASE64.test(v)) return false;
  // base64 of readable text (a cursor, a Shopify gid, a JSON state) is structure, judged once decoded.
  const bin = /^[A-Za-z0-9+/_-]+=*$/.test(v) ? base64DecodeLatin1(v) : null;
  if (bin && /^[\x20-\x7e\s]+$/.test(bin)) return false;
  // An SSH public key's blob (`AAAAC3NzaC1lZDI1NTE5…` beside `ssh-ed25519`): public by design.
  if (bin && bin.startsWith('\0\0\0') && /^(?:ssh-|ecdsa-|sk-)/.test(bin.slice(4))) return false;
  return true;
}

/**
 * An HMAC of the user's identity that a support widget checks (Intercom's `user_hash`, Crisp's,
 * Chatwoot's `identifier_hash`, `email_hash` signatures): whoever holds it can speak as that user.
 * Content hashes (`file_hash`, `commit_hash`, `contentHash`) are not on the list and stay.
 */
const IDENTITY_HASH_KEY =
  /(?:^|[_.-]|[a-z])(?:user|identity|identifier|visitor|customer|member|account|contact|email|verification|secure|hmac|signed|auth)[_.-]?(?:hash|hmac|digest)$|^hmac$/;
const HASH_VALUE = /^(?:[0-9a-f]{32,128}|[0-9A-F]{32,128}|[A-Za-z0-9+/_-]{27,88}={0,2})$/;
/**
 * Anti-forgery tokens under names no list holds: SharePoint's form digest (`X-RequestDigest:
 * 0x1A2B…,06 Dec 2026 10:00:00 -0000`), ASP.NET's `RequestVerificationToken`, `X-Anti-Forgery`.
 * (Content digests — `Digest`, `Content-Digest`, `X-Amz-Content-Sha256` — hash a public body; they stay.)
 */
const ANTI_FORGERY_KEY =
  /request-?digest|form-?digest|anti-?forgery|antiforgery|verification-?token|csrf|xsrf/;

function isRandomHash(v: string): boolean {
  if (!HASH_VALUE.test(v) || UUID.test(v)) return false;
  return /\d/.test(v) && /[a-z]/i.test(v) && shannonEntropy(v) >= 3.2;
}

/** What a field name allows, by the tests above (worked out once per name: names repeat). */
interface KeyKinds {
  identityHash: boolean;
  antiForgery: boolean;
  keyedSecret: boolean;
  opaque: boolean;
  googleId: boolean;
}

/**
 * A YouTube playlist's id under `list` (`watch?v=…&list=PL…`: `PL` and 16 or 32 characters), a
 * Google Drive file's or document's under a name of one (`1` and 32 or 43 characters): ids of what
 * a page shows, by both their name and their shape (either alone is a random token's one time in
 * some thousands).
 */
const GOOGLE_ID_KEY =
  /^(?:list|playlist|playlist[_.-]?id)$|(?:^|[_.-])(?:resource|doc|document|drive|sheet|spreadsheet|folder)$/;
const GOOGLE_ID = /^(?:PL[A-Za-z0-9_-]{16}|PL[A-Za-z0-9_-]{32}|1[A-Za-z0-9_-]{32}|1[A-Za-z0-9_-]{43})$/;
const kindsOf = boundedMemo((rawKey: string): KeyKinds => {
  const key = rawKey.toLowerCase();
  return {
    identityHash: IDENTITY_HASH_KEY.test(key),
    antiForgery: ANTI_FORGERY_KEY.test(key),
    keyedSecret: KEY_SUFFIX.test(key) && !NOT_SECRET_KEY.test(key),
    opaque: !NOT_OPAQUE_KEY.test(key),
    googleId: GOOGLE_ID_KEY.test(key),
  };
});

export const keyedFamily: DetectorFamily = {
  id: 'keyed',
  detectors: ['keyed-secret', 'opaque-token', 'identity-hash', 'anti-forgery-token'],
  detect(text: string, ctx: DetectContext): Detection[] {
    if (!ctx.key || text.length < 16 || text.length > 1024) return NONE;
    const k = kindsOf(ctx.key);
    if (!k.identityHash && !k.antiForgery && !k.keyedSecret && !k.opaque) return NONE;
    const t = text.trim();
    const start = text.indexOf(t);
    if (k.identityHash && isRandomHash(t))
      return [{ start, end: start + t.length, detector: 'identity-hash', label: 'identity-hash' }];
    if (k.antiForgery && /\d/.test(t) && /[a-z]/i.test(t) && shannonEntropy(t) >= 3.2)
      return [{ start, end: start + t.length, detector: 'anti-forgery-token', label: 'anti-forgery-token' }];
    if (k.keyedSecret && looksRandom(t))
      return [{ start, end: start + t.length, detector: 'keyed-secret', label: 'keyed-secret' }];
    if (k.opaque && isOpaqueToken(t) && !(k.googleId && GOOGLE_ID.test(t)))
      return [{ start, end: start + t.length, detector: 'opaque-token', label: 'opaque-token' }];
    return NONE;
  },
};
