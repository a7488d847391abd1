import { describe, expect, it } from 'vitest';
import {
  SETTINGS_KEY,
  SETTINGS_VERSION,
  defaultSettings,
  loadSettings,
  migrateSettings,
  updateSettings,
} from '../../extension/shared/storage';
import { MemoryArea } from './fakes';

const rule = { id: 'user.x', target: 'header', names: ['X-Tenant'], action: 'redact' };

describe('settings schema and migrations', () => {
  it.each([
    ['nothing stored', undefined, defaultSettings()],
    ['not an object', 'garbage', defaultSettings()],
    ['written by a newer build', { version: SETTINGS_VERSION + 1, userRules: [rule] }, defaultSettings()],
    [
      'version 1 (customRules, top-level preserveLog)',
      { version: 1, customRules: [rule], disabledRules: ['a'], preserveLog: false },
      { ...defaultSettings(), userRules: [rule], disabledRules: ['a'], preferences: { preserveLog: false } },
    ],
    ['no version at all is version 1', { customRules: [rule] }, { ...defaultSettings(), userRules: [rule] }],
    [
      'current version with broken fields keeps the good ones',
      {
        version: 2,
        userRules: 'nope',
        disabledRules: [1, 2],
        disabledGroups: ['pii'],
        preferences: { preserveLog: 'yes' },
      },
      { ...defaultSettings(), disabledGroups: ['pii'] },
    ],
  ])('%s', (_name, stored, expected) => {
    expect(migrateSettings(stored)).toEqual(expected);
  });

  it('loadSettings writes a migrated copy back, once', async () => {
    const area = new MemoryArea();
    await area.set({ [SETTINGS_KEY]: { version: 1, customRules: [rule] } });
    const first = await loadSettings(area);
    expect(first.version).toBe(SETTINGS_VERSION);
    expect((await area.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(first);
    const writes = area.writes;
    await loadSettings(area);
    expect(area.writes).toBe(writes);
  });

  it('updateSettings merges preferences and keeps the rest', async () => {
    const area = new MemoryArea();
    await updateSettings(area, { disabledGroups: ['pii'] });
    const next = await updateSettings(area, { preferences: { preserveLog: false } });
    expect(next).toEqual({
      ...defaultSettings(),
      disabledGroups: ['pii'],
      preferences: { preserveLog: false },
    });
  });
});
