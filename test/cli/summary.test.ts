import { describe, expect, it } from 'vitest';
import type { RedactionReport } from '../../src/index';
import { redactSummary, scanListing } from '../../src/cli/summary';

/** A report with `labels` labels, label i counted i + 1 times (no findings: the headline only). */
function report(labels: number): RedactionReport {
  const byLabel: Record<string, number> = {};
  for (let i = 0; i < labels; i++) byLabel[`query:svc${i}.api_key`] = i + 1;
  const total = Object.values(byLabel).reduce((a, b) => a + b, 0);
  return {
    findings: [],
    secrets: labels,
    replacements: total,
    entries: 3,
    byLabel,
    byRule: {},
    warnings: [],
  };
}

describe('CLI summary', () => {
  it('lists every label when there are few, the most frequent first', () => {
    expect(redactSummary(report(3), ['out.har'])).toBe(
      'Redacted 3 secrets (6 replacements) in 3 entries: query:svc2.api_key 3, query:svc1.api_key 2, ' +
        'query:svc0.api_key 1\nWrote out.har\n',
    );
  });

  it('names the twelve most frequent labels and counts the others', () => {
    const line = redactSummary(report(400), []).split('\n')[0];
    expect(line).toContain('query:svc399.api_key 400, query:svc398.api_key 399');
    expect(line).toContain('query:svc388.api_key 389, and 388 other labels');
    expect(line).not.toContain('query:svc387.api_key');
    expect(line.length).toBeLessThan(400);
    expect(redactSummary(report(13), []).split('\n')[0]).toMatch(/query:svc1\.api_key 2, and 1 other label$/);
  });

  it('caps the scan headline the same way', () => {
    const finding = { label: 'query:svc0.api_key', ruleId: 'r', origin: 'builtin', count: 1, locations: [] };
    const listed = { ...report(30), findings: [finding] } as unknown as RedactionReport;
    expect(scanListing(listed).split('\n')[0]).toMatch(/, and 18 other labels$/);
  });
});
