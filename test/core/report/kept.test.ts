import { describe, expect, it } from 'vitest';
import type { RedactionManifest } from '../../../src/index';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { fake, seeded } from '../../support/fake-secrets';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const key = new Uint8Array(32).fill(7);

describe('values the user keeps', () => {
  it('stay in clear, are counted as kept and listed in log._redaction, never counted as redacted', () => {
    const tok = fake.opaque(seeded(3), 40);
    const other = fake.opaque(seeded(4), 40);
    const input = har([
      entry({
        requestHeaders: [
          { name: 'x-api-key', value: tok },
          { name: 'authorization', value: `Bearer ${other}` },
        ],
      }),
      entry({ url: `https://a.example.test/x?access_token=${tok}` }),
    ]);
    const first = redactHar(input, rules, { key });
    const f = first.report.findings.find((x) => x.label === 'header:x-api-key')!;
    const kept = redactHar(input, rules, { key, keepTags: [f.tag] });

    const text = JSON.stringify(kept.har);
    expect(text).toContain(tok);
    expect(text).not.toContain(other);
    expect(kept.report.kept).toBe(1);
    expect(kept.report.secrets).toBe(first.report.secrets - 1);
    expect(kept.report.replacements).toBe(first.report.replacements - f.count);
    expect(kept.report.byLabel['header:x-api-key']).toBeUndefined();

    const m = (kept.har.log as { _redaction?: RedactionManifest })._redaction!;
    expect(m.counts.secrets).toBe(kept.report.secrets);
    expect(m.counts.kept).toBe(1);
    expect(m.kept).toEqual([
      { ruleId: f.ruleId, label: 'header:x-api-key', tag: f.tag, count: f.count, decidedBy: 'user' },
    ]);
    // Without a kept value the manifest has no kept fields (outputs stay as they were).
    const plain = (first.har.log as { _redaction?: RedactionManifest })._redaction!;
    expect(plain.kept).toBeUndefined();
    expect(plain.counts.kept).toBeUndefined();
    expect(first.report.kept).toBeUndefined();
  });
});
