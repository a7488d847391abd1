import { NONE } from './empty';
import { hasKeyword, keywordId } from './keywords';
import { boundedMemo } from '../util/bounded-set';
import type { Detection, DetectContext, DetectorFamily } from './types';

// otpauth://totp/Label?secret=BASE32&issuer=…, raw or URL-encoded as a whole (inside a query or JSON).
const OTPAUTH = /otpauth(?::\/\/|%3A%2F%2F)/gi;
const SECRET_PARAM = /(?:[?&]|%3F|%26)secret(?:=|%3D)((?:[A-Za-z2-7]|%3D|=)+)/iy;
const URI_END = /[\s"'<>]/;
const KW_OTPAUTH = keywordId('otpauth');
// Field names that hold a TOTP/HOTP seed; `secret` alone only when the value is clearly base32.
const SEED_KEY =
  /(?:^|[_.-])(?:(?:totp|hotp|otp|mfa|2fa|two[_-]?factor|authenticator)[_-]?)?(?:secret|seed)(?:[_-]?key)?$/i;
const isSeedName = boundedMemo((key: string) => SEED_KEY.test(key));
const BASE32_SEED = /^(?:[A-Z2-7]{4}[ -]?){3,}[A-Z2-7]*={0,6}$/i;

function scanOtpauth(text: string, out: Detection[] | undefined): Detection[] | undefined {
  OTPAUTH.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OTPAUTH.exec(text)) !== null) {
    let end = m.index + m[0].length;
    const limit = Math.min(text.length, end + 2048);
    while (end < limit && !URI_END.test(text[end])) end++;
    const uri = text.slice(m.index, end);
    for (let q = 0; q < uri.length; q++) {
      if (uri[q] !== '?' && uri[q] !== '&' && uri[q] !== '%') continue;
      SECRET_PARAM.lastIndex = q;
      const s = SECRET_PARAM.exec(uri);
      if (s) {
        const vEnd = m.index + SECRET_PARAM.lastIndex;
        (out ??= []).push({ start: vEnd - s[1].length, end: vEnd, detector: 'otp-seed', label: 'otp-seed' });
        break;
      }
    }
    OTPAUTH.lastIndex = end;
  }
  return out;
}

/** TOTP/HOTP seeds: in otpauth:// URIs anywhere, and as base32 values of seed-named fields. */
export const otpFamily: DetectorFamily = {
  id: 'otp',
  detectors: ['otp-seed'],
  detect(text: string, ctx: DetectContext): Detection[] {
    let out: Detection[] | undefined;
    // A seed has 16+ characters once trimmed: a shorter text skips the name's test.
    if (ctx.key && text.length >= 16 && isSeedName(ctx.key)) {
      const t = text.trim();
      // 16+ base32 characters (80+ bits); with digits 2-7 or mixed letters, not a plain word.
      if (t.length >= 16 && t.length <= 256 && BASE32_SEED.test(t) && /[2-7]/.test(t)) {
        const start = text.indexOf(t);
        out = [{ start, end: start + t.length, detector: 'otp-seed', label: 'otp-seed' }];
      }
    }
    if (
      text.length > 10 &&
      hasKeyword(text, KW_OTPAUTH) &&
      (text.indexOf('otpauth') >= 0 || text.indexOf('OTPAUTH') >= 0)
    )
      out = scanOtpauth(text, out);
    return out ?? NONE;
  },
};
