import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigningKeyPair } from '../../../src/rules/signature';
import { fakeBrowser } from './fake-browser';
import type { FakeBrowser } from './fake-browser';
import { servePack, startPackServer } from './pack-server';
import type { PackServer } from './pack-server';
import { acmePack, generateSigningKeyPair, signPack } from './team-fixtures';

// The module under test finds the browser through `globalThis.chrome`, as in the worker.
let b: FakeBrowser;
let server: PackServer;
let key: SigningKeyPair;
let rules: typeof import('../../../extension/background/rules/index');

beforeAll(async () => {
  b = fakeBrowser();
  (globalThis as Record<string, unknown>).chrome = {
    storage: { local: b.local, managed: b.managed, onChanged: b.host.onStorageChanged },
    alarms: b.alarms,
    runtime: { onInstalled: b.onInstalled, onStartup: b.onStartup },
  };
  server = await startPackServer();
  key = await generateSigningKeyPair();
  server.handle(servePack(JSON.stringify(await signPack(acmePack(), key.privateKey, server.url())), '"v1"'));
  rules = await import('../../../extension/background/rules/index');
});
afterAll(async () => {
  delete (globalThis as Record<string, unknown>).chrome;
  await server.close();
});

describe('the rules contract used by the worker', () => {
  it('without policy or team source: built-in and user rules, no status', async () => {
    const s = await rules.loadRulesState({ rules: [], disabledRules: ['x'] });
    expect(s.status).toEqual([]);
    expect(s.ruleSet.packs[0]).toMatchObject({ id: 'builtin', origin: 'builtin' });
    expect(s.disabledRules).toEqual(['x']);
  });

  it('startRuleSync + policy: syncs, notifies, and syncNow reports the status', async () => {
    rules.startRuleSync();
    let notified = 0;
    const off = rules.onRulesChanged(() => notified++);
    b.managed.replace({
      teamRulesUrl: server.url(),
      trustedPublicKeys: [key.publicKey],
      requireSignature: true,
    });
    const status = await rules.syncNow();
    expect(status).toEqual([
      expect.objectContaining({ origin: 'team', packId: 'acme-team', version: '2026.1.0', keyId: key.keyId }),
    ]);
    expect(notified).toBeGreaterThan(0);
    off();
    const s = await rules.loadRulesState({ rules: [], disabledRules: ['acme.tenant-secret'] });
    expect(s.ruleSet.packs).toContainEqual({
      id: 'acme-team',
      version: '2026.1.0',
      origin: 'team',
      keyId: key.keyId,
    });
    expect(s.disabledRules).toEqual([]);
  });
});
