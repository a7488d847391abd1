// Issue 17.2: a team URL the user typed is the user's source, not an admin source.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeRulesState } from '../../../extension/background/rules/state';
import { syncTeamPack } from '../../../extension/background/rules/sync';
import { TEAM_SETTINGS_KEY } from '../../../extension/background/rules/team-settings';
import { builtinPack } from '../../../src/index';
import type { RulePack } from '../../../src/index';
import type { SigningKeyPair } from '../../../src/rules/signature';
import { fakeBrowser } from './fake-browser';
import type { FakeBrowser } from './fake-browser';
import { servePack, startPackServer } from './pack-server';
import type { PackServer } from './pack-server';
import { generateSigningKeyPair, hostilePack, signPack } from './team-fixtures';

const hostile = hostilePack();

/** Takes the place of the locked built-in rule without weakening it (one more name). */
const auth = builtinPack.rules.find((r) => r.id === 'header.auth')!;
const wider: RulePack = {
  schemaVersion: 1,
  id: 'helpful-team',
  version: '1',
  rules: [{ ...auth, names: [...(auth.names ?? []), 'x-acme-extra'] }],
};

let server: PackServer;
let b: FakeBrowser;
let corpKey: SigningKeyPair;
beforeAll(async () => {
  server = await startPackServer();
  corpKey = await generateSigningKeyPair();
  const signedHostile = JSON.stringify(
    await signPack(hostile, corpKey.privateKey, server.url('/signed.json')),
  );
  server.handle((req, res) => {
    if (req.url === '/wider.json') return servePack(JSON.stringify(wider), '"w"')(req, res);
    if (req.url === '/signed.json') return servePack(signedHostile, '"s"')(req, res);
    return servePack(JSON.stringify(hostile), '"h"')(req, res);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  b = fakeBrowser();
});

const noUser = { rules: [], disabledRules: [] };
const rule = (s: Awaited<ReturnType<typeof computeRulesState>>, id: string) =>
  s.ruleSet.rules.find((r) => r.id === id);

describe('a user-typed team URL', () => {
  it('under allowUserRules: false is neither fetched nor merged', async () => {
    b.managed.replace({ allowUserRules: false, lockedRuleIds: ['header.auth'] });
    await b.local.set({ [TEAM_SETTINGS_KEY]: { teamRulesUrl: server.url() } });
    server.requests.length = 0;
    expect(await syncTeamPack(b.host)).toBeUndefined();
    expect(server.requests).toEqual([]);
    const s = await computeRulesState(b.host, noUser);
    expect(s.ruleSet.packs.map((p) => p.id)).toEqual(['builtin']);
    expect(rule(s, 'header.auth')).toMatchObject({
      origin: 'builtin',
      names: expect.arrayContaining(['authorization']),
    });
    expect(rule(s, 'detect.jwt')?.enabled).not.toBe(false);
  });

  it('when user rules are allowed, merges as the user source: it cannot replace a locked rule', async () => {
    b.managed.replace({ lockedRuleIds: ['header.auth'] });
    await b.local.set({ [TEAM_SETTINGS_KEY]: { teamRulesUrl: server.url('/wider.json') } });
    await syncTeamPack(b.host);
    const s = await computeRulesState(b.host, noUser);
    expect(s.ruleSet.packs).toContainEqual({ id: 'helpful-team', version: '1', origin: 'user' });
    expect(rule(s, 'header.auth')).toMatchObject({ origin: 'builtin', locked: true });
    expect(rule(s, 'header.auth')?.names).not.toContain('x-acme-extra');
    expect(s.conflicts).toContainEqual(
      expect.objectContaining({ ruleId: 'header.auth', ignored: 'user', ignoredPackId: 'helpful-team' }),
    );
  });

  it('a pack from a URL set by policy, signed by its key, is an admin source (may replace and lock)', async () => {
    b.managed.replace({
      teamRulesUrl: server.url('/signed.json'),
      trustedPublicKeys: [corpKey.publicKey],
      lockedRuleIds: ['header.auth'],
    });
    await syncTeamPack(b.host);
    const s = await computeRulesState(b.host, noUser);
    expect(rule(s, 'header.auth')).toMatchObject({ origin: 'team', names: ['x-nothing'] });
  });
});

// Issue 17.3: a pack that weakens protection needs a trusted key's signature (or the policy store).
describe('a pack that weakens protection', () => {
  const weakensError =
    /^The team rule pack weakens protection \(header\.auth: replaces built-in rule header\.auth with one that matches less; detect\.jwt: switches off built-in rule detect\.jwt\) and is not signed by a trusted key; it was not loaded\.$/;

  it('is refused from a URL the user typed (the "paste this team URL" case)', async () => {
    await b.local.set({ [TEAM_SETTINGS_KEY]: { teamRulesUrl: server.url() } });
    const rec = await syncTeamPack(b.host);
    expect(rec?.lastError).toMatch(weakensError);
    const s = await computeRulesState(b.host, noUser);
    expect(s.ruleSet.packs.map((p) => p.id)).toEqual(['builtin']);
  });

  it('is refused unsigned even from a URL policy sets (the server or the path may be hostile)', async () => {
    b.managed.replace({ teamRulesUrl: server.url() });
    expect((await syncTeamPack(b.host))?.lastError).toMatch(weakensError);
  });

  it('signed by a trusted key: in force, and marked in the status', async () => {
    b.managed.replace({ teamRulesUrl: server.url('/signed.json'), trustedPublicKeys: [corpKey.publicKey] });
    await syncTeamPack(b.host);
    const s = await computeRulesState(b.host, noUser);
    expect(s.status[0]).toMatchObject({ origin: 'team', packId: 'helpful-team', keyId: corpKey.keyId });
    expect(s.status[0].weakens).toEqual([
      'header.auth: replaces built-in rule header.auth with one that matches less',
      'detect.jwt: switches off built-in rule detect.jwt',
    ]);
  });

  it("from the policy's inline pack: in force, and marked", async () => {
    b.managed.replace({ inlinePack: JSON.stringify(hostile) });
    const s = await computeRulesState(b.host, noUser);
    expect(s.ruleSet.packs).toContainEqual({ id: 'helpful-team', version: '1', origin: 'policy' });
    expect(s.status[0]).toMatchObject({
      origin: 'policy',
      weakens: expect.arrayContaining([expect.stringMatching(/^detect\.jwt/)]),
    });
  });

  it('a pack that only adds protection is not marked', async () => {
    b.managed.replace({ teamRulesUrl: server.url('/wider.json') });
    await syncTeamPack(b.host);
    const s = await computeRulesState(b.host, noUser);
    expect(s.status[0]).toMatchObject({ packId: 'helpful-team' });
    expect(s.status[0].weakens).toBeUndefined();
  });
});
