/**
 * Team-pack sync: on install, on start-up, on an alarm, when policy or the user's team settings
 * change, and on "Sync now". Whatever fails, the last good pack stays in force and the failure is
 * recorded as one sentence for the options page and popup.
 */
import { canonicalizePack, compareVersions, parsePackJson } from '../../../src/index';
import { checkPack } from './check-pack';
import { fetchPackText } from './fetch-pack';
import type { RulesHost, StorageChange } from './host';
import { readPolicy } from './policy';
import type { TeamPolicy } from './policy';
import { teamConfig } from './team-config';
import type { TeamConfig } from './team-config';
import { TEAM_SETTINGS_KEY, readTeamSettings } from './team-settings';
import {
  TEAM_PACK_KEY,
  TEAM_STATUS_KEY,
  readHighestVersions,
  readStoredPack,
  readSyncRecord,
  writeSyncResult,
} from './team-store';
import type { StoredTeamPack, TeamSyncRecord } from './team-store';
import type { RulePack } from '../../../src/index';
import { checkTeamUrl } from './team-url';

export const SYNC_ALARM = 'har-redactor.team-rules-sync';

/** Policy keys whose change means the team pack must be fetched (or checked) again. */
const SYNC_POLICY_KEYS: (keyof TeamPolicy)[] = [
  'teamRulesUrl',
  'trustedPublicKeys',
  'requireSignature',
  'syncIntervalMinutes',
];

export async function currentTeamConfig(host: RulesHost): Promise<TeamConfig> {
  return teamConfig(await readPolicy(host), await readTeamSettings(host.local));
}

/** One sync attempt. Returns the record written, or undefined when no team URL is configured. */
export async function syncTeamPack(host: RulesHost): Promise<TeamSyncRecord | undefined> {
  const cfg = await currentTeamConfig(host);
  if (!cfg.url) return undefined;
  const url = cfg.url;
  const now = host.now().toISOString();
  const prev = await readSyncRecord(host.local);
  const base: TeamSyncRecord = { url, lastAttempt: now };
  if (prev?.url === url && prev.lastSuccess) base.lastSuccess = prev.lastSuccess;
  const fail = async (lastError: string, validationErrors?: TeamSyncRecord['validationErrors']) => {
    const record: TeamSyncRecord = { ...base, lastError, ...(validationErrors ? { validationErrors } : {}) };
    await writeSyncResult(host.local, record);
    return record;
  };

  const checkedUrl = checkTeamUrl(url);
  if (!checkedUrl.ok) return fail(checkedUrl.reason);

  // Only ask "not modified?" about a pack that is still acceptable under today's keys; after a key
  // change the server must send the whole pack again.
  const stored = await readStoredPack(host.local);
  let etag: string | undefined;
  const ctx = { url, now: host.now(), weakeningNeedsKey: true };
  if (stored?.url === url && stored.etag && (await checkPack(stored.pack, cfg, undefined, ctx)).ok) {
    etag = stored.etag;
  }

  const res = await fetchPackText(checkedUrl.url, {
    fetch: host.fetch,
    timeoutMs: host.timeoutMs,
    maxBytes: host.maxBytes,
    ...(etag ? { etag } : {}),
  });
  if (res.kind === 'error') return fail(res.error);
  if (res.kind === 'not-modified') {
    if (!etag) return fail('The team rules server answered 304 Not Modified to a request without an ETag.');
    const record: TeamSyncRecord = { ...base, lastSuccess: now };
    await writeSyncResult(host.local, record);
    return record;
  }
  const parsed = parsePackJson(res.text);
  if (!parsed.ok) return fail(`The team rule pack is not valid: ${parsed.error}.`);
  const data = parsed.value;
  const checked = await checkPack(data, cfg, undefined, ctx);
  if (!checked.ok) return fail(checked.error, checked.validationErrors);
  const rollback = await rollbackProblem(host, url, checked.pack, stored);
  if (rollback) return fail(rollback);
  const record: TeamSyncRecord = { ...base, lastSuccess: now };
  await writeSyncResult(host.local, record, {
    url,
    pack: checked.pack,
    fetchedAt: now,
    ...(res.etag ? { etag: res.etag } : {}),
    ...(checked.keyId ? { keyId: checked.keyId } : {}),
  });
  return record;
}

