import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/index';
import { builtinPack, mergeRules, redactHar } from '../../src/index';
import { explainFinding, summarizeFindings, summaryLine } from '../../extension/shared/ui/categories';
import { reportText } from '../../extension/shared/ui/copy-report';
import { entry, har } from '../support/har-builder';
import { fake, fakeJwt, seeded } from '../support/fake-secrets';

const f = (label: string, ruleId: string, over: Partial<Finding> = {}): Finding => ({
  tag: `t${label}`,
  label,
  ruleId,
  origin: 'builtin',
  locked: false,
  count: 1,
  locations: [],
  ...over,
});

describe('findings in people’s words', () => {
  it.each([
    [f('header:authorization', 'header.auth'), 'credentials', 'header named Authorization', 'built-in'],
    [f('cookie:acme_session', 'cookie.all', { name: 'acme_session' }), 'cookies', 'cookie value', 'built-in'],
    [f('field:password', 'name.credentials'), 'credentials', 'field named password', 'built-in'],
    [f('field:email', 'field.identity'), 'personal', 'field named email', 'built-in'],
    [f('jwt', 'detect.jwt'), 'credentials', 'looks like a JWT', 'built-in'],
    [f('email', 'detect.pii'), 'personal', 'email address', 'built-in'],
    [f('card-number', 'detect.pii'), 'personal', 'card number (checksum valid)', 'built-in'],
    [f('field:account_id', 'field.identifiers'), 'identifiers', 'field named account_id', 'built-in'],
    [f('github-pat', 'detect.vendor'), 'credentials', 'looks like a github pat', 'built-in'],
    [f('pattern', 'my.tenant', { origin: 'user' }), 'other', 'matches your rule my.tenant', 'yours'],
    [f('header:x-acme', 'acme.h', { origin: 'team' }), 'credentials', 'header named X-Acme', 'team'],
    [f('query:code', 'query.oauth'), 'credentials', 'query parameter named code', 'built-in'],
  ])('%o → %s, “%s”, %s', (finding, category, reason, source) => {
    const e = explainFinding(finding);
    expect(e.category).toBe(category);
    expect(e.reason).toBe(reason);
    expect(e.source).toBe(source);
  });

  it('summarizes by category in a fixed order, kept values apart', () => {
    const s = summarizeFindings([
      f('cookie:a', 'cookie.all', { tag: '1', count: 3 }),
      f('cookie:b', 'cookie.all', { tag: '2' }),
      f('header:authorization', 'header.auth', { tag: '3', count: 2 }),
      f('email', 'detect.pii', { tag: '4', kept: true }),
    ]);
    expect(s.categories.map((c) => c.id)).toEqual(['credentials', 'cookies', 'personal']);
    expect(s.values).toBe(3);
    expect(s.places).toBe(6);
    expect(s.kept).toBe(1);
    expect(s.categories[1]).toMatchObject({ values: 2, places: 4, kept: 0 });
    expect(s.categories[2]).toMatchObject({ values: 0, kept: 1 });
    expect(summaryLine(s)).toBe('1 credential or token, 2 session cookies');
  });
});

describe('Copy report', () => {
  it('has the counts, packs and what was kept, and none of the secret values', () => {
    const rnd = seeded(21);
    const secrets = {
      bearer: fake.opaque(rnd, 40),
      cookie: fake.opaque(rnd, 32),
      jwt: fakeJwt(rnd),
      password: `Pw-${fake.opaque(rnd, 16)}`,
      kept: fake.opaque(rnd, 36),
    };
    const input = har([
      entry({
        requestHeaders: [
          { name: 'Authorization', value: `Bearer ${secrets.bearer}` },
          { name: 'Cookie', value: `sid=${secrets.cookie}` },
          { name: 'x-api-key', value: secrets.kept },
        ],
      }),
      entry({
        method: 'POST',
        postData: {
          mimeType: 'application/json',
          text: JSON.stringify({
            password: secrets.password,
            token: secrets.jwt,
            email: 'ann.lee@example-mail.test',
          }),
        },
      }),
    ]);
    const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
    const key = new Uint8Array(32).fill(5);
    const first = redactHar(input, rules, { key });
    const keepTag = first.report.findings.find((x) => x.label === 'header:x-api-key')!.tag;
    const { report } = redactHar(input, rules, { key, keepTags: [keepTag] });
    const text = reportText({ fileName: 'support.redacted.har', report, packs: rules.packs });
    for (const v of Object.values(secrets)) expect(text).not.toContain(v);
    expect(text).not.toContain('ann.lee');
    expect(text).toContain('support.redacted.har');
    expect(text).toContain(`Removed: ${report.secrets} secret value(s)`);
    expect(text).toMatch(/\| Credentials & tokens \| \d+ \| \d+ \|/);
    expect(text).toMatch(/\| Session cookies \| 1 \| \d+ \|/);
    expect(text).toContain('Kept on purpose (left in clear by the user): 1 value(s)');
    expect(text).toContain(`#${keepTag}`);
    expect(text).toContain('builtin 1.0.0 (built-in)');
  });
});
