import { NONE } from './empty';
import { shannonEntropy } from './entropy';
import { findKeywords, hasKeyword, keywordId } from './keywords';
import type { Detection, DetectorFamily } from './types';

/**
 * Bearer tokens with a fixed, documented prefix that gitleaks' rule set does not cover (or covers
 * only next to a keyword): they are secret wherever they stand, and HARs are full of them —
 * Google OAuth access and refresh tokens in every Google API call, Facebook Graph tokens, OpenAI
 * project keys, Stripe webhook secrets, Google OAuth client secrets.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/**
 * `prefix` is found by `indexOf` (case-sensitive) and `re` runs at the token's start: the prefix's
 * position, or `back` characters before it when the distinctive part stands inside the token
 * (`…:APA91b…`).
 */
const FORMATS: { id: string; prefix: string; re: RegExp; back?: number }[] = [
  { id: 'google-oauth-access-token', prefix: 'ya29.', re: /ya29\.[0-9A-Za-z_-]{20,2048}/y },
  { id: 'google-oauth-refresh-token', prefix: '1//0', re: /1\/\/0[0-9A-Za-z_-]{30,512}/y },
  { id: 'google-oauth-client-secret', prefix: 'GOCSPX-', re: /GOCSPX-[0-9A-Za-z_-]{24,64}/y },
  { id: 'facebook-access-token', prefix: 'EAA', re: /EAA[A-Za-z0-9]{2}[A-Za-z0-9]{60,1024}/y },
  { id: 'openai-project-key', prefix: 'sk-', re: /sk-(?:proj|svcacct|admin)-[0-9A-Za-z_-]{40,512}/y },
  // DeepSeek and other OpenAI-compatible APIs: `sk-` and 32 hex digits.
  { id: 'sk-hex-api-key', prefix: 'sk-', re: /sk-[0-9a-f]{32}/y },
  { id: 'stripe-webhook-secret', prefix: 'whsec_', re: /whsec_[0-9A-Za-z+/]{24,128}={0,2}/y },
  // gitleaks knows the next ones only beside the vendor's name; their prefixes say it alone.
  { id: 'supabase-access-token', prefix: 'sbp_', re: /sbp_[0-9a-f]{40}/y },
  { id: 'supabase-secret-key', prefix: 'sb_secret_', re: /sb_secret_[0-9A-Za-z_-]{24,64}/y },
  { id: 'hubspot-private-app-token', prefix: 'pat-', re: new RegExp(`pat-(?:na|eu|ap)\\d-${UUID}`, 'y') },
  { id: 'new-relic-user-api-key', prefix: 'NRAK-', re: /NRAK-[A-Z0-9]{27}/y },
  { id: 'new-relic-insert-key', prefix: 'NRII-', re: /NRII-[A-Za-z0-9_-]{32}/y },
  { id: 'mailgun-api-key', prefix: 'key-', re: /key-[0-9a-f]{32}/y },
  { id: 'buildkite-api-token', prefix: 'bkua_', re: /bkua_[0-9a-f]{40}/y },
  { id: 'sonarqube-token', prefix: 'squ_', re: /squ_[0-9a-f]{40}/y },
  { id: 'sonarqube-token', prefix: 'sqp_', re: /sqp_[0-9a-f]{40}/y },
  { id: 'sonarqube-token', prefix: 'sqa_', re: /sqa_[0-9a-f]{40}/y },
  // PayPal and Braintree access tokens: `access_token$production$<merchant>$<secret>`.
  {
    id: 'paypal-access-token',
    prefix: 'access_token$',
    re: /access_token\$(?:production|sandbox)\$[0-9A-Za-z]{16}\$[0-9a-f]{32}/y,
  },
  // Firebase Cloud Messaging's legacy server key: `AAAA<7>:APA91b<130+>`.
  {
    id: 'fcm-server-key',
    prefix: ':APA91b',
    re: /AAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{100,}/y,
    back: 11,
  },
  // LaunchDarkly server SDK keys and API access tokens (client-side ids are plain hex, public).
  { id: 'launchdarkly-key', prefix: 'sdk-', re: new RegExp(`sdk-${UUID}`, 'y') },
  { id: 'launchdarkly-key', prefix: 'api-', re: new RegExp(`api-${UUID}`, 'y') },
];
const IDS = [...new Set(FORMATS.map((f) => f.id)), 'telegram-bot-token', 'live-test-key'];
// The shared keyword pass (keywords.ts) tells which prefixes occur in any case: most text has none.
// Keyword id -> the formats it starts: a text pays for the prefixes it holds, not for the list.
const FORMATS_OF_KEYWORD: (typeof FORMATS)[] = [];
for (const f of FORMATS) (FORMATS_OF_KEYWORD[keywordId(f.prefix.toLowerCase())] ??= []).push(f);
const KW_TELEGRAM = keywordId(':aa');
const KW_LIVE = keywordId('_live_');
const KW_TEST = keywordId('_test_');
/**
 * `<vendor>_live_<random>` / `<vendor>_test_<random>`: the secret-key convention Stripe made common
 * (`sk_live_`, `rk_test_`, `whk_live_`, `key_live_`, `sec_test_` …). Publishable keys (`pk_`, `pub_`,
 * `publishable_`) are public by design and stay.
 */
