import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeRulesState } from '../../../extension/background/rules/state';
import { SYNC_ALARM, createRuleSync } from '../../../extension/background/rules/sync';
import type { RuleSync } from '../../../extension/background/rules/sync';
import { TEAM_SETTINGS_KEY } from '../../../extension/background/rules/team-settings';
import type { SigningKeyPair } from '../../../src/rules/signature';
import { fakeBrowser } from './fake-browser';
import type { FakeBrowser } from './fake-browser';
import { servePack, startPackServer } from './pack-server';
import type { PackServer } from './pack-server';
import { acmePack, generateSigningKeyPair, signPack } from './team-fixtures';

let server: PackServer;
let key: SigningKeyPair;
let b: FakeBrowser;
let sync: RuleSync;

beforeAll(async () => {
  server = await startPackServer();
  key = await generateSigningKeyPair();
  const v1 = JSON.stringify(await signPack(acmePack(), key.privateKey, server.url()));
  const v2 = JSON.stringify(
    await signPack({ ...acmePack(), id: 'acme-eu', version: '9' }, key.privateKey, server.url('/eu.json')),
  );
  server.handle((req, res) => {
    if (req.url === '/eu.json') return servePack(v2, '"eu"')(req, res);
    return servePack(v1, '"v1"')(req, res);
  });
});
afterAll(() => server.close());

beforeEach(() => {
  b = fakeBrowser();
  server.requests.length = 0;
  sync = createRuleSync(b.host);
});

const teamPackIds = async (origin: 'team' | 'user' = 'team') =>
  (await computeRulesState(b.host, { rules: [], disabledRules: [] })).ruleSet.packs
    .filter((p) => p.origin === origin)
    .map((p) => `${p.id}@${p.version}`);

/** Lets the fire-and-forget work started by an event finish. */
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 10));
    await sync.idle();
  }
};

describe('rule sync wiring', () => {
  it('syncs on install and schedules the alarm at the policy interval', async () => {
    b.managed.replace({
      teamRulesUrl: server.url(),
      trustedPublicKeys: [key.publicKey],
      syncIntervalMinutes: 30,
    });
    sync.start();
    b.onInstalled.fire({ reason: 'install' });
    await settle();
    expect(await teamPackIds()).toEqual(['acme-team@2026.1.0']);
    expect(b.alarms.alarms.get(SYNC_ALARM)).toEqual({
      name: SYNC_ALARM,
      delayInMinutes: 30,
      periodInMinutes: 30,
    });
  });

  it('syncs on browser start-up and when the alarm fires (conditional the second time)', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    sync.start();
    b.onStartup.fire();
    await settle();
    expect(server.requests).toEqual([{ path: '/pack.json' }]);
    b.alarms.fire(SYNC_ALARM);
    await settle();
    expect(server.requests.at(-1)).toEqual({ path: '/pack.json', ifNoneMatch: '"v1"' });
    expect(b.alarms.alarms.get(SYNC_ALARM)?.periodInMinutes).toBe(60);
  });

  it('syncs again when the user grants a host permission', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    sync.start();
    b.onPermissionsAdded.fire({ origins: ['http://127.0.0.1/*'] });
    await settle();
    expect(server.requests.map((r) => r.path)).toEqual(['/pack.json']);
  });

  it('ignores other alarms', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    sync.start();
    await settle();
    const before = server.requests.length;
    b.alarms.alarms.set('something-else', { name: 'something-else' });
    b.alarms.fire('something-else');
    await new Promise((r) => setTimeout(r, 20));
    expect(server.requests.length).toBe(before);
  });

  it('does not restart the alarm each time the worker wakes up', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    sync.start();
    await settle();
    createRuleSync(b.host).start();
    createRuleSync(b.host).start();
    await new Promise((r) => setTimeout(r, 20));
    expect(b.alarms.created).toBe(1);
  });

  it('follows a live policy change: new URL fetched, new interval, listeners told', async () => {
    b.managed.replace({
      teamRulesUrl: server.url(),
      trustedPublicKeys: [key.publicKey],
      requireSignature: true,
    });
    sync.start();
    b.onInstalled.fire({ reason: 'install' });
    await settle();
    let changes = 0;
    sync.onChange(() => changes++);
    b.managed.replace({
      teamRulesUrl: server.url('/eu.json'),
      trustedPublicKeys: [key.publicKey],
      requireSignature: true,
      syncIntervalMinutes: 15,
    });
    await settle();
    expect(server.requests.at(-1)).toEqual({ path: '/eu.json' });
    expect(await teamPackIds()).toEqual(['acme-eu@9']);
    expect(b.alarms.alarms.get(SYNC_ALARM)?.periodInMinutes).toBe(15);
    expect(changes).toBeGreaterThan(0);
  });

  it('a lock added by policy takes effect without a sync', async () => {
    sync.start();
    const user = { rules: [], disabledRules: ['corp.pin'] };
    expect((await computeRulesState(b.host, user)).disabledRules).toEqual(['corp.pin']);
    b.managed.replace({ lockedRuleIds: ['corp.pin'] });
    expect((await computeRulesState(b.host, user)).disabledRules).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('syncs when the user sets a team URL in the options, and clears the alarm when it is removed', async () => {
    sync.start();
    await b.local.set({ [TEAM_SETTINGS_KEY]: { teamRulesUrl: server.url() } });
    await settle();
    // A URL the user typed is the user's source (issue 17.2).
    expect(await teamPackIds('user')).toEqual(['acme-team@2026.1.0']);
    expect(b.alarms.alarms.has(SYNC_ALARM)).toBe(true);
    await b.local.set({ [TEAM_SETTINGS_KEY]: {} });
    await settle();
    expect(b.alarms.alarms.has(SYNC_ALARM)).toBe(false);
    expect(await teamPackIds('user')).toEqual([]);
  });

  it('shares one request between concurrent "Sync now" calls', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    await Promise.all([sync.syncNow(), sync.syncNow(), sync.syncNow()]);
    expect(server.requests.length).toBe(1);
  });
});

describe('a configuration change during a sync', () => {
  it('fetches again with the new configuration once the running sync ends', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    sync.start();
    const running = sync.syncNow();
    b.managed.replace({ teamRulesUrl: server.url('/eu.json') });
    await running;
    await settle();
    expect(server.requests.map((r) => r.path)).toEqual(['/pack.json', '/eu.json']);
    expect(await teamPackIds()).toEqual(['acme-eu@9']);
  });
});
