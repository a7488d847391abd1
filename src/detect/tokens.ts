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
const FORMATS: { id: string; prefix: string; re: RegExp; back?: number; random?: boolean }[] = [
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
  // Developer platforms' documented prefixes (a leak probe found each kept in text, scripts, paths
  // and queries: gitleaks has none of them, or only beside the vendor's name). `random`: the part
  // after the prefix must hold letters and digits at a key's entropy (`re_`, `fw_` and `sl.` also
  // start words and ids).
  { id: 'atlassian-api-token', prefix: 'ATATT3', re: /ATATT3[A-Za-z0-9_=-]{60,300}/y },
  { id: 'atlassian-api-token', prefix: 'ATCTT3', re: /ATCTT3[A-Za-z0-9_=-]{60,300}/y },
  { id: 'bitbucket-app-password', prefix: 'ATBB', re: /ATBB[A-Za-z0-9_=.-]{32,64}/y, random: true },
  { id: 'notion-token', prefix: 'secret_', re: /secret_[A-Za-z0-9]{43}/y, random: true },
  { id: 'notion-token', prefix: 'ntn_', re: /ntn_[A-Za-z0-9]{40,50}/y, random: true },
  { id: 'figma-token', prefix: 'figd_', re: /figd_[A-Za-z0-9_-]{30,64}/y, random: true },
  { id: 'replicate-token', prefix: 'r8_', re: /r8_[A-Za-z0-9]{37}/y, random: true },
  { id: 'groq-api-key', prefix: 'gsk_', re: /gsk_[A-Za-z0-9]{48,56}/y, random: true },
  { id: 'xai-api-key', prefix: 'xai-', re: /xai-[A-Za-z0-9]{60,100}/y, random: true },
  { id: 'resend-api-key', prefix: 're_', re: /re_[A-Za-z0-9_]{30,40}/y, random: true },
  { id: 'contentful-token', prefix: 'CFPAT-', re: /CFPAT-[A-Za-z0-9_-]{40,50}/y },
  { id: 'neon-api-key', prefix: 'napi_', re: /napi_[a-z0-9]{60,70}/y, random: true },
  { id: 'docker-hub-token', prefix: 'dckr_pat_', re: /dckr_pat_[A-Za-z0-9_-]{24,40}/y },
  { id: 'circleci-token', prefix: 'CCIPAT_', re: /CCIPAT_[A-Za-z0-9]{20,24}_[0-9a-f]{40}/y },
  {
    id: 'doppler-token',
    prefix: 'dp.',
    re: /dp\.(?:st|sa|ct|pt|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}/y,
  },
  { id: 'vault-token', prefix: 'hvb.', re: /hvb\.[A-Za-z0-9_-]{80,400}/y },
  { id: 'vault-token', prefix: 'hvr.', re: /hvr\.[A-Za-z0-9_-]{60,200}/y },
  { id: 'sentry-token', prefix: 'sntrys_', re: /sntrys_eyJ[A-Za-z0-9+/=_-]{50,400}/y },
  { id: 'sentry-token', prefix: 'sntryu_', re: /sntryu_[0-9a-f]{64}/y },
  { id: 'mapbox-secret-token', prefix: 'sk.eyJ', re: /sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/y },
  { id: 'square-token', prefix: 'sq0csp-', re: /sq0csp-[A-Za-z0-9_-]{43}/y },
  { id: 'square-token', prefix: 'sq0atp-', re: /sq0atp-[A-Za-z0-9_-]{22}/y },
  { id: 'slack-config-token', prefix: 'xoxe', re: /xoxe(?:\.xox[bp])?-1-[A-Za-z0-9-]{40,400}/y },
  { id: 'new-relic-license-key', prefix: 'NRAL', re: /[0-9a-f]{36}NRAL/y, back: 36 },
  { id: 'tencent-secret-id', prefix: 'AKID', re: /AKID[A-Za-z0-9]{32}/y, random: true },
  { id: 'dropbox-token', prefix: 'sl.', re: /sl\.[A-Za-z0-9_-]{130,1200}/y, random: true },
  {
    id: 'plaid-access-token',
    prefix: 'access-',
    re: new RegExp(`access-(?:sandbox|development|production)-${UUID}`, 'y'),
  },
  // Stripe's PaymentIntent and SetupIntent client secrets (they confirm the payment in the page).
  { id: 'stripe-client-secret', prefix: 'pi_', re: /pi_[A-Za-z0-9]{14,40}_secret_[A-Za-z0-9]{16,40}/y },
  { id: 'stripe-client-secret', prefix: 'seti_', re: /seti_[A-Za-z0-9]{14,40}_secret_[A-Za-z0-9]{16,40}/y },
  // Plaid Link's token, which opens a Link session for its user.
  {
    id: 'plaid-link-token',
    prefix: 'link-',
    re: new RegExp(`link-(?:sandbox|development|production)-${UUID}`, 'y'),
  },
  // AWS AppSync's API keys.
  { id: 'appsync-api-key', prefix: 'da2-', re: /da2-[a-z0-9]{26}/y, random: true },
  { id: 'flutterwave-secret-key', prefix: 'FLWSECK', re: /FLWSECK(?:_TEST)?-[0-9a-f]{32}-X/y },
  { id: 'nuget-api-key', prefix: 'oy2', re: /oy2[a-z0-9]{43}/y, random: true },
  { id: 'clickup-token', prefix: 'pk_', re: /pk_\d{6,10}_[0-9A-Z]{32}/y },
  { id: 'yandex-oauth-token', prefix: 'y0_', re: /y0_[A-Za-z0-9_-]{50,60}/y, random: true },
  { id: 'intercom-token', prefix: 'dG9rOj', re: /dG9rOj[A-Za-z0-9+/=_-]{40,120}/y },
  { id: 'airtable-token', prefix: 'pat', re: /pat[A-Za-z0-9]{14}\.[0-9a-f]{64}/y },
  {
    id: 'microsoft-refresh-token',
    prefix: 'M.C',
    re: /M\.C\d{3}_[A-Z]{2,4}\.\d\.U\.[A-Za-z0-9!*$_-]{100,}/y,
  },
  { id: 'instagram-token', prefix: 'IGQ', re: /IGQ[VW][A-Za-z0-9_-]{100,400}/y },
  { id: 'infisical-token', prefix: 'st.', re: new RegExp(`st\\.${UUID}\\.[0-9a-f]{32}\\.[0-9a-f]{32}`, 'y') },
  { id: 'jfrog-token', prefix: 'cmVmdGtu', re: /cmVmdGtuOjAx[A-Za-z0-9]{40,80}/y },
  { id: 'crates-io-token', prefix: 'cio', re: /cio[A-Za-z0-9]{32}/y, random: true },
  { id: 'netlify-token', prefix: 'nfp_', re: /nfp_[A-Za-z0-9]{36}/y, random: true },
  { id: 'render-api-key', prefix: 'rnd_', re: /rnd_[A-Za-z0-9]{32}/y, random: true },
  { id: 'stytch-secret', prefix: 'secret-', re: /secret-(?:live|test)-[A-Za-z0-9_=-]{36,60}/y },
  {
    id: 'paddle-api-key',
    prefix: 'pdl_',
    re: /pdl_(?:live|sdbx)_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3}/y,
  },
  { id: 'mollie-api-key', prefix: 'live_', re: /live_[A-Za-z0-9]{30}/y, random: true },
  { id: 'mollie-api-key', prefix: 'test_', re: /test_[A-Za-z0-9]{30}/y, random: true },
  { id: 'checkout-secret-key', prefix: 'sk_', re: new RegExp(`sk_(?:sbox_)?${UUID}`, 'y') },
  { id: 'elevenlabs-api-key', prefix: 'sk_', re: /sk_[0-9a-f]{48}/y },
  { id: 'pinecone-api-key', prefix: 'pcsk_', re: /pcsk_[A-Za-z0-9_]{60,90}/y, random: true },
  { id: 'langsmith-api-key', prefix: 'lsv2_', re: /lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}/y },
  { id: 'openrouter-api-key', prefix: 'sk-or-', re: /sk-or-v1-[0-9a-f]{64}/y },
  { id: 'fireworks-api-key', prefix: 'fw_', re: /fw_[A-Za-z0-9]{24}/y, random: true },
  { id: 'cerebras-api-key', prefix: 'csk-', re: /csk-[a-z0-9]{48}/y, random: true },
  { id: 'tavily-api-key', prefix: 'tvly-', re: /tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}/y, random: true },
  { id: 'firecrawl-api-key', prefix: 'fc-', re: /fc-[0-9a-f]{32}/y },
  { id: 'langfuse-secret-key', prefix: 'sk-lf-', re: new RegExp(`sk-lf-${UUID}`, 'y') },
  { id: 'posthog-personal-key', prefix: 'phx_', re: /phx_[A-Za-z0-9]{40,50}/y, random: true },
  { id: 'klaviyo-private-key', prefix: 'pk_', re: /pk_[0-9a-f]{34}/y },
  { id: 'typeform-token', prefix: 'tfp_', re: /tfp_[A-Za-z0-9_-]{40,64}/y, random: true },
  { id: 'woocommerce-key', prefix: 'ck_', re: /ck_[0-9a-f]{40}/y },
  { id: 'woocommerce-key', prefix: 'cs_', re: /cs_[0-9a-f]{40}/y },
  {
    id: 'tailscale-key',
    prefix: 'tskey-',
    re: /tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,}-[A-Za-z0-9]{20,}/y,
  },
  { id: 'lob-api-key', prefix: 'live_', re: /live_(?:pub_)?[0-9a-f]{35}/y },
  { id: 'lob-api-key', prefix: 'test_', re: /test_(?:pub_)?[0-9a-f]{35}/y },
  { id: 'adafruit-io-key', prefix: 'aio_', re: /aio_[A-Za-z0-9]{28}/y, random: true },
  { id: 'prefect-api-key', prefix: 'pnu_', re: /pnu_[A-Za-z0-9]{36}/y, random: true },
  { id: 'prefect-api-key', prefix: 'pnb_', re: /pnb_[A-Za-z0-9]{36}/y, random: true },
  { id: 'mailchimp-key', prefix: '-us', re: /[0-9a-f]{32}-us\d{1,2}/y, back: 32 },
  // X (Twitter) app-only bearer tokens: 21+ `A`s, then a percent-encoded tail (base64 never holds `%`).
  {
    id: 'twitter-bearer-token',
    prefix: 'AAAAAAAAAAAAAAAAAAAAA',
    re: /A{21,24}[A-Za-z0-9]{10,60}%[0-9A-F]{2}[A-Za-z0-9%]{30,200}/y,
  },
  // Unleash API tokens: `<project>:<environment>.<hash>`, `*` for every project.
  { id: 'unleash-token', prefix: '*:', re: /\*:[a-z0-9_-]{2,32}\.[0-9a-f]{56,64}/y },
  // Proxmox VE's ticket (the PVEAuthCookie, and the API's sign-in answer): `PVE:<user>@<realm>:<hex
  // time>::<base64 signature>`.
  {
    id: 'proxmox-ticket',
    prefix: 'PVE:',
    re: /PVE:[^:\s"]{1,64}@[^:\s"]{1,32}:[0-9A-F]{8}::[A-Za-z0-9+/]{40,1024}={0,2}/y,
  },
  // Laravel's APP_KEY (it signs sessions and encrypts cookies): `base64:` and 32 bytes.
  { id: 'laravel-app-key', prefix: 'base64:', re: /base64:[A-Za-z0-9+/]{43}=/y },
  // Anthropic's OAuth access and refresh tokens (its API and admin keys are gitleaks' rules).
  { id: 'anthropic-oauth-token', prefix: 'sk-ant-o', re: /sk-ant-o(?:at|rt)\d{2}-[A-Za-z0-9_-]{80,120}/y },
];
const IDS = [...new Set(FORMATS.map((f) => f.id)), 'telegram-bot-token', 'live-test-key', 'ably-api-key'];
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

