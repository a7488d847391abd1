import { NONE } from './empty';
import { hasKeyword, keywordId } from './keywords';
import type { Detection, DetectorFamily } from './types';

type Kind = 'signed-url-signature' | 'signed-url-credential' | 'signed-url-token';

// Parameters that are unambiguous on their own (the X-Amz-/X-Goog- prefixes say it is a signed URL).
const ALWAYS: Record<string, Kind> = {
  'x-amz-signature': 'signed-url-signature',
  'x-amz-credential': 'signed-url-credential',
  'x-amz-security-token': 'signed-url-token',
  'x-goog-signature': 'signed-url-signature',
  'x-goog-credential': 'signed-url-credential',
};
// Generic names, flagged only next to the parameter that marks the scheme (see `schemeOf`).
const CONTEXTUAL: Record<string, Kind> = {
  signature: 'signed-url-signature',
  awsaccesskeyid: 'signed-url-credential',
  googleaccessid: 'signed-url-credential',
  'key-pair-id': 'signed-url-credential',
  policy: 'signed-url-token',
  sig: 'signed-url-signature',
};

// name=value where `=` may be URL-encoded (a signed URL nested in another URL's query).
const PARAM =
  /(x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|signature|awsaccesskeyid|googleaccessid|key-pair-id|policy|sig)(=|%3D)/gi;
const PARAM_START = /[?&;\s"'(,]/;
const VALUE_RAW = /[^&\s"'#<>]*/y;
// Some parameter name must occur (any case): the shared keyword pass (keywords.ts) says so.
const CHEAP = ['amz-', 'goog', 'signature', 'sig=', 'sig%3d', 'key-pair-id', 'awsaccesskeyid'].map(keywordId);

/** Which contextual parameters this text's signing scheme makes meaningful. */
function contextualAllowed(text: string): (name: string) => boolean {
  const sigv2 = /[?&;]AWSAccessKeyId(?:=|%3D)/i.test(text) || /[?&;]GoogleAccessId(?:=|%3D)/i.test(text);
  const cloudfront = /[?&;]Key-Pair-Id(?:=|%3D)/i.test(text);
  const azure = /[?&;]sv(?:=|%3D)/i.test(text) && /[?&;](?:se|sp)(?:=|%3D)/i.test(text);
  return (name) => {
    if (name === 'sig') return azure;
    if (name === 'policy' || name === 'key-pair-id') return cloudfront;
    return sigv2 || cloudfront;
  };
}

/** Signatures and credentials in pre-signed URLs (AWS SigV4/V2, GCS, Azure SAS, CloudFront). */
export const signedUrlFamily: DetectorFamily = {
  id: 'signed-url',
  detectors: ['signed-url-signature', 'signed-url-credential', 'signed-url-token'],
  detect(text: string): Detection[] {
    // Every parameter needs `=` (or its encoding): two native indexOf calls spare the regex most text.
    if ((text.indexOf('=') < 0 && text.indexOf('%3') < 0) || !CHEAP.some((id) => hasKeyword(text, id)))
      return NONE;
    let out: Detection[] | undefined;
    let allowed: ((name: string) => boolean) | undefined;
    PARAM.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PARAM.exec(text)) !== null) {
      const at = m.index;
      // Must be a whole parameter name: after ?, &, ; (raw or %26 / %3F) or the start.
      const prev = at > 0 ? text[at - 1] : '?';
      const encodedPrev = at >= 3 && /%(?:26|3F)/i.test(text.slice(at - 3, at));
      if (!PARAM_START.test(prev) && !encodedPrev && at > 0) continue;
      const name = m[1].toLowerCase();
      let kind: Kind | undefined = ALWAYS[name];
      if (!kind) {
        allowed ??= contextualAllowed(text);
        if (allowed(name)) kind = CONTEXTUAL[name];
      }
      if (!kind) continue;
      const start = at + m[0].length;
      VALUE_RAW.lastIndex = start;
      VALUE_RAW.exec(text);
      let end = VALUE_RAW.lastIndex;
      if (m[2] !== '=') {
        // Encoded query: the next parameter starts at an encoded `&`.
        const amp = text.slice(start, end).search(/%26/i);
        if (amp >= 0) end = start + amp;
      }
      if (end > start) (out ??= []).push({ start, end, detector: kind, label: kind });
      PARAM.lastIndex = Math.max(end, PARAM.lastIndex);
    }
    return out ?? NONE;
  },
};
