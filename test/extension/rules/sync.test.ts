import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeRulesState } from '../../../extension/background/rules/state';
import { syncTeamPack } from '../../../extension/background/rules/sync';
import { TEAM_SETTINGS_KEY } from '../../../extension/background/rules/team-settings';
import { TEAM_PACK_KEY } from '../../../extension/background/rules/team-store';
import type { RulePack } from '../../../src/index';
import type { SigningKeyPair } from '../../../src/rules/signature';
import { fakeBrowser } from './fake-browser';
import type { FakeBrowser } from './fake-browser';
import { servePack, startPackServer } from './pack-server';
import type { PackServer } from './pack-server';
import { acmePack, generateSigningKeyPair, signPack, tamper } from './team-fixtures';

const noUser = { rules: [], disabledRules: [] };

let server: PackServer;
let keyA: SigningKeyPair;
let keyB: SigningKeyPair;
let stranger: SigningKeyPair;
let b: FakeBrowser;

beforeAll(async () => {
  server = await startPackServer();
  [keyA, keyB, stranger] = await Promise.all([
    generateSigningKeyPair('Ed25519'),
    generateSigningKeyPair('ECDSA-P256'),
    generateSigningKeyPair('Ed25519'),
  ]);
});
afterAll(() => server.close());

beforeEach(() => {
  b = fakeBrowser({ timeoutMs: 300, maxBytes: 64 * 1024 });
  server.requests.length = 0;
});

function policy(extra: Record<string, unknown> = {}) {
  b.managed.replace({
    teamRulesUrl: server.url(),
    trustedPublicKeys: [keyA.publicKey],
    requireSignature: true,
    ...extra,
  });
}

async function teamState() {
  const state = await computeRulesState(b.host, noUser);
  return {
    state,
    team: state.status.find((s) => s.origin === 'team'),
    pack: state.ruleSet.packs.find((p) => p.origin === 'team'),
  };
}

/** A first successful sync of the pack signed by key A, version 1, at 10:00. */
async function establishLastGood() {
  policy();
  server.handle(servePack(JSON.stringify(await signPack(acmePack(), keyA.privateKey, server.url())), '"v1"'));
  const rec = await syncTeamPack(b.host);
  expect(rec?.lastError).toBeUndefined();
  b.setNow('2026-01-05T11:00:00.000Z');
}

async function expectLastGoodKept(errorPattern: RegExp) {
  const { state, team, pack } = await teamState();
  expect(pack).toEqual({ id: 'acme-team', version: '2026.1.0', origin: 'team', keyId: keyA.keyId });
  expect(state.ruleSet.rules.map((r) => r.id)).toContain('acme.tenant-secret');
  expect(team?.lastError).toMatch(errorPattern);
  expect(team?.lastSuccess).toBe('2026-01-05T10:00:00.000Z');
  expect(team?.lastAttempt).toBe('2026-01-05T11:00:00.000Z');
}

