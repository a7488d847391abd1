import { describe, expect, it } from 'vitest';
import type { RulePack } from '../../../src/index';
import { builtinPack, mergeRules, redactHar, RedactionCancelled } from '../../../src/index';
import { entry, har, deepFreeze } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

const builtin = { pack: builtinPack, origin: 'builtin' as const };
const rules = mergeRules([builtin]);
const keyA = new Uint8Array(32).fill(1);
const keyB = new Uint8Array(32).fill(2);

function sample() {
  const tok = fake.opaque(seeded(9), 40);
  return {
    tok,
    input: har([
      entry({ requestHeaders: [{ name: 'x-api-key', value: tok }] }),
      entry({ url: `https://a.example.test/x?access_token=${tok}` }),
      entry({
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({ email: 'ann.lee@example-mail.test' }),
        },
      }),
    ]),
  };
}

describe('the core contract', () => {
  it('never mutates its input (deep-frozen input works) and keeps entries in order', () => {
    const { input } = sample();
    const before = JSON.stringify(input);
    const { har: out } = redactHar(deepFreeze(input), rules, { key: keyA });
    expect(JSON.stringify(input)).toBe(before);
    expect(out.log.entries.map((e) => e.request.url.split('?')[0])).toEqual(
      input.log.entries.map((e) => e.request.url.split('?')[0]),
    );
  });

  it('is deterministic for a key; tags differ between keys (no cross-file correlation)', () => {
    const { input } = sample();
    const a1 = JSON.stringify(redactHar(input, rules, { key: keyA }).har);
    const a2 = JSON.stringify(redactHar(input, rules, { key: keyA }).har);
    const b = JSON.stringify(redactHar(input, rules, { key: keyB }).har);
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
  });

  it('the report names rules, labels and locations, never a value', () => {
    const { input, tok } = sample();
    const { report } = redactHar(input, rules, { key: keyA });
    const text = JSON.stringify(report);
    expect(text).not.toContain(tok);
    expect(text).not.toContain('ann.lee');
    expect(report.secrets).toBeGreaterThanOrEqual(2);
    const f = report.findings.find((x) => x.label === 'header:x-api-key')!;
    expect(f.ruleId).toBe('header.auth');
    expect(f.count).toBe(3); // header, then the URL and its queryString in entry 1
    expect(f.locations.map((l) => l.entry)).toEqual([0, 1, 1]);
  });

  it('counts a secret once in a body that starts as JSON and breaks (cut, NDJSON)', () => {
    const pw = fake.opaque(seeded(11), 24);
    const pw2 = fake.opaque(seeded(12), 24);
    const bodies = [
      // Cut halfway: read as text after the JSON walk gave up.
      `{"password": "${pw}", "email": "ann.lee@example-mail.test", "items": [1, 2`,
      // NDJSON: the whole body is not JSON, each line is.
      `{"password": "${pw}"}\n{"user": {"email": "ann.lee@example-mail.test"}}\n{"password": "${pw2}"}`,
      // JSON inside a JSON string that breaks: the outer walk keeps its own count.
      JSON.stringify({ note: `{"password": "${pw}", broken`, email: 'ann.lee@example-mail.test' }),
    ];
    for (const text of bodies) {
      const input = har([entry({ content: { mimeType: 'application/json', text } })]);
      const { har: out, report } = redactHar(input, rules, { key: keyA });
      const body = out.log.entries[0].response.content.text!;
      expect(body).not.toContain(pw);
      expect(body).not.toContain('ann.lee');
      const count = (value: string) =>
        report.findings.filter((f) => body.includes(`#${f.tag}]`) && f.label.includes(value));
      expect(count('password').map((f) => f.count)).toEqual(text.includes(pw2) ? [1, 1] : [1]);
      expect(count('email').map((f) => f.count)).toEqual([1]);
    }
  });

  it('writes log._redaction with tool, packs and counts', () => {
    const { input } = sample();
    const { har: out, report } = redactHar(input, rules, {
      key: keyA,
      tool: { name: 't', version: '9' },
      now: '2026-11-28T00:00:00Z',
    });
    const m = (out.log as unknown as { _redaction: Record<string, unknown> })._redaction;
    expect(m.tool).toEqual({ name: 't', version: '9' });
    expect(m.redactedAt).toBe('2026-11-28T00:00:00Z');
    expect(m.packs).toEqual([{ id: 'builtin', version: builtinPack.version, origin: 'builtin' }]);
    expect((m.counts as { secrets: number }).secrets).toBe(report.secrets);
  });

  it('keepTags keeps a value the user chose, everywhere; locked rules refuse it', () => {
    const { input, tok } = sample();
    const first = redactHar(input, rules, { key: keyA });
    const tag = first.report.findings.find((f) => f.label === 'header:x-api-key')!.tag;
    const kept = redactHar(input, rules, { key: keyA, keepTags: [tag] });
    expect(JSON.stringify(kept.har)).toContain(tok);
    expect(kept.report.findings.find((f) => f.tag === tag)!.kept).toBe(true);

    const locked: RulePack = {
      schemaVersion: 1,
      id: 'team',
      version: '1',
      rules: [{ id: 'header.auth', target: 'header', names: ['x-api-key'], action: 'redact', locked: true }],
    };
    const lockedRules = mergeRules([builtin, { pack: locked, origin: 'team' }]);
    const refused = redactHar(input, lockedRules, { key: keyA, keepTags: [tag] });
    expect(JSON.stringify(refused.har)).not.toContain(tok);
  });

  it('disabledRules switch a rule off unless it is locked', () => {
    const input = har([entry({ requestHeaders: [{ name: 'cookie', value: 'theme=dark' }] })]);
    const off = redactHar(input, rules, { key: keyA, disabledRules: ['cookie.all'] });
    expect(off.har.log.entries[0].request.headers[0].value).toBe('theme=dark');
    const lockedPack: RulePack = {
      schemaVersion: 1,
      id: 'p',
      version: '1',
      rules: [{ id: 'cookie.all', target: 'cookie', names: ['*'], action: 'redact', locked: true }],
    };
    const on = redactHar(input, mergeRules([builtin, { pack: lockedPack, origin: 'policy' }]), {
      key: keyA,
      disabledRules: ['cookie.all'],
    });
    expect(on.har.log.entries[0].request.headers[0].value).toMatch(/REDACTED/);
  });

  it('a custom pack adds names, value patterns, removal and host scopes', () => {
    const pack: RulePack = {
      schemaVersion: 1,
      id: 'acme',
      version: '2',
      rules: [
        {
          id: 'acme.tenant',
          target: 'header',
          names: ['X-Acme-Tenant-Secret'],
          action: 'redact',
          label: 'acme-tenant',
        },
        { id: 'acme.drop', target: 'header', names: ['x-debug-dump'], action: 'remove' },
        { id: 'acme.ids', target: 'value', pattern: 'ACME-[0-9]{6}', action: 'redact', label: 'acme-id' },
        {
          id: 'acme.scoped',
          target: 'query',
          names: ['ref'],
          action: 'redact',
          scope: { hosts: ['*.acme.test'] },
        },
      ],
    };
    const r = mergeRules([builtin, { pack, origin: 'cli' }]);
    const input = har([
      entry({
        url: 'https://api.acme.test/x?ref=abc123XYZ789',
        requestHeaders: [
          { name: 'x-acme-tenant-secret', value: 'tenant-9f8e7d' },
          { name: 'X-Debug-Dump', value: 'everything' },
        ],
        content: { mimeType: 'text/plain', text: 'order ACME-123456 shipped' },
      }),
      entry({ url: 'https://other.example.test/x?ref=abc123XYZ789' }),
    ]);
    const out = redactHar(input, r, { key: keyA }).har;
    const e = out.log.entries[0];
    expect(e.request.headers.map((h) => h.name)).toEqual(['x-acme-tenant-secret']);
    expect(e.request.headers[0].value).toMatch(/^\[REDACTED acme-tenant #/);
    expect(e.response.content.text).toMatch(/^order \[REDACTED acme-id #[0-9a-f]+\] shipped$/);
    expect(e.request.url).not.toContain('abc123');
    // out of scope: the same name on another host stays... but the value itself was found (and is
    // secret-shaped: a short one would stay there, issue 13 §2), so it goes too
    expect(out.log.entries[1].request.url).not.toContain('abc123');
    expect((out.log as unknown as { _redaction: { packs: unknown[] } })._redaction.packs).toHaveLength(2);
  });

  it('scoped rules do not apply outside their scope', () => {
    const pack: RulePack = {
      schemaVersion: 1,
      id: 's',
      version: '1',
      rules: [
        {
          id: 's.ref',
          target: 'query',
          names: ['ref'],
          action: 'redact',
          scope: { hosts: ['*.acme.test'], paths: ['/api/'] },
        },
      ],
    };
    const r = mergeRules([builtin, { pack, origin: 'cli' }]);
    const out = redactHar(
      har([
        entry({ url: 'https://www.acme.test/docs?ref=nav' }),
        entry({ url: 'https://x.acme.test/api/y?ref=zzz999' }),
      ]),
      r,
      { key: keyA },
    ).har;
    expect(out.log.entries[0].request.url).toBe('https://www.acme.test/docs?ref=nav');
    expect(out.log.entries[1].request.url).not.toContain('zzz999');
  });

  it('reports progress and can be cancelled', () => {
    const { input } = sample();
    const seen: number[] = [];
    redactHar(input, rules, { key: keyA, onProgress: (d, t) => seen.push(d / t) });
    expect(seen.at(-1)).toBe(1);
    expect(() => redactHar(input, rules, { key: keyA, signal: { aborted: true } })).toThrow(
      RedactionCancelled,
    );
  });

  it('refuses what is not a HAR with an error, never a partial result', () => {
    expect(() => redactHar({} as never, rules)).toThrow(/not a HAR/);
    expect(() => redactHar({ log: { entries: 'x' } } as never, rules)).toThrow(/not a HAR/);
  });
});

describe('redactHarAsync', () => {
  it('gives the same result as redactHar for the same key, and a cancel set mid-run stops it', async () => {
    const { redactHarAsync } = await import('../../../src/index');
    const entries = Array.from({ length: 300 }, (_, i) =>
      entry({ url: `https://a.example.test/x/${i}?token=${'t0k3n' + i.toString().padStart(12, '0')}` }),
    );
    const input = har(entries);
    const sync = redactHar(input, rules, { key: keyA });
    const asyncResult = await redactHarAsync(input, rules, { key: keyA });
    expect(JSON.stringify(asyncResult.har)).toBe(JSON.stringify(sync.har));

    const signal = { aborted: false };
    let ticks = 0;
    const run = redactHarAsync(input, rules, {
      key: keyA,
      signal,
      onProgress: () => {
        ticks++;
      },
    });
    // A timer set now fires between two slices of the run, like a Cancel message would.
    setTimeout(() => {
      signal.aborted = true;
    }, 0);
    await expect(run).rejects.toBeInstanceOf(RedactionCancelled);
    expect(ticks).toBeLessThan(200);
  });
});

describe('deep structures', () => {
  it('a secret 1500 levels deep in an unknown _field is still removed', () => {
    const tok = 'sk_live_' + 'Q9w8E7r6T5y4U3i2O1p0AsDfGhJk';
    let deep: Record<string, unknown> = { api_key: tok };
    for (let i = 0; i < 1500; i++) deep = { n: deep };
    const input = har([entry({ extra: { _custom: deep } })]);
    const { har: out } = redactHar(input, rules, { key: keyA });
    expect(JSON.stringify(out)).not.toContain(tok);
  });
});
