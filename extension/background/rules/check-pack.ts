/**
 * Whether a pack (freshly fetched, or the stored last-good one under a changed trust configuration)
 * may be put in force: valid format, then a signature from a trusted key whenever any key is configured
 * (policy or user) or a signature is required.
 */
import {
  claimsProblem,
  knownDetectorIds,
  signedClaimsProblem,
  validateRulePack,
  verifyPack,
  weakeningsOf,
} from '../../../src/index';
import type { ClaimContext, RulePack } from '../../../src/index';

export interface TrustConfig {
  trustedPublicKeys: string[];
  requireSignature: boolean;
}

export interface CheckContext extends ClaimContext {
  /**
   * A pack that weakens the built-in protection is refused unless a trusted key signed it (team
   * packs: the network path or a stranger's URL must not be able to switch protection off).
   */
  weakeningNeedsKey?: boolean;
}

export type PackCheck =
  | { ok: true; pack: RulePack; keyId?: string; weakens: string[] }
  | { ok: false; error: string; validationErrors?: { path: string; message: string }[] };

const MAX_LISTED_ERRORS = 3;

/**
 * `ctx.url` is where the pack came from (a signed pack must name it as its `audience`); `ctx.now`
 * is checked against `expires`.
 */
export async function checkPack(
  data: unknown,
  trust: TrustConfig,
  what = 'team rule pack',
  ctx: CheckContext = { now: new Date() },
): Promise<PackCheck> {
  const checked = await checkSignedPack(data, trust, what, ctx);
  if (!checked.ok) return checked;
  const weakens = weakeningsOf(checked.pack);
  if (weakens.length && ctx.weakeningNeedsKey && !checked.keyId) {
    return {
      ok: false,
      error: `The ${what} weakens protection (${weakens.join('; ')}) and is not signed by a trusted key; it was not loaded.`,
    };
  }
  return { ...checked, weakens };
}

async function checkSignedPack(
  data: unknown,
  trust: TrustConfig,
  what: string,
  ctx: ClaimContext,
): Promise<PackCheck> {
  const valid = validateRulePack(data, { knownDetectors: knownDetectorIds() });
  if (!valid.ok) {
    const listed = valid.errors
      .slice(0, MAX_LISTED_ERRORS)
      .map((e) => `${e.path || '(root)'}: ${e.message}`)
      .join('; ');
    const more =
      valid.errors.length > MAX_LISTED_ERRORS ? ` and ${valid.errors.length - MAX_LISTED_ERRORS} more` : '';
    return { ok: false, error: `The ${what} is invalid: ${listed}${more}.`, validationErrors: valid.errors };
  }
  const pack = valid.pack;
  const keys = trust.trustedPublicKeys;
  if (!pack.signature) {
    // A trusted key that does not make a signature mandatory protects nothing: whoever controls the
    // server or the network path would strip the signature (issue 17).
    if (trust.requireSignature || keys.length > 0) {
      const why = trust.requireSignature ? 'a signature is required' : 'a trusted key is configured';
      return { ok: false, error: `The ${what} is not signed, and ${why}.` };
    }
    return claimsChecked(pack, what, claimsProblem(pack, ctx));
  }
  if (keys.length === 0) {
    if (trust.requireSignature) {
      return { ok: false, error: `A signature is required but no trusted public key is configured.` };
    }
    // Nothing to check it against: in force, but not reported as verified (no keyId).
    return claimsChecked(pack, what, claimsProblem(pack, ctx));
  }
  const verdict = await verifyPack(pack, keys);
  if (!verdict.ok) {
    return { ok: false, error: `The ${what}'s signature was rejected: ${trimSentence(verdict.reason)}.` };
  }
  const problem = signedClaimsProblem(pack, ctx);
  if (problem) return { ok: false, error: `The ${what} was refused: ${problem}.` };
  return { ok: true, pack, keyId: verdict.keyId, weakens: [] };
}

function claimsChecked(pack: RulePack, what: string, problem: string | null): PackCheck {
  return problem
    ? { ok: false, error: `The ${what} was refused: ${problem}.` }
    : { ok: true, pack, weakens: [] };
}

function trimSentence(s: string): string {
  return s.trim().replace(/[.\s]+$/, '');
}
