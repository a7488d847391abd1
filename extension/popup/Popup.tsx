import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CaptureSummary } from '../shared/protocol';
import { send } from '../shared/messaging';
import { DownloadButton } from '../shared/ui/DownloadButton';
import { RulesStatus } from './RulesStatus';

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

  const labels = Object.entries(summary?.report?.byLabel ?? {}).sort((a, b) => b[1] - a[1]);
  const count = summary?.count ?? 0;

  return (
    <main class="popup">
      <h1>HAR Redactor</h1>
      <section aria-label="This tab's capture">
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {summary === null && !error ? (
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
            ) : labels.length > 0 ? (
              <table class="kv" aria-label="Findings by kind">
                <tbody>
                  {labels.map(([label, n]) => (
                    <tr key={label}>
                      <td>{label}</td>
                      <td>{n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">No secrets found so far.</p>
            )}
          </>
        )}
        {tabId !== null && (
          <p>
            <DownloadButton source={{ kind: 'capture', tabId }} disabled={count === 0} />
          </p>
        )}
      </section>
      <hr />
      <RulesStatus />
      <hr />
      <p>
        <button type="button" onClick={() => void openFile()}>
          Open a HAR file…
        </button>{' '}
        <button type="button" onClick={() => void chrome.runtime.openOptionsPage()}>
          Rules and options
        </button>
      </p>
    </main>
  );
}