/**
 * Ably's API keys, `<app id>.<key id>:<secret>` (6, 6 and 43 characters of base64url): no prefix,
 * so each `:` is looked at once, and only one with the key id's `.` 7 characters before it goes on.
 */
const ABLY_KEY = /[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{6}:[A-Za-z0-9_-]{43}/y;

function scanAbly(text: string, out: Detection[] | undefined): Detection[] | undefined {
  for (let i = text.indexOf(':', 13); i >= 0; i = text.indexOf(':', i + 1)) {
    if (text.charCodeAt(i - 7) !== 46) continue; // .
    const start = i - 13;
    const before = start > 0 ? text.charCodeAt(start - 1) : 32;
    if (isTokenChar(before) || before === 46) continue;
    ABLY_KEY.lastIndex = start;
    if (!ABLY_KEY.test(text)) continue;
    const end = i + 44;
    if (end < text.length && isTokenChar(text.charCodeAt(end))) continue;
    if (!randomTail(text.slice(i + 1, end))) continue;
    (out ??= []).push({ start, end, detector: 'ably-api-key', label: 'ably-api-key' });
    i = end - 1;
  }
  return out;
}

/** A key's random part: letters and digits both, at a key's entropy (`re_render_all_items` is words). */
function randomTail(tail: string): boolean {
  return /\d/.test(tail) && /[A-Za-z]/.test(tail) && shannonEntropy(tail) >= 3.5;
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
    if (f.random && !randomTail(m[0].slice(f.prefix.length))) continue;
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
    // (Ably's keys have no keyword: a text's colons are looked at first.)
    let out = text.length >= 57 ? scanAbly(text, undefined) : undefined;
    const found = findKeywords(text);
    if (found === undefined) return out ?? NONE;
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
