import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureSummary, EntrySummary, PanelServerMessage } from '../shared/protocol';
import { panelPortName } from '../shared/protocol';
import { send } from '../shared/messaging';

const PAGE = 5000;

/**
 * The tab's capture as the panel sees it: a summary pushed by the background and the rows,
 * fetched incrementally (appends) or again in full (clear, new analysis). Reconnects when the
 * worker restarts.
 */
export function useCapture(tabId: number) {
  const [summary, setSummary] = useState<CaptureSummary | null>(null);
  const [rows, setRows] = useState<EntrySummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** True while a big list is being fetched (the panel says "Loading N requests…"). */
  const [loading, setLoading] = useState(true);
  const known = useRef({
    generation: -1,
    analysed: -1,
    rows: [] as EntrySummary[],
    busy: false,
    again: false,
  });

  useEffect(() => {
    let closed = false;
    let port: chrome.runtime.Port | null = null;

    const refresh = async (s: CaptureSummary) => {
      const k = known.current;
      if (k.busy) {
        k.again = true;
        return;
      }
      k.busy = true;
      try {
        // Rows before the analysed point are final for this generation (the capture only appends and
        // the analysis is incremental): fetch again from the first row whose findings may have changed.
        const from =
          s.generation !== k.generation
            ? 0
            : Math.max(0, Math.min(k.rows.length, k.analysed, s.analysedCount));
        let next = k.rows.slice(0, from);
        if (!closed && s.count > next.length + PAGE) setLoading(true);
        while (next.length < s.count) {
          const page = await send('capture:list', { tabId, from: next.length, count: PAGE });
          if (page.generation !== s.generation) {
            next = [];
            break;
          }
          if (page.rows.length === 0) break;
          next = next.concat(page.rows);
        }
        if (s.count === 0) next = [];
        k.generation = s.generation;
        k.analysed = s.analysedCount;
        k.rows = next;
        if (!closed) {
          setRows(next);
          setError(null);
          setLoading(false);
        }
      } catch (err) {
        if (!closed) setError(err instanceof Error ? err.message : String(err));
      } finally {
        k.busy = false;
        if (k.again) {
          k.again = false;
          void send('capture:summary', { tabId }).then((s2) => {
            setSummary(s2);
            return refresh(s2);
          });
        }
      }
    };

    const connect = () => {
      if (closed) return;
      port = chrome.runtime.connect({ name: panelPortName(tabId) });
      port.onMessage.addListener((msg: PanelServerMessage) => {
        if (msg.type !== 'changed') return;
        setSummary(msg.summary);
        void refresh(msg.summary);
      });
      port.onDisconnect.addListener(() => {
        port = null;
        setTimeout(connect, 200);
      });
    };
    connect();
    return () => {
      closed = true;
      port?.disconnect();
    };
  }, [tabId]);

  return { summary, rows, error, loading };
}
