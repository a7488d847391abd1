import { decodeBase64Text } from './base64';
import { NONE } from './empty';
import { hasKeyword, keywordId } from './keywords';
import type { Detection, DetectorFamily } from './types';

// A JOSE header is a JSON object, so its base64url starts with `eyJ` ("{\"). Up to five parts
// (JWE); the parts are separated by dots. Only where a token can start: not inside a longer base64
// run, where each `eyJ` (base64 of JSON holds one per object) read on to the run's end, a time that
// grew with the run's square; but after an escape that ends in a letter or a digit (`%3D`, a
// string's `\n`, `\u0022`, `\x22`), which is no part of the token.
const CANDIDATE =
  /(?:(?<![A-Za-z0-9_-])|(?<=%[\s\S]{2})|(?<=\\[nrtbf])|(?<=\\u00[0-9a-fA-F]{2})|(?<=\\x[0-9a-fA-F]{2}))eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){2,4}/g;
// The shared keyword pass (keywords.ts) rules out most text before `indexOf` looks for the case.
const KW_EYJ = keywordId('eyj');

export interface JwtInfo {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

function jsonObject(part: string): Record<string, unknown> | null {
  const text = decodeBase64Text(part);
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** How many leading dot-separated parts form a JWS (3) or JWE (5), with the decoded parts; 0 if none. */
function parse(parts: string[]): { count: number; info: JwtInfo } | null {
  const header = jsonObject(parts[0]);
  if (!header) return null;
  if (typeof header.enc === 'string') {
    // JWE: header.encrypted_key.iv.ciphertext.tag; the key is empty with direct encryption.
    if (parts.length < 5 || !parts[2] || !parts[3] || !parts[4]) return null;
    return { count: 5, info: { header, claims: {} } };
  }
  // The signature may be empty: alg none, or a token whose signature was stripped (its claims
  // still identify someone).
  if (typeof header.alg !== 'string' || parts.length < 3 || !parts[1]) return null;
  const claims = jsonObject(parts[1]);
  if (!claims) return null;
  return { count: 3, info: { header, claims } };
}

/** Decodes a JWT's header and claims (JWE: claims are encrypted, so `{}`); null when not a JWT. */
export function jwtInfo(token: string): JwtInfo | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 && parts.length !== 5) return null;
  const p = parse(parts);
  return p && p.count === parts.length ? p.info : null;
}

export const jwtFamily: DetectorFamily = {
  id: 'jwt',
  detectors: ['jwt'],
  detect(text: string): Detection[] {
    if (!hasKeyword(text, KW_EYJ) || text.indexOf('eyJ') < 0) return NONE;
    let out: Detection[] | undefined;
    CANDIDATE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CANDIDATE.exec(text)) !== null) {
      const start = m.index;
      const parts = m[0].split('.');
      const p = parse(parts);
      if (!p) {
        CANDIDATE.lastIndex = start + 3;
        continue;
      }
      const length = parts.slice(0, p.count).join('.').length;
      (out ??= []).push({ start, end: start + length, detector: 'jwt', label: 'jwt' });
      CANDIDATE.lastIndex = start + length;
    }
    return out ?? NONE;
  },
};
