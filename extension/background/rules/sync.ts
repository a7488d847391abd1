/**
 * Team-pack sync: on install, on start-up, on an alarm, when policy or the user's team settings
 * change, and on "Sync now". Whatever fails, the last good pack stays in force and the failure is
 * recorded as one sentence for the options page and popup.
 */
import { parsePackJson } from '../../../src/index';
import { checkPack } from './check-pack';
import { fetchPackText } from './fetch-pack';
import { compareVersions } from './pack-version';
import type { RulesHost, StorageChange } from './host';
import { readPolicy } from './policy';
import type { TeamPolicy } from './policy';
import { teamConfig } from './team-config';
import type { TeamConfig } from './team-config';
import { TEAM_SETTINGS_KEY, readTeamSettings } from './team-settings';
import {
  TEAM_PACK_KEY,
  TEAM_STATUS_KEY,
  readStoredPack,
  readSyncRecord,
  writeSyncResult,
} from './team-store';
import type { TeamSyncRecord } from './team-store';
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
  if (stored?.url === url && stored.etag && (await checkPack(stored.pack, cfg)).ok) etag = stored.etag;

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
  const checked = await checkPack(data, cfg);
  if (!checked.ok) return fail(checked.error, checked.validationErrors);
  if (stored?.url === url && stored.pack.id === checked.pack.id) {
    const order = compareVersions(checked.pack.version, stored.pack.version);
    if (order !== undefined && order < 0) {
      return fail(
        `The server sent version ${checked.pack.version} of ${checked.pack.id}, older than ${stored.pack.version} in force; it was not loaded.`,
      );
    }
  }
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