const LIVE_PREFIX = /(?:^|[^A-Za-z0-9_])([a-z][a-z0-9]{0,11})_$/;
const LIVE_TAIL = /[A-Za-z0-9]{16,256}/y;
const PUBLIC_PREFIX = /^(?:pk|pub|public|publishable|client)$/;

function scanLiveTest(text: string, mode: string, out: Detection[] | undefined): Detection[] | undefined {
  const infix = `_${mode}_`;
  for (let i = text.indexOf(infix); i >= 0; i = text.indexOf(infix, i + 1)) {
    const prefix = LIVE_PREFIX.exec(text.slice(Math.max(0, i - 13), i + 1));
    if (!prefix || PUBLIC_PREFIX.test(prefix[1])) continue;
    LIVE_TAIL.lastIndex = i + infix.length;
    const m = LIVE_TAIL.exec(text);
    if (!m) continue;
    const tail = m[0];
    const end = LIVE_TAIL.lastIndex;
    if (end < text.length && isTokenChar(text.charCodeAt(end))) continue;
    // A key is random: digits and letters both (`sk_test_run_all` and `is_live_broadcast` are words).
    if (!/\d/.test(tail) || !/[A-Za-z]/.test(tail) || shannonEntropy(tail) < 3.5) continue;
    const start = i - prefix[1].length;
    (out ??= []).push({ start, end, detector: 'live-test-key', label: 'live-test-key' });
    i = end - 1;
  }
  return out;
}
// `123456789:AA…` (bot id, colon, 35-character secret starting AA), e.g. in api.telegram.org/bot<token>/.
const TELEGRAM_TAIL = /AA[0-9A-Za-z_-]{33}/y;

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

function scanFormat(text: string, f: (typeof FORMATS)[number], out: Detection[] | undefined) {
  // indexOf is native and fast; the regex only runs where the prefix stands.
  for (let at = text.indexOf(f.prefix); at >= 0; at = text.indexOf(f.prefix, at + 1)) {
    const i = at - (f.back ?? 0);
    // A token starts a word: `…xEAA…` inside a longer base64 run is not one.
    if (i < 0 || (i > 0 && isTokenChar(text.charCodeAt(i - 1)))) continue;
    f.re.lastIndex = i;
    const m = f.re.exec(text);
    if (!m) continue;
    const end = i + m[0].length;
    if (end < text.length && isTokenChar(text.charCodeAt(end)) && f.id !== 'google-oauth-access-token')
      continue;
    (out ??= []).push({ start: i, end, detector: f.id, label: f.id });
    at = end - 1;
  }
  return out;
}

export const tokensFamily: DetectorFamily = {
  id: 'tokens',
  detectors: IDS,
  detect(text: string): Detection[] {
    // Every scan below first asks for one of its keywords: none in the text, nothing to find.
    const found = findKeywords(text);
    if (found === undefined) return NONE;
    let out: Detection[] | undefined;
    for (let k = 0; k < found.length; k++) {
      const formats = FORMATS_OF_KEYWORD[found[k]];
      if (formats !== undefined) for (const f of formats) out = scanFormat(text, f, out);
    }
    const telegram = hasKeyword(text, KW_TELEGRAM);
    for (let i = telegram ? text.indexOf(':AA') : -1; i >= 0; i = text.indexOf(':AA', i + 1)) {
      let b = i;
      while (b > 0 && i - b < 11 && text.charCodeAt(b - 1) >= 48 && text.charCodeAt(b - 1) <= 57) b--;
      if (i - b < 8 || (b > 0 && isTokenChar(text.charCodeAt(b - 1)) && text[b - 1] !== 't')) continue;
      TELEGRAM_TAIL.lastIndex = i + 1;
      if (!TELEGRAM_TAIL.test(text)) continue;
      const end = i + 36;
      if (end < text.length && isTokenChar(text.charCodeAt(end))) continue;
      (out ??= []).push({ start: b, end, detector: 'telegram-bot-token', label: 'telegram-bot-token' });
    }
    if (hasKeyword(text, KW_LIVE)) out = scanLiveTest(text, 'live', out);
    if (hasKeyword(text, KW_TEST)) out = scanLiveTest(text, 'test', out);
    if (!out) return NONE;
    return out.sort((a, b) => a.start - b.start);
  },
};
