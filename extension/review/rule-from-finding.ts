import type { Finding, Rule, RuleTarget } from '../../src/index';

/** Which kind of name a finding stood under, from its first location path. */
export function targetOfFinding(finding: Finding): RuleTarget {
  const path = finding.locations[0]?.path ?? '';
  if (/cookies|cookie\b/i.test(path)) return 'cookie';
  if (/headers/i.test(path)) return 'header';
  if (/querystring|\burl\b|\.query/i.test(path)) return 'query';
  return 'field';
}

/** "Add a rule for this name": a user rule redacting that name from now on. */
export function ruleFromFinding(finding: Finding): Rule | null {
  if (!finding.name) return null;
  const target = targetOfFinding(finding);
  const slug =
    finding.name
      .toLowerCase()
      .replace(/[^a-z0-9._:-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'name';
  return {
    id: `user.${target}.${slug}`,
    description: `Added from a finding in the review page`,
    target,
    names: [finding.name],
    action: 'redact',
    label: finding.label,
  };
}
