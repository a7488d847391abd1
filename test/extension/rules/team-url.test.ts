import { describe, expect, it } from 'vitest';
import { checkTeamUrl } from '../../../extension/background/rules/team-url';
import { originPatternFor } from '../../../extension/background/rules/team-settings';

describe('checkTeamUrl', () => {
  it.each([
    ['https://rules.example.com/pack.json', true],
    ['https://rules.example.com:8443/a/b.json?x=1', true],
    ['http://127.0.0.1:8080/pack.json', true],
    ['http://localhost:3000/pack.json', true],
    ['http://LOCALHOST/pack.json', true],
    ['http://[::1]:9000/pack.json', true],
    ['http://rules.example.com/pack.json', false],
    ['http://127.0.0.2/pack.json', false],
    ['http://localhost.example.com/pack.json', false],
    ['http://10.0.0.1/pack.json', false],
    ['ftp://rules.example.com/pack.json', false],
    ['file:///etc/passwd', false],
    ['data:application/json,{}', false],
    ['https://user:pass@rules.example.com/pack.json', false],
    ['not a url', false],
    ['', false],
  ])('%s → allowed %s', (url, allowed) => {
    const r = checkTeamUrl(url);
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.reason).toMatch(/\.$/);
  });

  it('names the host and HTTPS when refusing plain http', () => {
    const r = checkTeamUrl('http://rules.example.com/pack.json');
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('rules.example.com') });
    expect(!r.ok && r.reason).toMatch(/HTTPS/);
  });
});

describe('originPatternFor', () => {
  it.each([
    ['https://rules.example.com:8443/a/pack.json', 'https://rules.example.com/*'],
    ['http://127.0.0.1:4567/pack.json', 'http://127.0.0.1/*'],
    ['ftp://x.example.com/', undefined],
    ['nope', undefined],
  ])('%s → %s', (url, pattern) => {
    expect(originPatternFor(url)).toBe(pattern);
  });
});
