/**
 * The review page's own module worker: parses and redacts the opened file off the page's thread
 * (a 50 MB file must not freeze the page), and keeps the original only for this review session.
 * The page owns it and terminates it to cancel.
 */
import type { Har } from 'har-format';
import { layoutOf, readHarBytes, redactHar, serializeHar } from '../../src/index';
import type { HarLayout } from '../../src/index';
import type { RedactionReport } from '../../src/index';
import type { ReviewWorkerRequest, ReviewWorkerResponse } from './worker-protocol';
import { harHost, redactedFilename } from '../shared/filename';
import { TOOL } from '../shared/har-build';
import { revealValue } from './reveal';

let original: Har | null = null;
let last: { har: Har; report: RedactionReport } | null = null;
// The output keeps the input's layout: a compact (minified) file stays compact.
let layout: HarLayout = 'pretty';

const post = (msg: ReviewWorkerResponse, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(msg, transfer);

self.onmessage = (event: MessageEvent<ReviewWorkerRequest>) => {
  const msg = event.data;
  try {
    if (msg.type === 'load') {
      const input = new Uint8Array(msg.bytes);
      original = readHarBytes(input);
      layout = layoutOf(input);
      last = null;
      post({ type: 'loaded', entries: original.log.entries.length, host: harHost(original) });
    } else if (msg.type === 'redact') {
      if (!original) throw new Error('No file loaded.');
      let lastPost = 0;
      const result = redactHar(original, msg.ruleSet, {
        key: msg.key,
        keepTags: msg.keepTags,
        disabledRules: msg.disabledRules,
        tool: TOOL,
        now: msg.now,
        onProgress: (done, total) => {
          const t = Date.now();
          if (t - lastPost > 80 || done === total) {
            lastPost = t;
            post({ type: 'progress', id: msg.id, done, total });
          }
        },
      });
      last = result;
      const bytes = new TextEncoder().encode(serializeHar(result.har, layout));
      post(
        {
          type: 'redacted',
          id: msg.id,
          bytes,
          report: result.report,
          filename: redactedFilename(original, new Date(msg.now)),
        },
        [bytes.buffer],
      );
    } else if (msg.type === 'reveal') {
      const finding = last?.report.findings.find((f) => f.tag === msg.tag);
      const entries = [
        ...new Set((finding?.locations ?? []).map((l) => l.entry).filter((e): e is number => e !== null)),
      ];
      const value =
        original && last ? revealValue(original.log.entries, last.har.log.entries, entries, msg.tag) : null;
      post({ type: 'revealed', tag: msg.tag, value });
    } else if (msg.type === 'entry') {
      post({
        type: 'entry',
        index: msg.index,
        before: original?.log.entries[msg.index] ?? null,
        after: last?.har.log.entries[msg.index] ?? null,
      });
    }
  } catch (err) {
    post({
      type: 'error',
      id: 'id' in msg ? msg.id : undefined,
      message: err instanceof Error ? err.message : String(err),
    });
  }
};
