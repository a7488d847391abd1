import { configSecretsFamily } from './config-secrets';
import { credentialsFamily } from './credentials';
import { jwtFamily } from './jwt';
import { otpFamily } from './otp';
import { personalFamily } from './personal';
import { piiFamily } from './pii';
import { privateKeyFamily } from './private-key';
import { signedUrlFamily } from './signed-url';
import { tokensFamily } from './tokens';
import { keyedFamily } from './keyed';
import type { Detection, DetectContext, DetectorFamily } from './types';
import { vendorFamily } from './vendor';

export { jwtInfo } from './jwt';
export type { JwtInfo } from './jwt';

/**
 * Every detector family, one module each. Order matters only for ties: when two families report
 * the very same span, the earlier (more specific) one names it.
 */
export const detectorFamilies: DetectorFamily[] = [
  privateKeyFamily,
  jwtFamily,
  vendorFamily,
  tokensFamily,
  signedUrlFamily,
  otpFamily,
  credentialsFamily,
  configSecretsFamily,
  piiFamily,
  personalFamily,
  keyedFamily,
];

/**
 * Longest text scanned per call. The engine calls per field / line; beyond this a string is a
 * blob (a bundle, a base64 image), and the structural layer plus propagation still cover it.
 */
export const MAX_SCAN_LENGTH = 2 * 1024 * 1024;
const EMPTY_CONTEXT: DetectContext = {};

export function allDetectorIds(): string[] {
  return detectorFamilies.flatMap((f) => f.detectors);
}

// gitleaks' catch-all `key = value` rule names a span only when nothing more specific does.
const rank = (d: Detection) => (d.detector === 'gitleaks:generic-api-key' ? 1 : 0);

/**
 * Sorted by start, without overlaps: spans that overlap become one, their union, named by the longest
 * (ties go to the specific). Keeping only the longest left the head or the tail of the other in the
 * clear (`postgres://admin:pa%3Ass…@db.internal`: an "email" from `ss…` kept `pa%3A` of the password).
 * An email that starts inside a URL's password is that URL's host: the password alone goes.
 */
function resolveOverlaps(found: Detection[]): Detection[] {
  if (found.length < 2) return found;
  const order = found.map((d, i) => ({ d, i }));
  order.sort(
    (a, b) =>
      a.d.start - b.d.start ||
      b.d.end - b.d.start - (a.d.end - a.d.start) ||
      rank(a.d) - rank(b.d) ||
      a.i - b.i,
  );
  const kept: Detection[] = [];
  for (const { d } of order) {
    const last = kept[kept.length - 1];
    if (!last || d.start >= last.end) kept.push(d);
    else if (last.detector === 'url-password' && d.detector === 'email') continue;
    else {
      const named = d.end - d.start > last.end - last.start ? d : last;
      const end = Math.max(last.end, d.end);
      if (named !== last || end !== last.end) kept[kept.length - 1] = { ...named, start: last.start, end };
    }
  }
  return kept;
}

/**
 * All secret spans in `text` (the first {@link MAX_SCAN_LENGTH} characters), sorted by start,
 * without overlaps. `enabled` filters by detector id (e.g. `jwt`, `email`, `gitleaks:github-pat`).
 */
export function detectSecrets(
  text: string,
  ctx: DetectContext = EMPTY_CONTEXT,
  enabled?: (detectorId: string) => boolean,
): Detection[] {
  if (text.length < 5 && !ctx.key) return [];
  const t = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  let found: Detection[] | undefined;
  // Indexed loops: this runs for every distinct string of a HAR, and iterators allocated here were
  // a tenth of what a redaction allocates.
  for (let f = 0; f < detectorFamilies.length; f++) {
    const spans = detectorFamilies[f].detect(t, ctx, enabled);
    for (let k = 0; k < spans.length; k++) {
      const d = spans[k];
      if (enabled && !enabled(d.detector)) continue;
      (found ??= []).push(d);
    }
  }
  return found ? resolveOverlaps(found) : [];
}
