// The engine's own safety (issue 13 §4): each case failed on the engine before the issue.
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const run = (h: ReturnType<typeof har>) => redactHar(h, rules, { key: new Uint8Array(32).fill(3) });

describe('text that merely looks like a placeholder is input like any other', () => {
  it('a value next to a look-alike `[REDACTED]` goes (it was kept: the text held `[REDACTED`)', () => {
    const secret = 'Zq8vLm2pXw7kQ4nB';
    const input = har([
      entry({
        method: 'POST',
        postData: { mimeType: 'application/json', text: JSON.stringify({ token: `[REDACTED] ${secret}` }) },
      }),
    ]);
    const text = run(input).har.log.entries[0].request.postData!.text!;
    expect(text).not.toContain(secret);
    expect(JSON.parse(text).token).toMatch(/^\[REDACTED field:token #[0-9a-f]{8}\]$/);
  });

  it('only placeholders of this run are skipped by later scans', () => {
    const input = har([
      entry({
        url: 'https://app.example.test/cb?state=[REDACTED%20x%20%2300000000]&password=Qw7rTy3uIo9pAs',
      }),
    ]);
    const url = run(input).har.log.entries[0].request.url;
    expect(url).not.toContain('Qw7rTy3uIo9pAs');
  });
});

describe('long texts are scanned in windows that never split a token', () => {
  it('finds a JWT that crosses the edge of a 512 KB window', () => {
    const jwt = fake.jwt(seeded(7), { sub: 'u_1' });
    // No newline and no separator near the edge: the cut would fall inside the token.
    const filler = '/'.repeat(512 * 1024 - 40);
    const text = `${filler}${jwt}${'/'.repeat(2000)}`;
    const input = har([entry({ content: { mimeType: 'text/plain', text } })]);
    const out = run(input).har.log.entries[0].response.content.text!;
    expect(out).not.toContain(jwt.slice(0, 30));
    expect(out).not.toContain(jwt.slice(-30));
    expect(out).toMatch(/\[REDACTED jwt #[0-9a-f]{8}\]/);
  });

  it('a token across the first cut that runs to the end of the text (once: endless recursion)', () => {
    const jwt = fake.jwt(seeded(8), { sub: 'u_2' });
    const text = `${'.'.repeat(512 * 1024 - 40)}${jwt}`;
    const input = har([entry({ content: { mimeType: 'text/plain', text } })]);
    const out = run(input).har.log.entries[0].response.content.text!;
    expect(out).not.toContain(jwt.slice(0, 30));
    expect(out).not.toContain(jwt.slice(-30));
    expect(out.slice(0, 512 * 1024 - 40)).toBe('.'.repeat(512 * 1024 - 40));
    expect(out.slice(512 * 1024 - 40)).toMatch(/^\[REDACTED jwt #[0-9a-f]{8}\]$/);
  });
});

describe('URLs inside URLs', () => {
  it('100 KB of nested `?x=https://…` redacts, without a stack overflow', () => {
    const secret = 'Zq8vLm2pXw7kQ4nB';
    let url = `https://a.example.test/in?token=${secret}`;
    while (url.length < 100 * 1024) url = `https://a.example.test/r?x=${url}`;
    const input = har([entry({ url, queryString: [] })]);
    const started = Date.now();
    const out = run(input).har.log.entries[0].request.url;
    expect(out).not.toContain(secret);
    expect(out.slice(0, 60)).toBe(url.slice(0, 60));
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('a name that is itself a secret', () => {
  it('never reaches a placeholder label, log._redaction or the report', () => {
    const name = '8f3a9c2e7b1d4f6a0e5c9b8a7d6f5e4c';
    const input = har([
      entry({
        requestHeaders: [
          { name: 'cookie', value: `${name}=Zq8vLm2pXw7kQ4nB` },
          { name: `x-auth-${name}`, value: 'Qw7rTy3uIo9pAs2d' },
        ],
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({ [name]: { password: 'Pw9xLm2qZk' } }),
        },
      }),
    ]);
    const { har: out, report } = run(input);
    const e = out.log.entries[0];
    expect(e.request.headers[0].value).toMatch(new RegExp(`^${name}=\\[REDACTED cookie #[0-9a-f]{8}\\]$`));
    expect(JSON.stringify(report)).not.toContain(name.slice(0, 12));
    expect(JSON.stringify((out.log as unknown as { _redaction: unknown })._redaction)).not.toContain(
      name.slice(0, 12),
    );
    for (const m of JSON.stringify(out).matchAll(/\[REDACTED ([^\]]*)\]/g)) {
      expect(m[1]).not.toContain(name.slice(0, 12));
    }
  });
});

describe('a credential of letters only is no word', () => {
  it('an invite_token of random letters in a JSON list goes, with the others (it stayed: "wordy")', () => {
    const letters = 'it_nahZrRuvqvSdZVuxypBSOufm';
    const input = har([
      entry({
        method: 'POST',
        postData: {
          mimeType: 'application/json',
          text: JSON.stringify({
            users: [
              { name: 'Ada', invite_token: 'rSc6VlXxal' },
              { name: 'Ken', invite_token: letters },
            ],
          }),
        },
      }),
    ]);
    const text = run(input).har.log.entries[0].request.postData!.text!;
    expect(text).not.toContain(letters);
    expect(text).not.toContain('rSc6VlXxal');
    expect(JSON.parse(text).users[1].invite_token).toMatch(/^\[REDACTED field:invite_token #[0-9a-f]{8}\]$/);
  });
});
