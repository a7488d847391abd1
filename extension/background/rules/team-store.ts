/** The last good team pack and the sync record, in storage.local (they hold no secrets). */
import type { RulePack } from '../../../src/index';
import type { StorageAreaLike } from './host';

export const TEAM_PACK_KEY = 'rules.teamPack';
export const TEAM_STATUS_KEY = 'rules.teamStatus';
/** Highest pack version accepted per team URL: survives a URL change and back (rollback guard). */
export const TEAM_HIGHEST_KEY = 'rules.teamHighest';

export interface StoredTeamPack {
  /** The URL it came from: a pack from a URL no longer configured is not in force. */
  url: string;
  pack: RulePack;
  etag?: string;
  keyId?: string;
  fetchedAt: string;
}

export interface TeamSyncRecord {
  url: string;
  lastAttempt?: string;
  lastSuccess?: string;
  lastError?: string;
  /** The validator's errors when the last fetched pack was invalid. */
  validationErrors?: { path: string; message: string }[];
}

export async function readStoredPack(local: StorageAreaLike): Promise<StoredTeamPack | undefined> {
  const v = (await local.get(TEAM_PACK_KEY))[TEAM_PACK_KEY] as StoredTeamPack | undefined;
  return v && typeof v === 'object' && typeof v.url === 'string' && v.pack ? v : undefined;
}

export async function readSyncRecord(local: StorageAreaLike): Promise<TeamSyncRecord | undefined> {
  const v = (await local.get(TEAM_STATUS_KEY))[TEAM_STATUS_KEY] as TeamSyncRecord | undefined;
  return v && typeof v === 'object' && typeof v.url === 'string' ? v : undefined;
}

export async function readHighestVersions(local: StorageAreaLike): Promise<Record<string, string>> {
  const v = (await local.get(TEAM_HIGHEST_KEY))[TEAM_HIGHEST_KEY];
  return v && typeof v === 'object' ? (v as Record<string, string>) : {};
}

export async function writeSyncResult(
  local: StorageAreaLike,
  record: TeamSyncRecord,
  pack?: StoredTeamPack,
): Promise<void> {
  if (!pack) {
    await local.set({ [TEAM_STATUS_KEY]: record });
    return;
  }
  const highest = { ...(await readHighestVersions(local)), [pack.url]: pack.pack.version };
  // One write, so a reader never sees a new pack with an old status or the reverse.
  await local.set({ [TEAM_STATUS_KEY]: record, [TEAM_PACK_KEY]: pack, [TEAM_HIGHEST_KEY]: highest });
}
