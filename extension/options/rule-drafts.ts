import type { Rule, RuleAction, RuleTarget } from '../../src/index';

/** A custom rule as the editor holds it: names as typed, split only when turned into a rule. */
export interface RuleDraft {
  id: string;
  target: RuleTarget;
  namesText: string;
  pattern: string;
  action: RuleAction;
  label: string;
}

export const TARGET_LABELS: Record<RuleTarget, string> = {
  header: 'Header name',
  cookie: 'Cookie name',
  query: 'Query parameter',
  field: 'Form / JSON key',
  name: 'Any name',
  value: 'Value pattern',
};

export function draftToRule(d: RuleDraft): Rule {
  const rule: Rule = { id: d.id.trim(), target: d.target, action: d.action };
  if (d.target === 'value') rule.pattern = d.pattern;
  else
    rule.names = d.namesText
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (d.label.trim()) rule.label = d.label.trim();
  return rule;
}

export function ruleToDraft(r: Rule): RuleDraft {
  return {
    id: r.id,
    target: r.target,
    namesText: (r.names ?? []).join(', '),
    pattern: r.pattern ?? '',
    action: r.action,
    label: r.label ?? '',
  };
}

export function newDraft(existing: RuleDraft[]): RuleDraft {
  let n = existing.length + 1;
  while (existing.some((d) => d.id === `user.rule-${n}`)) n++;
  return { id: `user.rule-${n}`, target: 'header', namesText: '', pattern: '', action: 'redact', label: '' };
}

/**
 * Validation errors by where they belong: `rules[2].names[0]` → row 2, field `names`; anything
 * not under a rule goes to the form as a whole (row -1).
 */
export function errorsByField(errors: { path: string; message: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) {
    const m = /^rules\[(\d+)\](?:\.([A-Za-z]+))?/.exec(e.path);
    const key = m ? `${m[1]}:${m[2] ?? ''}` : '-1:';
    out.set(key, [...(out.get(key) ?? []), e.message]);
  }
  return out;
}
