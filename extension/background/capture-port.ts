import type { CaptureClientMessage, CaptureServerMessage } from '../shared/protocol';
import type { CaptureStore } from './capture-store';

export interface CapturePort {
  postMessage(msg: CaptureServerMessage): void;
  onMessage: { addListener(cb: (msg: CaptureClientMessage) => void): void };
}

export interface CapturePortDeps {
  store: CaptureStore;
  preserveLog: () => Promise<boolean>;
  changed: (tabId: number) => void;
  /** Entries already analysed got their bodies back: the analysis must run again. */
  resupplied?: (tabId: number) => void;
}

/**
 * One devtools page streaming one tab. Every entry is acknowledged only once it is in session
 * storage: the page keeps unacknowledged entries and replays them if the worker restarts. An entry
 * too big for session storage is acknowledged with `hold`: the page keeps it, and when a restarted
 * worker finds it stored without bodies it asks the page for it again (`need` → `resupply`).
 */
export function handleCapturePort(tabId: number, port: CapturePort, deps: CapturePortDeps): void {
  const post = (msg: CaptureServerMessage) => {
    try {
      port.postMessage(msg);
    } catch {
      // the page went away; it replays on reconnect
    }
  };
  let resupplyTimer: ReturnType<typeof setTimeout> | null = null;
  let session: string | null = null;
  port.onMessage.addListener((msg) => {
    if (msg.type === 'hello') {
      session = msg.session;
      void deps.store.missingFor(tabId, msg.session).then(
        ({ seqs, after }) => post({ type: 'need', session: msg.session, seqs, after }),
        () => undefined,
      );
    } else if (msg.type === 'resent') {
      void deps.store.resent(tabId);
    } else if (msg.type === 'resupply') {
      void deps.store.resupply(tabId, msg.session, msg.seq, msg.entry).then(
        (restored) => {
          if (!restored || resupplyTimer) return;
          // Bodies come back in a burst: analyse again once, after it.
          resupplyTimer = setTimeout(() => {
            resupplyTimer = null;
            deps.resupplied?.(tabId);
            deps.changed(tabId);
          }, 50);
        },
        () => undefined,
      );
    } else if (msg.type === 'entry') {
      void deps.store
        .append(tabId, msg.session, msg.seq, msg.entry)
        .then(async (added) => {
          const hold = await deps.store.isHeld(tabId, msg.session, msg.seq);
          post({ type: 'ack', session: msg.session, seq: msg.seq, ...(hold ? { hold } : {}) });
          if (added) deps.changed(tabId);
        })
        .catch(() => undefined);
    } else if (msg.type === 'navigated') {
      void deps.preserveLog().then(async (preserve) => {
        if (preserve) return;
        await deps.store.clear(tabId);
        if (session) post({ type: 'release', session });
        deps.changed(tabId);
      });
    }
  });
}
