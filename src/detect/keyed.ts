import { NONE } from './empty';
import type { Detection, DetectContext, DetectorFamily } from './types';

/**
 * A random-looking value under a name that ends like a credential's (`refreshKey`, `client_key`,
 * `oauth_code`, `nonce`, `salt`): name lists cannot know every app's names, but such a pair is a
 * credential far more often than not. Both halves are required, so `objectKey: "uploads/a.pdf"`,
 * `sortKey: "updated_at"`, `statusCode: "E_DENIED"` and UUID identifiers stay.
 */
const KEY_SUFFIX = /(?:key|code|nonce|salt|seed|sig|verifier|assertion)$/;
const NOT_SECRET_KEY =
  /(?:^|[_.-])(?:sort|partition|primary|foreign|object|s3|cache|hot|i18n|translation|idempotency|public|publishable|site|zip|post|postal|country|currency|status|error|area|language|lang|locale|region|color|colour|websocket)[_.-]?(?:key|code)$/;
const TOKEN = /^[A-Za-z0-9._~+/=-]{16,512}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function looksRandom(v: string): boolean {
  if (!TOKEN.test(v) || UUID.test(v) || v.includes('://')) return false;
  // `tenants/t_1/uploads/deck.pdf` is a path; base64 with `/` shows `+` or padding too.
  if (v.includes('/') && !v.includes('+') && !v.endsWith('=')) return false;
  if (/^[a-z]+(?:[_.-][a-z]+)*$/i.test(v)) return false; // words: `updated_at`, `read.write`
  const classes = +/[a-z]/.test(v) + +/[A-Z]/.test(v) + +/\d/.test(v);
  return classes >= 2 && /\d/.test(v);
}

export const keyedFamily: DetectorFamily = {
  id: 'keyed',
  detectors: ['keyed-secret'],
  detect(text: string, ctx: DetectContext): Detection[] {
    const key = ctx.key?.toLowerCase();
    if (!key || text.length < 16 || text.length > 600 || !KEY_SUFFIX.test(key) || NOT_SECRET_KEY.test(key))
      return NONE;
    const t = text.trim();
    if (!looksRandom(t)) return NONE;
    const start = text.indexOf(t);
    return [{ start, end: start + t.length, detector: 'keyed-secret', label: 'keyed-secret' }];
  },
};
