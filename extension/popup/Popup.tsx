import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CaptureSummary } from '../shared/protocol';
import { send } from '../shared/messaging';
import { DownloadButton } from '../shared/ui/DownloadButton';
import { RulesStatus } from './RulesStatus';
import { Summary } from '../shared/ui/Summary';

export const REVIEW_PAGE = 'extension/review/index.html';

export function Popup({ tabId }: { tabId: number | null }): JSX.Element {
  const [summary, setSummary] = useState<CaptureSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (tabId === null) return;
    send('capture:summary', { tabId }).then(setSummary, (e: Error) => setError(e.message));
  }, [tabId]);

  // A file picker would close the popup (and lose the file): pick it on a page of its own.
  const openFile = async () => {
    await chrome.tabs.create({ url: chrome.runtime.getURL(REVIEW_PAGE) });
    window.close();
  };

  const count = summary?.count ?? 0;
  const loading = summary === null && !error;

  return (
    <main class="popup">
      <h1>HAR Redactor</h1>
      <section aria-label="This tab's capture">
        {tabId !== null && (
          <p class="download-row">
            <DownloadButton source={{ kind: 'capture', tabId }} disabled={count === 0} />
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {loading ? (
          <p class="muted">Loading…</p>
        ) : count === 0 ? (
          <p class="muted">
            Nothing captured in this tab. Open DevTools (F12) on it: the “HAR Redactor” panel captures its
            requests.
          </p>
        ) : (
          <>
            <p data-testid="popup-count">
              <strong>{count}</strong> {count === 1 ? 'request' : 'requests'} captured in this tab.
            </p>
            {summary?.analysisError ? (
              <p class="error">Analysis failed: {summary.analysisError}</p>
            ) : summary?.report ? (
              <Summary
                findings={summary.report.findings}
                overview={summary.overview ?? undefined}
                testId="popup-summary"
              />
            ) : (
              <p class="muted">Analysing…</p>
            )}
          </>
        )}
      </section>
      <p class="actions">
        <button type="button" onClick={() => void openFile()}>
          Open a HAR file…
        </button>{' '}
        <button type="button" onClick={() => void chrome.runtime.openOptionsPage()}>
          Rules and options
        </button>
      </p>
      <hr />
      <RulesStatus />
    </main>
  );
}