/**
 * Versions are monotonic per source (URL), whatever the pack's id: lower than the highest accepted
 * from this URL is a rollback; the same version must be the same pack (else the admin forgot to bump
 * it, or someone swapped the rules under an old number).
 */
async function rollbackProblem(
  host: RulesHost,
  url: string,
  pack: RulePack,
  stored: StoredTeamPack | undefined,
): Promise<string | undefined> {
  const highest = (await readHighestVersions(host.local))[url];
  if (highest !== undefined && compareVersions(pack.version, highest) < 0) {
    return `The server sent version ${pack.version} of ${pack.id}, older than ${highest} already accepted from this URL; it was not loaded.`;
  }
  if (
    stored?.url === url &&
    compareVersions(pack.version, stored.pack.version) === 0 &&
    canonicalizePack(pack) !== canonicalizePack(stored.pack)
  ) {
    return `The server sent different rules under version ${pack.version}, the version in force; a changed pack needs a higher version. It was not loaded.`;
  }
  return undefined;
}

export interface RuleSync {
  /** Registers listeners; call once, synchronously, at the top level of the worker. */
  start(): void;
  /** Fetches now; concurrent calls share one request. */
  syncNow(): Promise<TeamSyncRecord | undefined>;
  /** Resolves once no sync is running (used by tests and by callers that want settled status). */
  idle(): Promise<void>;
  /** Keeps the alarm in line with the configured interval (none without a URL). */
  ensureAlarm(): Promise<void>;
  /** Called when anything that feeds loadRulesState changed. Returns an unsubscribe function. */
  onChange(cb: () => void): () => void;
}

export function createRuleSync(host: RulesHost): RuleSync {
  let inFlight: Promise<TeamSyncRecord | undefined> | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((cb) => cb());

  const syncNow = () => {
    inFlight ??= syncTeamPack(host).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const ensureAlarm = async () => {
    const alarms = host.alarms;
    if (!alarms) return;
    const cfg = await currentTeamConfig(host);
    if (!cfg.url) {
      await alarms.clear(SYNC_ALARM);
      return;
    }
    const existing = await alarms.get(SYNC_ALARM);
    // Re-creating an existing alarm restarts its period: only do it when the period changed, or a
    // worker that wakes often would never reach the alarm.
    if (existing?.periodInMinutes === cfg.syncIntervalMinutes) return;
    await alarms.create(SYNC_ALARM, {
      delayInMinutes: cfg.syncIntervalMinutes,
      periodInMinutes: cfg.syncIntervalMinutes,
    });
  };

  // A sync already running may have read the old configuration: run another one after it.
  const resync = () => {
    void ensureAlarm().catch(() => {});
    const running = inFlight;
    const next = running ? running.catch(() => undefined).then(() => syncNow()) : syncNow();
    void next.catch(() => {});
  };

  const onStorageChanged = (changes: Record<string, StorageChange>, area: string) => {
    if (area === 'managed') {
      if (SYNC_POLICY_KEYS.some((k) => k in changes)) resync();
      notify();
    } else if (area === 'local') {
      if (TEAM_SETTINGS_KEY in changes) resync();
      if (TEAM_SETTINGS_KEY in changes || TEAM_PACK_KEY in changes || TEAM_STATUS_KEY in changes) notify();
    }
  };

  return {
    syncNow,
    async idle() {
      while (inFlight) await inFlight.catch(() => {});
    },
    ensureAlarm,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    start() {
      host.onInstalled?.addListener(resync);
      host.onStartup?.addListener(resync);
      host.onPermissionsAdded?.addListener(resync);
      host.alarms?.onAlarm.addListener((alarm) => {
        if (alarm.name === SYNC_ALARM) void syncNow().catch(() => {});
      });
      host.onStorageChanged?.addListener(onStorageChanged);
      void ensureAlarm().catch(() => {});
    },
  };
}