describe('team pack sync against a real server', () => {
  it('fetches with 200 + ETag, then sends If-None-Match and keeps the pack on 304', async () => {
    await establishLastGood();
    const first = await teamState();
    expect(first.team).toMatchObject({
      origin: 'team',
      url: server.url(),
      packId: 'acme-team',
      version: '2026.1.0',
      keyId: keyA.keyId,
      lastSuccess: '2026-01-05T10:00:00.000Z',
      fetchedAt: '2026-01-05T10:00:00.000Z',
    });
    expect(first.team?.lastError).toBeUndefined();
    expect(server.requests).toEqual([{ path: '/pack.json' }]);

    const rec = await syncTeamPack(b.host);
    expect(server.requests.at(-1)).toEqual({ path: '/pack.json', ifNoneMatch: '"v1"' });
    expect(rec).toEqual({
      url: server.url(),
      lastAttempt: '2026-01-05T11:00:00.000Z',
      lastSuccess: '2026-01-05T11:00:00.000Z',
    });
    const second = await teamState();
    expect(second.team?.fetchedAt).toBe('2026-01-05T10:00:00.000Z');
    expect(second.pack?.keyId).toBe(keyA.keyId);
  });

  it('replaces the pack when the server has a new version', async () => {
    await establishLastGood();
    const v2 = { ...acmePack(), version: '2026.2.0' };
    server.handle(servePack(JSON.stringify(await signPack(v2, keyA.privateKey, server.url())), '"v2"'));
    await syncTeamPack(b.host);
    expect((await teamState()).pack?.version).toBe('2026.2.0');
    expect(((await b.local.get(TEAM_PACK_KEY))[TEAM_PACK_KEY] as { etag: string }).etag).toBe('"v2"');
  });

  it('refuses an older version of the same pack (replayed), keeping the newer one', async () => {
    await establishLastGood();
    const older = { ...acmePack(), version: '2025.12.0', rules: acmePack().rules.slice(1) };
    server.handle(servePack(JSON.stringify(await signPack(older, keyA.privateKey, server.url())), '"old"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(/version 2025\.12\.0 of acme-team, older than 2026\.1\.0/);
  });

  // Issue 17.4: replay and rollback.
  describe('replay and rollback', () => {
    const serveSigned = async (pack: RulePack, audience: string, etag: string, expires?: string) =>
      server.handle(
        servePack(JSON.stringify(await signPack(pack, keyA.privateKey, audience, expires)), etag),
      );

    it('refuses a pack signed for another URL (here: a laxer pack of another id)', async () => {
      await establishLastGood();
      const lax = { ...acmePack(), id: 'acme-lax', version: '2027.1.0', rules: acmePack().rules.slice(2) };
      await serveSigned(lax, server.url('/lax.json'), '"lax"');
      await syncTeamPack(b.host);
      await expectLastGoodKept(/refused: it was signed for http:\/\/127\.0\.0\.1:\d+\/lax\.json, not for /);
    });

    it('refuses a lower version of another id from the same URL', async () => {
      await establishLastGood();
      await serveSigned({ ...acmePack(), id: 'acme-old', version: '2025.1.0' }, server.url(), '"o"');
      await syncTeamPack(b.host);
      await expectLastGoodKept(/version 2025\.1\.0 of acme-old, older than 2026\.1\.0 already accepted/);
    });

    it('remembers the highest version per URL across a change of URL and back', async () => {
      await establishLastGood();
      policy({ teamRulesUrl: server.url('/elsewhere.json') });
      policy();
      await b.local.set({ [TEAM_PACK_KEY]: undefined });
      await serveSigned({ ...acmePack(), version: '2025.1.0' }, server.url(), '"o"');
      const rec = await syncTeamPack(b.host);
      expect(rec?.lastError).toMatch(/older than 2026\.1\.0 already accepted from this URL/);
    });

    it('refuses different rules under the version in force', async () => {
      await establishLastGood();
      await serveSigned({ ...acmePack(), rules: acmePack().rules.slice(1) }, server.url(), '"same"');
      await syncTeamPack(b.host);
      await expectLastGoodKept(/different rules under version 2026\.1\.0/);
    });

    it('refuses an expired pack, and drops the stored pack once it expires', async () => {
      await establishLastGood();
      await serveSigned({ ...acmePack(), version: '2026.2.0' }, server.url(), '"e"', '2026-01-04');
      await syncTeamPack(b.host);
      await expectLastGoodKept(/refused: it expired on 2026-01-04/);
      b.setNow('2100-01-01T00:00:00.000Z');
      const { team, pack } = await teamState();
      expect(pack).toBeUndefined();
      expect(team?.lastError).toMatch(/no longer accepted: .*expired on 2099-12-31/);
    });

    it('refuses a pack signed in the old format (no audience, no expiry) with what to do', async () => {
      await establishLastGood();
      server.handle(
        servePack(
          JSON.stringify(await signPack({ ...acmePack(), version: '2026.2.0' }, keyA.privateKey)),
          '"x"',
        ),
      );
      await syncTeamPack(b.host);
      await expectLastGoodKept(
        /signature does not cover audience or expires: .*re-sign it with har-redact rules sign --audience URL --expires DATE/,
      );
    });
  });

  it('keeps the last good pack on HTTP 500 and records the error', async () => {
    await establishLastGood();
    server.handle((_q, res) => {
      res.writeHead(500);
      res.end();
    });
    await syncTeamPack(b.host);
    await expectLastGoodKept(/^The team rules server answered HTTP 500\.$/);
  });

  it('keeps the last good pack when the server never answers', async () => {
    await establishLastGood();
    server.handle(() => {});
    await syncTeamPack(b.host);
    await expectLastGoodKept(/did not answer within 0\.3 s/);
  });

  it('rejects an oversized pack and keeps the last good one', async () => {
    await establishLastGood();
    const big = { ...acmePack(), description: 'x'.repeat(70 * 1024) };
    server.handle(servePack(JSON.stringify(await signPack(big, keyA.privateKey, server.url())), '"big"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(/larger than 64 KB/);
  });

  it('rejects a tampered pack and keeps the last good one', async () => {
    await establishLastGood();
    const signed = await signPack({ ...acmePack(), version: '2026.3.0' }, keyA.privateKey, server.url());
    server.handle(servePack(JSON.stringify(tamper(signed)), '"t"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(/signature was rejected/);
  });

  it('rejects a pack signed by a key nobody trusts', async () => {
    await establishLastGood();
    server.handle(
      servePack(JSON.stringify(await signPack(acmePack(), stranger.privateKey, server.url())), '"s"'),
    );
    await syncTeamPack(b.host);
    await expectLastGoodKept(/signature was rejected/);
  });

  it('rejects an unsigned pack when policy requires a signature', async () => {
    await establishLastGood();
    server.handle(servePack(JSON.stringify(acmePack()), '"u"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(/^The team rule pack is not signed, and a signature is required\.$/);
  });

  // Issue 17.1: with a key configured, stripping the signature must not be a way in.
  it('rejects an unsigned pack when keys are configured, even if a signature is not required', async () => {
    policy({ requireSignature: false });
    server.handle(servePack(JSON.stringify(acmePack()), '"u"'));
    await syncTeamPack(b.host);
    const { team, pack } = await teamState();
    expect(team?.lastError).toBe('The team rule pack is not signed, and a trusted key is configured.');
    expect(pack).toBeUndefined();
  });

  it('rejects an invalid pack with the validator errors', async () => {
    await establishLastGood();
    const bad = { ...acmePack(), rules: [{ id: 'acme.x', target: 'headr', action: 'redact', names: ['x'] }] };
    server.handle(servePack(JSON.stringify(bad), '"bad"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(/^The team rule pack is invalid: rules\[0\]\.target: /);
    const { team } = await teamState();
    expect(team?.validationErrors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'rules[0].target' })]),
    );
  });

  it('rejects a pack with a duplicate key (issue 17.10)', async () => {
    await establishLastGood();
    const text = JSON.stringify(acmePack()).replace('"rules":', '"id":"other","rules":');
    server.handle(servePack(text, '"d"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(/^The team rule pack is not valid: duplicate key "id" at id\.$/);
  });

  it('rejects a body that is not JSON', async () => {
    await establishLastGood();
    server.handle(servePack('<html>login</html>', '"h"'));
    await syncTeamPack(b.host);
    await expectLastGoodKept(
      /^The team rule pack is not valid: not JSON: unexpected character "<" at line 1 column 1\.$/,
    );
  });

  it('accepts a pack signed by the second trusted key (rotation), naming that key', async () => {
    policy({ trustedPublicKeys: [keyA.publicKey, keyB.publicKey] });
    server.handle(
      servePack(JSON.stringify(await signPack(acmePack(), keyB.privateKey, server.url())), '"b"'),
    );
    await syncTeamPack(b.host);
    const { team, pack } = await teamState();
    expect(team?.lastError).toBeUndefined();
    expect(pack?.keyId).toBe(keyB.keyId);
    expect(pack?.keyId).not.toBe(keyA.keyId);
  });

  it('stops applying a stored pack once its key is no longer trusted, and refetches in full', async () => {
    await establishLastGood();
    policy({ trustedPublicKeys: [keyB.publicKey] });
    const { state, team } = await teamState();
    expect(state.ruleSet.packs.some((p) => p.origin === 'team')).toBe(false);
    expect(team?.lastError).toMatch(/no longer accepted/);
    server.handle(
      servePack(JSON.stringify(await signPack(acmePack(), keyB.privateKey, server.url())), '"v1"'),
    );
    await syncTeamPack(b.host);
    // No If-None-Match: a 304 would otherwise keep the pack the old key signed.
    expect(server.requests.at(-1)).toEqual({ path: '/pack.json' });
    expect((await teamState()).pack?.keyId).toBe(keyB.keyId);
  });

  it('refuses plain http to a non-loopback host without contacting it', async () => {
    b.managed.replace({ teamRulesUrl: 'http://rules.example.com/pack.json' });
    const rec = await syncTeamPack(b.host);
    expect(b.fetched).toEqual([]);
    expect(rec?.lastError).toMatch(/plain HTTP from rules\.example\.com/);
    expect((await teamState()).team?.lastError).toBe(rec?.lastError);
  });

  it('does nothing without a team URL', async () => {
    expect(await syncTeamPack(b.host)).toBeUndefined();
    expect(b.fetched).toEqual([]);
    expect((await computeRulesState(b.host, noUser)).status).toEqual([]);
  });

  it('uses the URL and key a user set in the options when policy sets none', async () => {
    await b.local.set({
      [TEAM_SETTINGS_KEY]: { teamRulesUrl: server.url('/user.json'), trustedPublicKeys: [keyB.publicKey] },
    });
    server.handle(
      servePack(JSON.stringify(await signPack(acmePack(), keyB.privateKey, server.url('/user.json'))), '"x"'),
    );
    await syncTeamPack(b.host);
    expect(server.requests.at(-1)?.path).toBe('/user.json');
    const { state } = await teamState();
    // The user's source (issue 17.2), verified by the user's key.
    expect(state.ruleSet.packs.find((p) => p.id === 'acme-team')).toMatchObject({
      origin: 'user',
      keyId: keyB.keyId,
    });
  });

  it('does not apply a pack fetched from a URL that is no longer configured', async () => {
    await establishLastGood();
    b.managed.replace({ teamRulesUrl: server.url('/other.json') });
    const { state, team } = await teamState();
    expect(state.ruleSet.packs.some((p) => p.origin === 'team')).toBe(false);
    expect(team).toEqual({ origin: 'team', url: server.url('/other.json') });
  });
});
