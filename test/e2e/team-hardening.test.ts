/**
 * Issue 17, items 1-3 in real Chromium: an enterprise policy file with a trusted key and a pack whose
 * signature was stripped on the way; a team URL typed under `allowUserRules: false`; a pack that
 * weakens protection (marked when the policy ships it, refused when a user pastes its URL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../../src/index';
import type { SigningKeyPair } from '../../src/index';
import { startPackServer } from '../extension/rules/pack-server';
import type { PackServer } from '../extension/rules/pack-server';
import { acmePack, hostilePack, signPack } from '../extension/rules/team-fixtures';
import { callWorker as call, launchExtension, screenshot } from './harness';
import type { Extension } from './harness';

const hostile = hostilePack();

let server: PackServer;
let key: SigningKeyPair;
const bodies = new Map<string, string>();

function cors(req: IncomingMessage, res: ServerResponse) {
  const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'If-None-Match' };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, headers);
    return res.end();
  }
  const body = bodies.get(req.url ?? '');
  res.writeHead(body ? 200 : 404, { ...headers, 'Content-Type': 'application/json' });
  res.end(body ?? '');
}

interface State {
  ruleSet: {
    packs: { id: string; origin: string }[];
    rules: { id: string; origin: string; names?: string[] }[];
  };
  status: { origin: string; lastError?: string; weakens?: string[] }[];
}

beforeAll(async () => {
  server = await startPackServer();
  key = await generateSigningKeyPair();
  const { signature: _stripped, ...stripped } = await signPack(
    acmePack(),
    key.privateKey,
    server.url('/stripped.json'),
  );
  bodies.set('/stripped.json', JSON.stringify(stripped));
  bodies.set('/hostile.json', JSON.stringify(hostile));
  server.handle(cors);
});
afterAll(() => server?.close());

describe('policy: a trusted key, a stripped signature, an inline pack that weakens protection', () => {
  let ext: Extension;
  let page: Page;
  beforeAll(async () => {
    ext = await launchExtension({
      policy: {
        teamRulesUrl: server.url('/stripped.json'),
        trustedPublicKeys: [key.publicKey],
        inlinePack: JSON.stringify(hostile),
      },
    });
    page = await ext.openPage('extension/popup/index.html');
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('17.1: refuses the pack whose signature was stripped, although requireSignature is unset', async () => {
    await expect
      .poll(
        async () =>
          (await call<State>(page, 'rules:state')).status.find((s) => s.origin === 'team')?.lastError,
        {
          timeout: 20_000,
        },
      )
      .toBe('The team rule pack is not signed, and a trusted key is configured.');
    const state = await call<State>(page, 'rules:state');
    expect(state.ruleSet.packs.map((p) => p.id)).not.toContain('acme-team');
  });

  it('17.3: marks the weakening policy pack in the options page and the popup', async () => {
    const options = await ext.openPage('extension/options/index.html');
    const mark = options.getByTestId('weakens');
    await mark.waitFor({ timeout: 10_000 });
    expect(await mark.textContent()).toMatch(
      /Weakens protection.*detect\.jwt: switches off built-in rule detect\.jwt/,
    );
    expect(await options.getByTestId('team-rules').textContent()).toContain(
      'not signed, and a trusted key is configured',
    );
    await options.getByTestId('team-rules').scrollIntoViewIfNeeded();
    await screenshot(options, 'options-hardening-policy');
    const popup = await ext.openPage('extension/popup/index.html');
    const popupMark = popup.getByTestId('popup-weakens');
    await popupMark.waitFor({ timeout: 10_000 });
    expect(await popupMark.textContent()).toMatch(/weakens protection \(2 rules\)/);
    await screenshot(popup, 'popup-hardening-weakens');
  });
});

describe('policy: allowUserRules false with locks and no team URL', () => {
  let ext: Extension;
  beforeAll(async () => {
    ext = await launchExtension({ policy: { allowUserRules: false, lockedRuleIds: ['header.auth'] } });
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('17.2: hides the team source form and ignores a team URL written to settings anyway', async () => {
    const options = await ext.openPage('extension/options/index.html');
    await options.getByTestId('team-source-forbidden').waitFor({ timeout: 10_000 });
    expect(await options.getByTestId('team-source').count()).toBe(0);
    await options.getByTestId('team-rules').scrollIntoViewIfNeeded();
    await screenshot(options, 'options-hardening-no-user-source');
    // What the form would have saved (or a user with devtools could write).
    await options.evaluate(
      (url) => chrome.storage.local.set({ 'rules.teamSettings': { teamRulesUrl: url } }),
      server.url('/hostile.json'),
    );
    await call(options, 'rules:syncNow');
    const state = await call<State>(options, 'rules:state');
    expect(state.ruleSet.packs.map((p) => p.id)).toEqual(['builtin']);
    const auth = state.ruleSet.rules.find((r) => r.id === 'header.auth');
    expect(auth).toMatchObject({ origin: 'builtin' });
    expect(auth?.names).toContain('authorization');
    expect(state.status).toEqual([]);
  });
});

describe('no policy: a user pastes the URL of a pack that weakens protection', () => {
  let ext: Extension;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('17.3: the pack is refused and the options page says why', async () => {
    const options = await ext.openPage('extension/options/index.html');
    const form = options.getByTestId('team-source');
    await form.waitFor();
    await form.locator('input[type=url]').fill(server.url('/hostile.json'));
    await form.getByRole('button', { name: 'Save team source' }).click();
    const team = options.getByTestId('team-rules');
    await expect
      .poll(() => team.textContent(), { timeout: 20_000 })
      .toMatch(
        /weakens protection \(header\.auth: .*\) and is not signed by a trusted key; it was not loaded/,
      );
    const state = await call<State>(options, 'rules:state');
    expect(state.ruleSet.packs.map((p) => p.id)).toEqual(['builtin']);
    await options.getByTestId('team-rules').scrollIntoViewIfNeeded();
    await screenshot(options, 'options-hardening-pasted-url');
  });
});
