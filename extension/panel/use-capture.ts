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
    latest: null as CaptureSummary | null,
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
        const sameGen = s.generation === k.generation;
        const have = sameGen ? k.rows : [];
        if (!closed && s.count > have.length + PAGE) setLoading(true);
        // Rows [from, analysed) again (newly analysed: findings and URL changed); rows known but not
        // analysed yet stay as they are; rows not seen yet are fetched.
        const fetchRange = async (a: number, b: number): Promise<EntrySummary[] | null> => {
          let got: EntrySummary[] = [];
          while (a + got.length < b) {
            const page = await send('capture:list', {
              tabId,
              from: a + got.length,
              count: Math.min(PAGE, b - a - got.length),
            });
            if (page.generation !== s.generation) return null;
            if (page.rows.length === 0) break;
            got = got.concat(page.rows);
          }
          return got;
        };
        const upto = Math.max(from, Math.min(s.analysedCount, have.length));
        const again = await fetchRange(from, upto);
        const added = again && (await fetchRange(Math.max(upto, have.length), s.count));
        let next: EntrySummary[] =
          again && added ? [...have.slice(0, from), ...again, ...have.slice(upto), ...added] : [];
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
        // Updates that came meanwhile: one more refresh, for the latest (no extra request: under
        // load, 'capture:summary' would wait for the analysis to catch up).
        if (k.again && k.latest) {
          k.again = false;
          void refresh(k.latest);
        }
      }
    };

    const connect = () => {
      if (closed) return;
      port = chrome.runtime.connect({ name: panelPortName(tabId) });
      port.onMessage.addListener((msg: PanelServerMessage) => {
        if (msg.type !== 'changed') return;
        known.current.latest = msg.summary;
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
