/**
 * What a signature must also bind besides the rules (issue 17, replay and rollback): `audience`, the
 * URL the pack is published at, so a pack signed for one team URL (or a laxer pack of another id)
 * cannot be served at another; and `expires`, so an old signed pack cannot be replayed for ever.
 * Both are ordinary pack fields, so the canonical form, and with it the signature, covers them.
 *
 * Versions: one scheme, dotted numbers (`2026.11.1`, `12`), compared number by number; a source's
 * version never goes down (see docs/rule-packs.md "Versions").
 */
import type { RulePack } from './types';

export const DOTTED_VERSION = /^\d{1,9}(\.\d{1,9}){0,7}$/;
/** `2026-12-31`, `2026-12-31T23:59:59Z`, with optional fraction and a `Z` or `±hh:mm` offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const VERSION_RULE = 'dotted numbers such as 2026.11.1 or 12';

/** Negative when a < b, 0 when equal, positive when a > b; `1.0` equals `1`. Both must be dotted. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The instant `expires` names (a bare date means the end of that day, UTC), or NaN. */
export function expiryTime(expires: string): number {
  if (!DATE_TIME.test(expires)) return NaN;
  const bare = expires.length === 10;
  const t = Date.parse(bare ? `${expires}T23:59:59.999Z` : expires);
  return t;
}

/** Problems with `audience` / `expires` as values (shape only), for the validator. */
export function claimShapeProblem(field: 'audience' | 'expires', value: string): string | null {
  if (field === 'expires') {
    return Number.isFinite(expiryTime(value))
      ? null
      : 'expected a date (2026-12-31) or date-time (2026-12-31T23:59:59Z)';
  }
  try {
    const u = new URL(value);
    if (u.protocol === 'https:' || u.protocol === 'http:') return null;
  } catch {
    // fall through
  }
  return 'expected the absolute https URL the pack is published at';
}

/** The same URL, spelled the way URL parsing normalises it (host case, default port, escapes). */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

export interface ClaimContext {
  /** Where the pack was fetched from; undefined when it did not come from a URL. */
  url?: string;
  now: Date;
}

/**
 * Why a signed pack may not be put in force from `ctx.url` at `ctx.now`, or null. A signed pack
 * without `audience` and `expires` (the format before issue 17) is refused with what to do.
 */
export function signedClaimsProblem(pack: RulePack, ctx: ClaimContext): string | null {
  const missing = (['audience', 'expires'] as const).filter((k) => pack[k] === undefined);
  if (missing.length) {
    return (
      `the signature does not cover ${missing.join(' or ')}: the pack was signed in the old format; ` +
      'the administrator must re-sign it with har-redact rules sign --audience URL --expires DATE'
    );
  }
  return claimsProblem(pack, ctx);
}

/** Checks `audience` and `expires` when present (signed or not). */
export function claimsProblem(pack: RulePack, ctx: ClaimContext): string | null {
  if (pack.audience !== undefined && ctx.url !== undefined && !sameUrl(pack.audience, ctx.url)) {
    return `it was signed for ${pack.audience}, not for ${ctx.url}`;
  }
  if (pack.expires !== undefined) {
    const t = expiryTime(pack.expires);
    if (!(t > ctx.now.getTime())) return `it expired on ${pack.expires}`;
  }
  return null;
}
