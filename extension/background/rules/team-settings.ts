/**
 * The team source a user may set in the options page when policy does not (storage.local). The
 * options page reads and writes it through these functions; the worker re-syncs when it changes.
 */
import type { StorageAreaLike } from './host';

export const TEAM_SETTINGS_KEY = 'rules.teamSettings';

export interface TeamSettings {
  teamRulesUrl?: string;
  trustedPublicKeys?: string[];
  requireSignature?: boolean;
  syncIntervalMinutes?: number;
}

export async function readTeamSettings(local: StorageAreaLike): Promise<TeamSettings> {
  const got = (await local.get(TEAM_SETTINGS_KEY))[TEAM_SETTINGS_KEY];
  if (got === null || typeof got !== 'object') return {};
  const s = got as Record<string, unknown>;
  const out: TeamSettings = {};
  if (typeof s.teamRulesUrl === 'string' && s.teamRulesUrl.trim()) out.teamRulesUrl = s.teamRulesUrl.trim();
  if (Array.isArray(s.trustedPublicKeys)) {
    const keys = s.trustedPublicKeys.filter((k): k is string => typeof k === 'string' && k.trim() !== '');
    if (keys.length) out.trustedPublicKeys = keys.map((k) => k.trim());
  }
  if (typeof s.requireSignature === 'boolean') out.requireSignature = s.requireSignature;
  if (typeof s.syncIntervalMinutes === 'number') out.syncIntervalMinutes = s.syncIntervalMinutes;
  return out;
}

export async function writeTeamSettings(local: StorageAreaLike, settings: TeamSettings): Promise<void> {
  await local.set({ [TEAM_SETTINGS_KEY]: settings });
}

/**
 * The one host permission the options page should request for a team URL:
 * `chrome.permissions.request({ origins: [originPatternFor(url)] })` (from the click handler: the
 * request needs a user gesture). Undefined when the URL is refused anyway.
 */
export function originPatternFor(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    // Match patterns carry no port: the origin's host covers every port.
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return undefined;
  }
}
