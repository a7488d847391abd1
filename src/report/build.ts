import type { Finding, RedactionReport } from './types';

export function buildReport(findings: Finding[], entries: number, warnings: string[]): RedactionReport {
  const byLabel: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  let replacements = 0;
  for (const f of findings) {
    byLabel[f.label] = (byLabel[f.label] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    replacements += f.count;
  }
  findings.sort((a, b) => a.label.localeCompare(b.label) || b.count - a.count);
  return { findings, secrets: findings.length, replacements, entries, byLabel, byRule, warnings };
}
