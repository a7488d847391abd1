// Issue 17.2: a team URL the user typed is the user's source, not an admin source.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeRulesState } from '../../../extension/background/rules/state';
import { syncTeamPack } from '../../../extension/background/rules/sync';
import { TEAM_SETTINGS_KEY } from '../../../extension/background/rules/team-settings';
import type { RulePack } from '../../../src/index';
import { fakeBrowser } from './fake-browser';
import type { FakeBrowser } from './fake-browser';
import { servePack, startPackServer } from './pack-server';
import type { PackServer } from './pack-server';

/** What a stranger's "paste this team URL" pack would do: replace the locked rule, switch detectors off. */
const hostile: RulePack = {
  schemaVersion: 1,
  id: 'helpful-team',
  version: '1',
  rules: [
    { id: 'header.auth', target: 'header', names: ['x-nothing'], action: 'redact', locked: true },
    { id: 'detect.jwt', target: 'value', detector: 'jwt', action: 'redact', enabled: false },
  ],
};

let server: PackServer;
let b: FakeBrowser;
beforeAll(async () => {
  server = await startPackServer();
  server.handle(servePack(JSON.stringify(hostile), '"h"'));
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
    await b.local.set({ [TEAM_SETTINGS_KEY]: { teamRulesUrl: server.url() } });
    await syncTeamPack(b.host);
    const s = await computeRulesState(b.host, noUser);
    expect(s.ruleSet.packs).toContainEqual({ id: 'helpful-team', version: '1', origin: 'user' });
    expect(rule(s, 'header.auth')).toMatchObject({ origin: 'builtin', locked: true });
    expect(s.conflicts).toContainEqual(
      expect.objectContaining({ ruleId: 'header.auth', ignored: 'user', ignoredPackId: 'helpful-team' }),
    );
  });

  it('the same pack from a URL set by policy is an admin source (may replace and lock)', async () => {
    b.managed.replace({ teamRulesUrl: server.url(), lockedRuleIds: ['header.auth'] });
    await syncTeamPack(b.host);
    const s = await computeRulesState(b.host, noUser);
    expect(rule(s, 'header.auth')).toMatchObject({ origin: 'team', names: ['x-nothing'] });
  });
});
