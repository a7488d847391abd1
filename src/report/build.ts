import type { Finding, KeptValue, RedactionReport } from './types';

export function buildReport(findings: Finding[], entries: number, warnings: string[]): RedactionReport {
  const byLabel: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const harmless: Record<string, number> = {};
  let replacements = 0;
  let kept = 0;
  // Values never replaced (count 0) were left because they cannot be credentials: listed as
  // harmless, by label. A value the user kept stands somewhere (count > 0).
  const listed = findings.filter((f) => {
    if (f.count > 0) return true;
    harmless[f.label] = (harmless[f.label] ?? 0) + 1;
    return false;
  });
  for (const f of listed) {
    // A value the user chose to keep stays in clear: it is counted apart, never as redacted.
    if (f.kept) {
      kept++;
      continue;
    }
    byLabel[f.label] = (byLabel[f.label] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    replacements += f.count;
  }
  listed.sort((a, b) => a.label.localeCompare(b.label) || b.count - a.count);
  const report: RedactionReport = {
    findings: listed,
    secrets: listed.length - kept,
    replacements,
    entries,
    byLabel,
    byRule,
    warnings,
    ...(kept > 0 ? { kept } : {}),
  };
  const labels = Object.keys(harmless).sort();
  if (labels.length) report.harmless = Object.fromEntries(labels.map((l) => [l, harmless[l]]));
  return report;
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
