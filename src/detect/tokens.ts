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
const FORMATS: { id: string; prefix: string; re: RegExp }[] = [
  { id: 'google-oauth-access-token', prefix: 'ya29.', re: /ya29\.[0-9A-Za-z_-]{20,2048}/y },
  { id: 'google-oauth-refresh-token', prefix: '1//0', re: /1\/\/0[0-9A-Za-z_-]{30,512}/y },
  { id: 'google-oauth-client-secret', prefix: 'GOCSPX-', re: /GOCSPX-[0-9A-Za-z_-]{24,64}/y },
  { id: 'facebook-access-token', prefix: 'EAA', re: /EAA[A-Za-z0-9]{2}[A-Za-z0-9]{60,1024}/y },
  { id: 'openai-project-key', prefix: 'sk-', re: /sk-(?:proj|svcacct|admin)-[0-9A-Za-z_-]{40,512}/y },
  { id: 'stripe-webhook-secret', prefix: 'whsec_', re: /whsec_[0-9A-Za-z+/]{24,128}={0,2}/y },
];
const IDS = [...FORMATS.map((f) => f.id), 'telegram-bot-token', 'live-test-key'];
// The shared keyword pass (keywords.ts) tells which prefixes occur in any case: most text has none.
const PREFIX_IDS = FORMATS.map((f) => keywordId(f.prefix.toLowerCase()));
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

export const tokensFamily: DetectorFamily = {
  id: 'tokens',
  detectors: IDS,
  detect(text: string): Detection[] {
    // Every scan below first asks for one of its keywords: none in the text, nothing to find.
    if (findKeywords(text) === undefined) return NONE;
    let out: Detection[] | undefined;
    for (let fi = 0; fi < FORMATS.length; fi++) {
      const f = FORMATS[fi];
      if (!hasKeyword(text, PREFIX_IDS[fi])) continue;
      // indexOf is native and fast; the regex only runs where the prefix stands.
      for (let i = text.indexOf(f.prefix); i >= 0; i = text.indexOf(f.prefix, i + 1)) {
        // A token starts a word: `…xEAA…` inside a longer base64 run is not one.
        if (i > 0 && isTokenChar(text.charCodeAt(i - 1))) continue;
        f.re.lastIndex = i;
        const m = f.re.exec(text);
        if (!m) continue;
        const end = i + m[0].length;
        if (end < text.length && isTokenChar(text.charCodeAt(end)) && f.id !== 'google-oauth-access-token')
          continue;
        (out ??= []).push({ start: i, end, detector: f.id, label: f.id });
        i = end - 1;
      }
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
