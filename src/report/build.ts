import type { Finding, RedactionReport } from './types';

export function buildReport(findings: Finding[], entries: number, warnings: string[]): RedactionReport {
  const byLabel: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const kept: Record<string, number> = {};
  let replacements = 0;
  // Values never replaced (count 0) were left because they cannot be credentials: listed as kept.
  const replaced = findings.filter((f) => {
    if (f.count > 0) return true;
    kept[f.label] = (kept[f.label] ?? 0) + 1;
    return false;
  });
  for (const f of replaced) {
    byLabel[f.label] = (byLabel[f.label] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    replacements += f.count;
  }
  replaced.sort((a, b) => a.label.localeCompare(b.label) || b.count - a.count);
  const report: RedactionReport = {
    findings: replaced,
    secrets: replaced.length,
    replacements,
    entries,
    byLabel,
    byRule,
    warnings,
  };
  const labels = Object.keys(kept).sort();
  if (labels.length) report.kept = Object.fromEntries(labels.map((l) => [l, kept[l]]));
  return report;
}
