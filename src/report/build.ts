import type { Finding, KeptValue, RedactionReport } from './types';

export function buildReport(findings: Finding[], entries: number, warnings: string[]): RedactionReport {
  const byLabel: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  let replacements = 0;
  let kept = 0;
  for (const f of findings) {
    // A value the user chose to keep stays in clear: it is counted apart, never as redacted.
    if (f.kept) {
      kept++;
      continue;
    }
    byLabel[f.label] = (byLabel[f.label] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    replacements += f.count;
  }
  findings.sort((a, b) => a.label.localeCompare(b.label) || b.count - a.count);
  return {
    findings,
    secrets: findings.length - kept,
    replacements,
    entries,
    byLabel,
    byRule,
    warnings,
    ...(kept > 0 ? { kept } : {}),
  };
}

/** The values left in clear on the user's decision, for `log._redaction.kept` (no value, only its tag). */
export function keptValues(findings: Finding[]): KeptValue[] {
  return findings
    .filter((f) => f.kept)
    .map((f) => ({
      ruleId: f.ruleId,
      label: f.label,
      tag: f.tag,
      count: f.count,
      decidedBy: 'user' as const,
    }));
}
