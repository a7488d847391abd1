import type { Finding } from '../../src/index';
import { CATEGORIES, explainFinding } from '../shared/ui/categories';
import type { CategoryId } from '../shared/ui/categories';

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

/** The values found under one name for one reason ("cookie value" of `sid`, "looks like a JWT"). */
export interface NameGroup {
  key: string;
  name: string;
  reason: string;
  source: string;
  ruleIds: string[];
  findings: Finding[];
  places: number;
}

export interface CategoryGroup {
  id: CategoryId;
  title: string;
  blurb: string;
  names: NameGroup[];
  values: number;
  places: number;
  kept: number;
}

/**
 * The review page's grouping: by human category (fixed order), then by name and reason, biggest
 * first. A cookie found once per request is one name with many values, not one group per value.
 */
export function groupByCategory(findings: readonly Finding[], keep: ReadonlySet<string>): CategoryGroup[] {
  const cats = new Map<CategoryId, Map<string, NameGroup>>();
  for (const f of findings) {
    const e = explainFinding(f);
    const names = cats.get(e.category) ?? new Map<string, NameGroup>();
    cats.set(e.category, names);
    const key = `${e.category}|${e.name}|${e.reason}`;
    const g = names.get(key) ?? {
      key,
      name: e.name,
      reason: e.reason,
      source: e.source,
      ruleIds: [],
      findings: [],
      places: 0,
    };
    g.findings.push(f);
    g.places += f.count;
    if (!g.ruleIds.includes(f.ruleId)) g.ruleIds.push(f.ruleId);
    names.set(key, g);
  }
  return CATEGORIES.filter((c) => cats.has(c.id)).map((c) => {
    const names = [...cats.get(c.id)!.values()].sort(
      (a, b) => b.places - a.places || a.name.localeCompare(b.name),
    );
    const all = names.flatMap((n) => n.findings);
    const kept = all.filter((f) => isKept(f, keep)).length;
    return {
      id: c.id,
      title: c.title,
      blurb: c.blurb,
      names,
      values: all.length - kept,
      places: all.filter((f) => !isKept(f, keep)).reduce((n, f) => n + f.count, 0),
      kept,
    };
  });
}

/** Kept: the user chose it, and no locked rule refuses. */
export const isKept = (f: Finding, keep: ReadonlySet<string>): boolean => !f.locked && keep.has(f.tag);
