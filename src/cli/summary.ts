import type { RedactionReport } from '../index';
import { REMOVED_UNREAD_WARNING } from '../redact/body';

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/**
 * Labels in a headline: the most frequent first, at most this many. A HAR with a key per service
 * (`svc0.api_key` … `svc399.api_key`) gave a headline of 20 KB; the rest is in --report and scan.
 */
const MAX_LABELS = 12;

function byLabel(report: RedactionReport): string {
  const labels = Object.entries(report.byLabel).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = labels.slice(0, MAX_LABELS).map(([label, n]) => `${label} ${n}`);
  const rest = labels.length - shown.length;
  if (rest > 0) shown.push(`and ${plural(rest, 'other label')}`);
  return shown.join(', ');
}

/** The numbers only: a report never holds a secret value, and neither does anything built from it. */
export function counts(report: RedactionReport) {
  return {
    entries: report.entries,
    secrets: report.secrets,
    replacements: report.replacements,
    byLabel: report.byLabel,
    byRule: report.byRule,
    warnings: report.warnings,
  };
}

export function redactSummary(report: RedactionReport, wrote: string[]): string {
  const labels = byLabel(report);
  const lines = [
    `Redacted ${plural(report.secrets, 'secret')} (${plural(report.replacements, 'replacement')}) in ${plural(report.entries, 'entry', 'entries')}${labels ? `: ${labels}` : ''}`,
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
  if (wrote.length) lines.push(`Wrote ${wrote.join(' and ')}`);
  return lines.join('\n') + '\n';
}

const MAX_LOCATIONS = 5;

export function scanListing(report: RedactionReport): string {
  const entries = plural(report.entries, 'entry', 'entries');
  if (report.findings.length === 0) {
    // A body removed unread may hold anything: the file is not called clean (see scan's exit).
    const unread = report.warnings.filter((w) => w.endsWith(REMOVED_UNREAD_WARNING)).length;
    const head = unread
      ? `No secrets found in ${entries}, but ${plural(unread, 'body', 'bodies')} could not be read (see the warnings).`
      : `No secrets found in ${entries}.`;
    return [head, ...report.warnings.map((w) => `warning: ${w}`)].join('\n') + '\n';
  }
  const lines = [
    `Found ${plural(report.secrets, 'secret')} (${plural(report.replacements, 'occurrence')}) in ${entries}: ${byLabel(report)}`,
  ];
  for (const f of report.findings) {
    const name = f.name ? ` "${f.name}"` : '';
    lines.push(
      `  ${f.label}${name}  rule ${f.ruleId} (${f.origin}${f.locked ? ', locked' : ''})  ×${f.count}`,
    );
    for (const loc of f.locations.slice(0, MAX_LOCATIONS)) {
      lines.push(`    ${loc.entry === null ? 'log' : `entry ${loc.entry}`}  ${loc.path}`);
    }
    const more = Math.max(f.count, f.locations.length) - Math.min(f.locations.length, MAX_LOCATIONS);
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  lines.push(...report.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n') + '\n';
}

/**
 * Findings for machines. The correlation tag is left out unless the key was fixed (--key-file):
 * under a random per-run key it means nothing outside that run.
 */
export function scanJson(report: RedactionReport, withTags = false) {
  return {
    ...counts(report),
    findings: withTags ? report.findings : report.findings.map(({ tag: _tag, ...rest }) => rest),
  };
}
