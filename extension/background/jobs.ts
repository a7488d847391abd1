/**
 * Redaction jobs for downloads, one per `job` port. The worker runs the core (it has no DOM, which
 * the core does not need), reports progress, and streams the redacted text back in chunks: the
 * page builds the Blob and downloads it (the worker has no URL.createObjectURL). Any failure sends
 * `error` and no data, so nothing half-redacted is ever downloaded.
 */
import { redactHarAsync, serializeHar } from '../../src/index';
import type { CaptureStore } from './capture-store';
import type { RulesInForce } from './analysis';
import type { JobClientMessage, JobServerMessage } from '../shared/protocol';
import { buildHar, TOOL } from '../shared/har-build';
import { splitText } from '../shared/chunks';
import { redactedFilename } from '../shared/filename';

export interface JobPort {
  postMessage(msg: JobServerMessage): void;
  onMessage: { addListener(cb: (msg: JobClientMessage) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface JobDeps {
  store: CaptureStore;
  rules: () => Promise<RulesInForce>;
  now?: () => Date;
  chunkChars?: number;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function handleJobPort(port: JobPort, deps: JobDeps): void {
  const signal = { aborted: false };
  let connected = true;
  const post = (msg: JobServerMessage) => {
    if (connected && !signal.aborted) port.postMessage(msg);
  };
  port.onDisconnect.addListener(() => {
    connected = false;
    signal.aborted = true;
  });
  port.onMessage.addListener((msg) => {
    if (msg.type === 'cancel') signal.aborted = true;
    if (msg.type !== 'start') return;
    void (async () => {
      try {
        const { entries, pages } = await deps.store.exportEntries(msg.source.tabId);
        if (entries.length === 0) throw new Error('Nothing captured in this tab yet.');
        const rules = await deps.rules();
        post({ type: 'progress', phase: 'redact', done: 0, total: entries.length });
        const now = (deps.now ?? (() => new Date()))();
        let lastPost = 0;
        // The async variant yields to the event loop: a Cancel (and incoming captures) get through mid-run.
        const { har, report } = await redactHarAsync(buildHar(entries, pages), rules.ruleSet, {
          disabledRules: rules.disabledRules,
          keepTags: msg.keepTags,
          tool: TOOL,
          now: now.toISOString(),
          signal,
          onProgress: (done, total) => {
            const t = Date.now();
            if (t - lastPost > 100 || done === total) {
              lastPost = t;
              post({ type: 'progress', phase: 'redact', done, total });
            }
          },
        });
        if (signal.aborted) return;
        const text = serializeHar(har);
        const chunks = splitText(text, deps.chunkChars);
        post({
          type: 'result',
          filename: redactedFilename(har, now),
          report,
          chunks: chunks.length,
          length: text.length,
        });
        for (let i = 0; i < chunks.length; i++) {
          // Yield between chunks so a cancel (or a closed page) is seen before the next one.
          await tick();
          if (signal.aborted) return;
          post({ type: 'chunk', index: i, data: chunks[i] });
          post({ type: 'progress', phase: 'send', done: i + 1, total: chunks.length });
        }
        post({ type: 'done' });
      } catch (err) {
        if (signal.aborted) return;
        post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
}
