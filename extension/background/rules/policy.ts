/**
 * Enterprise policy (`storage.managed`, schema in public/managed-schema.json), normalised: a value of
 * the wrong type or an empty one counts as not set, so a half-written policy never blocks the user.
 */
import { parsePackJson } from '../../../src/index';
import type { RulesHost } from './host';

export interface TeamPolicy {
  teamRulesUrl?: string;
  trustedPublicKeys?: string[];
  requireSignature?: boolean;
  /** As given: a JSON string (what the schema declares) or, from Firefox policies, an object. */
  inlinePack?: unknown;
  lockedRuleIds?: string[];
  allowUserRules?: boolean;
  syncIntervalMinutes?: number;
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const items = v.filter(nonEmptyString).map((s) => s.trim());
  return items.length > 0 ? items : undefined;
}

export function normalizePolicy(raw: unknown): TeamPolicy {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const p: TeamPolicy = {};
  if (nonEmptyString(r.teamRulesUrl)) p.teamRulesUrl = r.teamRulesUrl.trim();
  const keys = stringList(r.trustedPublicKeys);
  if (keys) p.trustedPublicKeys = keys;
  if (typeof r.requireSignature === 'boolean') p.requireSignature = r.requireSignature;
  if (nonEmptyString(r.inlinePack) || (r.inlinePack !== null && typeof r.inlinePack === 'object')) {
    p.inlinePack = r.inlinePack;
  }
  const locked = stringList(r.lockedRuleIds);
  if (locked) p.lockedRuleIds = locked;
  if (typeof r.allowUserRules === 'boolean') p.allowUserRules = r.allowUserRules;
  if (typeof r.syncIntervalMinutes === 'number' && Number.isFinite(r.syncIntervalMinutes)) {
    p.syncIntervalMinutes = r.syncIntervalMinutes;
  }
  return p;
}

/** No policy store, no policy, or a store that throws (Firefox without a managed manifest): `{}`. */
export async function readPolicy(host: Pick<RulesHost, 'managed'>): Promise<TeamPolicy> {
  if (!host.managed) return {};
  try {
    return normalizePolicy(await host.managed.get(null));
  } catch {
    return {};
  }
}

export type InlinePackParse = { ok: true; value: unknown } | { ok: false; error: string };

/** The inline pack as data, before validation: JSON strings are parsed, objects pass through. */
export function parseInlinePack(inline: unknown): InlinePackParse {
  if (typeof inline !== 'string') return { ok: true, value: inline };
  const parsed = parsePackJson(inline);
  return parsed.ok
    ? parsed
    : { ok: false, error: `The policy's inlinePack is not valid JSON (${parsed.error}).` };
}
