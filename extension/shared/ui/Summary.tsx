import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Finding, PackInfo, RedactionReport } from '../../../src/index';
import { describeName, summarizeFindings, summaryLine } from './categories';
import type { FindingsSummary } from './categories';
import { copyText, reportText } from './copy-report';

/**
 * What a redaction removes, in a few categories: one line, expandable to the names in each
 * category (height-capped). The one summary of panel, popup, review page and "Saved" messages.
 */
export function Summary({
  findings,
  overview,
  verb = 'Will remove',
  open = false,
  testId,
}: {
  /** The findings, or their `overview` when the background computed it. */
  findings?: readonly Finding[];
  overview?: FindingsSummary;
  verb?: string;
  open?: boolean;
  testId?: string;
}): JSX.Element {
  const s = useMemo(() => overview ?? summarizeFindings(findings ?? []), [findings, overview]);
  if (s.values === 0 && s.kept === 0) {
    return (
      <span class="summary-line" data-testid={testId}>
        No secrets found.
      </span>
    );
  }
  return (
    <details class="findings-summary" open={open} data-testid={testId}>
      <summary>
        {verb} <strong>{s.values}</strong> secret value{s.values === 1 ? '' : 's'} ({s.places} place
        {s.places === 1 ? '' : 's'}): {summaryLine(s)}
        {s.kept > 0 && <span class="kept-note">; {s.kept} kept in clear on purpose</span>}
      </summary>
      <ul class="categories">
        {s.categories.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong> — {c.values} value{c.values === 1 ? '' : 's'}
            {c.kept > 0 && `, ${c.kept} kept`} <span class="muted">({c.blurb})</span>
            {c.names.length > 0 && (
              <ul class="names">
                {c.names.slice(0, 50).map((n) => (
                  <li key={`${n.name}|${n.reason}`}>
                    {describeName(n.reason, n.name)} <span class="muted">— {n.source} rule</span>
                    {n.values > 1 || n.places > 1 ? (
                      <span class="muted">
                        {' '}
                        ({n.values} value{n.values === 1 ? '' : 's'}, {n.places} place
                        {n.places === 1 ? '' : 's'})
                      </span>
                    ) : null}
                  </li>
                ))}
                {c.names.length > 50 && <li class="muted">{c.names.length - 50} more…</li>}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** "Copy report": a short Markdown report for the ticket, with counts and no value. */
export function CopyReportButton({
  report,
  packs,
  fileName,
  disabled = false,
}: {
  /** The report, or how to get it when the button is pressed. */
  report: RedactionReport | null | (() => Promise<RedactionReport | null>);
  packs: readonly PackInfo[];
  fileName: string | null;
  disabled?: boolean;
}): JSX.Element {
  const [said, setSaid] = useState<string | null>(null);
  const copy = async () => {
    try {
      const r = typeof report === 'function' ? await report() : report;
      if (!r) throw new Error('there is no report yet.');
      await copyText(reportText({ report: r, packs, fileName }));
      setSaid('Report copied.');
    } catch (err) {
      setSaid(`Could not copy: ${(err as Error).message}`);
    }
    setTimeout(() => setSaid(null), 4000);
  };
  return (
    <span class="copy-report">
      <button
        type="button"
        disabled={disabled || !report}
        onClick={() => void copy()}
        title="Copy a short report for the ticket: counts, rule packs, what was kept. No secret values."
      >
        Copy report
      </button>
      <span role="status" class="muted">
        {said ? ` ${said}` : ''}
      </span>
    </span>
  );
}
