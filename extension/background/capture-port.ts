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
}

/**
 * One devtools page streaming one tab. Every entry is acknowledged only once it is in session
 * storage: the page keeps unacknowledged entries and replays them if the worker restarts.
 */
export function handleCapturePort(tabId: number, port: CapturePort, deps: CapturePortDeps): void {
  port.onMessage.addListener((msg) => {
    if (msg.type === 'entry') {
      void deps.store.append(tabId, msg.session, msg.seq, msg.entry).then(
        (added) => {
          try {
            port.postMessage({ type: 'ack', session: msg.session, seq: msg.seq });
          } catch {
            // the page went away; it replays on reconnect
          }
          if (added) deps.changed(tabId);
        },
        () => undefined,
      );
    } else if (msg.type === 'navigated') {
      void deps.preserveLog().then(async (preserve) => {
        if (preserve) return;
        await deps.store.clear(tabId);
        deps.changed(tabId);
      });
    }
  });
}
