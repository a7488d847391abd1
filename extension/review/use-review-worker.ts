import { useEffect, useRef } from 'preact/hooks';
import type { ReviewWorkerRequest, ReviewWorkerResponse } from './worker-protocol';

/**
 * One module worker per review session, owned by the page. Cancelling terminates it (the quickest way
 * to stop a run and let go of everything it holds) and the next request starts a fresh one.
 */
export function useReviewWorker(onMessage: (msg: ReviewWorkerResponse) => void) {
  const worker = useRef<Worker | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;

  const ensure = () => {
    if (!worker.current) {
      worker.current = new Worker(new URL('./redact-worker.ts', import.meta.url), { type: 'module' });
      worker.current.onmessage = (e: MessageEvent<ReviewWorkerResponse>) => handler.current(e.data);
      worker.current.onerror = (e) =>
        handler.current({ type: 'error', message: e.message || 'The worker failed.' });
    }
    return worker.current;
  };

  useEffect(() => () => worker.current?.terminate(), []);

  return {
    post(msg: ReviewWorkerRequest, transfer: Transferable[] = []) {
      ensure().postMessage(msg, transfer);
    },
    terminate() {
      worker.current?.terminate();
      worker.current = null;
    },
  };
}
