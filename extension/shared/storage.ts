/**
 * The extension's settings: one typed schema with defaults and migrations, in `storage.local`.
 * Settings only — captured traffic never goes to `storage.local` (see capture-store.ts).
 */
import type { Rule } from '../../src/index';

export const SETTINGS_VERSION = 2;
export const SETTINGS_KEY = 'settings';

export interface Preferences {
  /** Keep the capture across navigations. On by default: support needs the whole repro. */
  preserveLog: boolean;
}

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** The user's custom rules (pack origin `user`). */
  userRules: Rule[];
  /** Individual rule ids switched off. */
  disabledRules: string[];
  /** Built-in rule groups switched off (the `group` field of built-in rules). */
  disabledGroups: string[];
  preferences: Preferences;
}

export const defaultSettings = (): Settings => ({
  version: SETTINGS_VERSION,
  userRules: [],
  disabledRules: [],
  disabledGroups: [],
  preferences: { preserveLog: true },
});

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * migrations[n] turns version n into n + 1. Version 1 (0.0.x previews) stored `customRules` and
 * a top-level `preserveLog`; version 2 groups preferences and adds rule groups.
 */
const migrations: Record<number, Migration> = {
  1: (old) => ({
    version: 2,
    userRules: Array.isArray(old.customRules) ? old.customRules : [],
    disabledRules: old.disabledRules,
    disabledGroups: [],
    preferences: {
      preserveLog: typeof old.preserveLog === 'boolean' ? old.preserveLog : true,
    },
  }),
};

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Brings anything read from storage to the current schema; unknown or broken fields get defaults. */
export function migrateSettings(raw: unknown): Settings {
  const defaults = defaultSettings();
  if (!raw || typeof raw !== 'object') return defaults;
  let obj = raw as Record<string, unknown>;
  let version = typeof obj.version === 'number' ? obj.version : 1;
  if (version > SETTINGS_VERSION) return defaults; // written by a newer build: do not guess
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) return defaults;
    obj = step(obj);
    version += 1;
  }
  const prefs = (obj.preferences ?? {}) as Record<string, unknown>;
  return {
    version: SETTINGS_VERSION,
    userRules: Array.isArray(obj.userRules)
      ? (obj.userRules as Rule[]).filter((r) => r && typeof r === 'object')
      : defaults.userRules,
    disabledRules: isStringArray(obj.disabledRules) ? obj.disabledRules : defaults.disabledRules,
    disabledGroups: isStringArray(obj.disabledGroups) ? obj.disabledGroups : defaults.disabledGroups,
    preferences: {
      preserveLog:
        typeof prefs.preserveLog === 'boolean' ? prefs.preserveLog : defaults.preferences.preserveLog,
    },
  };
}

/** The minimal storage area we need: lets tests pass an in-memory fake. */
export interface StorageAreaLike {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export async function loadSettings(area: StorageAreaLike): Promise<Settings> {
  const got = await area.get(SETTINGS_KEY);
  const settings = migrateSettings(got[SETTINGS_KEY]);
  if (JSON.stringify(got[SETTINGS_KEY]) !== JSON.stringify(settings)) {
    await area.set({ [SETTINGS_KEY]: settings });
  }
  return settings;
}

export async function updateSettings(
  area: StorageAreaLike,
  patch: Partial<Omit<Settings, 'version'>>,
): Promise<Settings> {
  const current = await loadSettings(area);
  const next = migrateSettings({
    ...current,
    ...patch,
    preferences: { ...current.preferences, ...(patch.preferences ?? {}) },
  });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}
