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
        const full = s.generation !== k.generation || s.analysedCount !== k.analysed;
        let next = full ? [] : k.rows.slice();
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

  return { summary, rows, error };
}
