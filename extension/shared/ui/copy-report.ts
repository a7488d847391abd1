/**
 * The short report a user pastes into a ticket: file name, counts by category, rule packs and
 * versions, and what was kept on purpose. Built from the redaction report, which never holds a
 * value; names longer than a header name usually is are left out in case a name is itself a key.
 */
import type { PackInfo, RedactionReport } from '../../../src/index';
import { describeName, explainFinding, sourceName, summarizeFindings } from './categories';

const MAX_NAME = 40;
const safeName = (s: string) => (s.length > MAX_NAME || /[^\w .:@()/&’“”,-]/.test(s) ? '' : s);

export function reportText(input: {
  fileName: string | null;
  report: RedactionReport;
  packs: readonly PackInfo[];
}): string {
  const { report } = input;
  const s = summarizeFindings(report.findings);
  const lines = ['### HAR Redactor report', ''];
  if (input.fileName) lines.push(`- File: ${input.fileName}`);
  lines.push(`- Requests: ${report.entries}`);
  lines.push(`- Removed: ${s.values} secret value(s) in ${s.places} place(s)`);
  if (s.kept > 0) lines.push(`- Kept on purpose (left in clear by the user): ${s.kept} value(s)`);
  lines.push('', '| Category | Values | Places |', '| --- | ---: | ---: |');
  for (const c of s.categories) if (c.values > 0) lines.push(`| ${c.title} | ${c.values} | ${c.places} |`);
  for (const c of s.categories) {
    if (c.values === 0) continue;
    const top = c.names
      .slice(0, 8)
      .map((n) => safeName(describeName(n.reason, n.name)))
      .filter(Boolean);
    if (top.length) lines.push(`- ${c.title}: ${top.join('; ')}${c.names.length > 8 ? '; …' : ''}`);
  }
  const kept = report.findings.filter((f) => f.kept);
  if (kept.length > 0) {
    lines.push('', 'Kept on purpose:');
    for (const f of kept) {
      const e = explainFinding(f);
      lines.push(
        `- ${safeName(e.reason) || e.category} (rule ${f.ruleId}, ${e.source}) #${f.tag}, ${f.count} place(s)`,
      );
    }
  }
  if (input.packs.length > 0) {
    lines.push('', 'Rule packs:');
    for (const p of input.packs) lines.push(`- ${p.id} ${p.version} (${sourceName(p.origin)})`);
  }
  if (report.warnings.length > 0) lines.push('', `Warnings: ${report.warnings.length}`);
  return lines.join('\n') + '\n';
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is refused (DevTools frames). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    if (!ok) throw new Error('The browser refused to copy.');
  }
}
