import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar, type RulePack } from '../../../src/index';
import { detectSecrets } from '../../../src/detect/registry';
import { Pass } from '../../../src/redact/context';
import { SecretRegistry } from '../../../src/redact/registry';
import { scrubRecurringText } from '../../../src/redact/text';
import { TextMemo } from '../../../src/redact/text-memo';
import { fake, seeded } from '../../support/fake-secrets';
import { entry, har } from '../../support/har-builder';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' as const }]);
const newPass = () => new Pass(rules, new Set(), new SecretRegistry(new Uint8Array(32).fill(7), new Set()));

describe('Pass: remembered work gives the same answers', () => {
  it('detect() on a repeated text returns what a fresh pass finds, with or without a key', () => {
    const rng = seeded(11);
    const texts = [
      `Bearer ${fake.jwt(rng)}`,
      fake.email(rng),
      `token=${fake.opaque(rng, 40)}`,
      fake.stripe(rng),
      'nothing here at all',
      '',
      'x'.repeat(3000) + fake.email(rng),
    ];
    const p = newPass();
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        for (const key of [undefined, '', 'password', 'x-api-key']) {
          const fresh = newPass().detect(text, key);
          expect(p.detect(text, key)).toEqual(fresh);
          expect(fresh.map((s) => s.d)).toEqual(
            detectSecrets(text, key ? { key } : {}).filter((d) =>
              fresh.some((s) => s.d.detector === d.detector),
            ),
          );
        }
      }
    }
  });

  it('a JWT seen again still carries its claims and signature everywhere, each sighting counted', () => {
    const rng = seeded(12);
    const email = fake.email(rng);
    const jwt = fake.jwt(rng, { email });
    const sig = jwt.split('.')[2];
    const auth = { name: 'authorization', value: `Bearer ${jwt}` };
    const input = har([
      entry({ requestHeaders: [auth] }),
      entry({ requestHeaders: [auth, { name: 'x-id-token', value: jwt }] }),
      entry({ content: { mimeType: 'application/json', text: JSON.stringify({ jwt, who: email, sig }) } }),
    ]);
    const { har: out, report } = redactHar(input, rules, { key: new Uint8Array(32).fill(3) });
    const text = JSON.stringify(out);
    for (const v of [jwt, email, sig]) expect(text).not.toContain(v);
    expect(report.findings.reduce((n, f) => n + f.count, 0)).toBeGreaterThanOrEqual(4);
  });

  it('JSON paths (built only when a value goes) name each finding where it was', () => {
    const body = {
      a: { items: [{ password: 'Zq8vLm2pXw' }, { note: 'mail ann.lee@example-mail.test' }] },
      credentials: { pin: 123456, list: ['Zq8vLm2pXwQ'] },
      'ann.lee2@example-mail.test': 1,
    };
    const input = har([entry({ content: { mimeType: 'application/json', text: JSON.stringify(body) } })]);
    const { report } = redactHar(input, rules, { key: new Uint8Array(32) });
    const where = report.findings.map((f) => [f.label, f.locations.map((l) => l.path)]);
    expect(where).toEqual([
      ['email', ['response.content.text.a.items[1].note']],
      // A key that is itself a secret is no part of the path (issue 13 §4).
      ['email', ['response.content.text{key}']],
      ['field:list', ['response.content.text.credentials.list[0]']],
      ['field:password', ['response.content.text.a.items[0].password']],
      ['field:pin', ['response.content.text.credentials.pin']],
    ]);
  });

  it('a header value found clean is skipped again only where it would be clean again', () => {
    const pack: RulePack = {
      schemaVersion: 1,
      id: 's',
      version: '1',
      rules: [
        { id: 's.ref', target: 'query', names: ['ref'], action: 'redact', scope: { hosts: ['*.acme.test'] } },
      ],
    };
    const scoped = mergeRules([
      { pack: builtinPack, origin: 'builtin' as const },
      { pack, origin: 'cli' as const },
    ]);
    const note = { name: 'x-note', value: 'ref=zzz999 shared by both hosts' };
    const input = har([
      // Clean on the first host, then the same text where a scoped rule applies.
      entry({ url: 'https://www.other.test/a', requestHeaders: [note] }),
      entry({ url: 'https://www.other.test/b', requestHeaders: [note] }),
      entry({ url: 'https://x.acme.test/c', requestHeaders: [note] }),
    ]);
    const out = redactHar(input, scoped, { key: new Uint8Array(32).fill(5) }).har.log.entries;
    // Where the rule applies the value is found (and then goes everywhere, as any found value).
    expect(out[2].request.headers[0].value).not.toContain('zzz999');
  });

  it('a text found clean under one key is scanned again under another', () => {
    const p = newPass();
    const token = fake.opaque(seeded(13), 32);
    expect(scrubRecurringText(p, token, 'h', 'x-trace')).toBe(token);
    expect(scrubRecurringText(p, token, 'h', 'x-trace')).toBe(token);
    expect(scrubRecurringText(p, token, 'h', 'client_secret')).toMatch(/^\[REDACTED /);
  });

  it('remembering clean texts changes nothing: the same output as each text scanned fresh', () => {
    const rng = seeded(14);
    const values = [
      'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
      'no-cache',
      fake.email(rng),
      `Bearer ${fake.jwt(rng)}`,
    ];
    const entries = Array.from({ length: 12 }, (_, i) =>
      entry({ requestHeaders: values.map((v, k) => ({ name: `x-h${(i + k) % 3}`, value: v })) }),
    );
    const key = new Uint8Array(32).fill(9);
    const together = redactHar(har(entries), rules, { key });
    const text = JSON.stringify(together.har.log.entries);
    // Each entry alone (a fresh pass, nothing remembered) writes the same placeholders.
    const alone = entries.map((e) => JSON.stringify(redactHar(har([e]), rules, { key }).har.log.entries[0]));
    expect(text).toBe(`[${alone.join(',')}]`);
    expect(together.report.findings.reduce((n, f) => n + f.count, 0)).toBe(24);
  });

  it('pass 2 replaces a value found late in every repeat of a string, and counts each', () => {
    const token = fake.opaque(seeded(15), 40);
    const note = { name: 'x-note', value: `seen ${token} here` };
    const plain = { name: 'x-plain', value: 'nothing to see in this one' };
    const input = har([
      ...Array.from({ length: 6 }, () => entry({ requestHeaders: [plain, note] })),
      entry({ requestHeaders: [{ name: 'x-api-key', value: token }] }),
    ]);
    const { har: out, report } = redactHar(input, rules, { key: new Uint8Array(32).fill(4) });
    const text = JSON.stringify(out);
    expect(text).not.toContain(token);
    expect(out.log.entries.slice(0, 6).map((e) => e.request.headers[0].value)).toEqual(
      Array(6).fill(plain.value),
    );
    const found = report.findings.find((f) => f.label === 'header:x-api-key');
    expect(found?.count).toBe(7);
  });
});

describe('TextMemo', () => {
  it('tells apart short texts that differ in one place, so they do not take each other’s slot', () => {
    // Users of one domain, ids of one prefix: the sampled hash used to skip the one place they differ.
    const texts = Array.from({ length: 200 }, (_, i) => `bench.user${i}.a1b2c3@example.test`);
    texts.push(...Array.from({ length: 200 }, (_, i) => `order-2026-${String(i).padStart(4, '0')}-open`));
    const memo = new TextMemo<number>(4096);
    const hashes = new Set(texts.map((t) => memo.hash(t, 'owner')));
    expect(hashes.size).toBe(texts.length);
    texts.forEach((t, i) => memo.set(memo.hash(t, 'owner'), t, 'owner', i));
    const kept = texts.filter((t, i) => memo.get(memo.hash(t, 'owner'), t, 'owner') === i).length;
    // 400 texts in 4 096 direct-mapped slots: a few share a slot by chance, not by shape.
    expect(kept).toBeGreaterThan(370);
  });
});
