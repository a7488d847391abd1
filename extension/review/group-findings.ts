import type { Finding } from '../../src/index';

export interface RuleGroup {
  ruleId: string;
  findings: Finding[];
  replacements: number;
}

export interface KindGroup {
  label: string;
  rules: RuleGroup[];
  values: number;
  replacements: number;
}

/** Findings grouped by kind (label), then by rule; biggest groups first. */
export function groupFindings(findings: Finding[]): KindGroup[] {
  const kinds = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const rules = kinds.get(f.label) ?? new Map<string, Finding[]>();
    kinds.set(f.label, rules);
    rules.set(f.ruleId, [...(rules.get(f.ruleId) ?? []), f]);
  }
  const sum = (fs: Finding[]) => fs.reduce((n, f) => n + f.count, 0);
  return [...kinds]
    .map(([label, rules]) => {
      const ruleGroups = [...rules]
        .map(([ruleId, fs]) => ({ ruleId, findings: fs, replacements: sum(fs) }))
        .sort((a, b) => b.replacements - a.replacements || a.ruleId.localeCompare(b.ruleId));
      const all = ruleGroups.flatMap((r) => r.findings);
      return { label, rules: ruleGroups, values: all.length, replacements: sum(all) };
    })
    .sort((a, b) => b.replacements - a.replacements || a.label.localeCompare(b.label));
}
