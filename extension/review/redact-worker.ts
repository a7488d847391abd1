/**
 * The review page's own module worker: redacts the opened file off the page's thread. The page posts
 * the File itself; the worker streams it (File.stream()) through the core's streaming pipeline and
 * hands back the sanitized copy as a Blob, so a 300 MB file is never one string or one buffer (see
 * stream-run.ts). A file the stream reader does not take (UTF-16, a JSONP wrapper, broken JSON) is
 * read whole as before, when small enough. The findings views read one entry at a time, on demand.
 * The page owns the worker and terminates it to cancel.
 */
import type { Entry, Har } from 'har-format';
import { HarReadError, layoutOf, readHarBytes, redactHar, serializeHar } from '../../src/index';
import type { HarLayout, RedactionReport } from '../../src/index';
import { NotPlain } from '../../src/har/split';
import type { ReviewWorkerRequest, ReviewWorkerResponse } from './worker-protocol';
import { harHost, redactedFilename } from '../shared/filename';
import { TOOL } from '../shared/har-build';
import { formatBytes } from '../shared/ui/format';
import { findInTrees } from './reveal';
import { streamRun } from './stream-run';

/** Files the stream reader refuses are read whole: only up to this size. */
export const WHOLE_LIMIT = 128 * 1024 * 1024;
/** The layout is told by the file's first bytes (a pretty HAR breaks its first line early). */
const HEAD_BYTES = 1024 * 1024;

/** What the last run produced, for the findings views. */
interface View {
  report: RedactionReport;
  before(index: number): Promise<Entry | null>;
  after(index: number): Promise<Entry | null>;
}

/** A newer request replaced this run: it stops quietly. */
class Superseded extends Error {}

let file: File | null = null;
// The output keeps the input's layout: a compact (minified) file stays compact.
let layout: HarLayout = 'pretty';
/** A file the stream reader refused, parsed whole (small files only). */
let whole: Har | null = null;
let view: View | null = null;
/** The newest redact request: older runs stop at their next pause. */
let latest = 0;
/** The run under way (the findings views answer from its result, once it is there). */
let running: Promise<void> = Promise.resolve();

const post = (msg: ReviewWorkerResponse) => (self as unknown as Worker).postMessage(msg);

self.onmessage = (event: MessageEvent<ReviewWorkerRequest>) => void handle(event.data);

async function handle(msg: ReviewWorkerRequest): Promise<void> {
  try {
    if (msg.type === 'load') {
      file = msg.file;
      whole = null;
      view = null;
      layout = layoutOf(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()));
      post({ type: 'loaded' });
    } else if (msg.type === 'redact') {
      latest = msg.id;
      view = null;
      await (running = redact(msg));
    } else if (msg.type === 'reveal') {
      const v = await settled();
      const finding = v?.report.findings.find((f) => f.tag === msg.tag);
      const entries = [
        ...new Set((finding?.locations ?? []).map((l) => l.entry).filter((e): e is number => e !== null)),
      ];
      let value: string | null = null;
      for (const i of entries) {
        if (!v || view !== v) break;
        const [before, after] = await Promise.all([v.before(i), v.after(i)]);
        value = findInTrees(before, after, msg.tag);
        if (value !== null) break;
      }
      post({ type: 'revealed', tag: msg.tag, value: view === v ? value : null });
    } else if (msg.type === 'entry') {
      const v = await settled();
      const [before, after] = v ? await Promise.all([v.before(msg.index), v.after(msg.index)]) : [null, null];
      if (view === v) post({ type: 'entry', index: msg.index, before, after });
    }
  } catch (err) {
    if (err instanceof Superseded) return;
    if (msg.type === 'redact' && msg.id === latest) view = null;
    post({
      type: 'error',
      id: 'id' in msg ? msg.id : undefined,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

/** The view once no run is under way (null when the last one failed). */
async function settled(): Promise<View | null> {
  for (let r = running; ; r = running) {
    await r.catch(() => undefined);
    if (r === running) return view;
  }
}

async function redact(msg: Extract<ReviewWorkerRequest, { type: 'redact' }>): Promise<void> {
  const f = file;
  if (!f) throw new Error('No file loaded.');
  const { id } = msg;
  let lastPost = 0;
  const progress = (fraction: number) => {
    const t = Date.now();
    if (t - lastPost > 80 || fraction >= 1) {
      lastPost = t;
      post({ type: 'progress', id, done: Math.round(fraction * 1000), total: 1000 });
    }
  };
  let lastYield = Date.now();
  const pause = async () => {
    if (id !== latest) throw new Superseded();
    if (Date.now() - lastYield < 30) return;
    // A turn for the page's other requests (a newer run, a reveal).
    await new Promise((resolve) => setTimeout(resolve, 0));
    lastYield = Date.now();
    if (id !== latest) throw new Superseded();
  };
  const now = new Date(msg.now);
  if (!whole) {
    try {
      const run = await streamRun(f, {
        rules: msg.ruleSet,
        key: msg.key,
        layout,
        keepTags: msg.keepTags,
        disabledRules: msg.disabledRules,
        tool: TOOL,
        now: msg.now,
        onProgress: progress,
        pause,
      });
      if (id !== latest) return;
      const first = await run.before(0);
      const head = { log: { entries: first ? [first] : [] } } as unknown as Har;
      view = run;
      post({
        type: 'redacted',
        id,
        blob: run.blob,
        report: run.report,
        entries: run.entries,
        host: harHost(head),
        filename: redactedFilename(head, now),
      });
      return;
    } catch (err) {
      if (!(err instanceof NotPlain || err instanceof HarReadError || err instanceof SyntaxError)) throw err;
      if (f.size > WHOLE_LIMIT)
        throw new Error(
          `This file cannot be read piece by piece (${err.message}), and at ${formatBytes(f.size)} it is too big to read whole (the limit is ${formatBytes(WHOLE_LIMIT)}). Export it again as a plain UTF-8 HAR.`,
        );
    }
    whole = readHarBytes(new Uint8Array(await f.arrayBuffer()));
    if (id !== latest) return;
  }
  const original = whole;
  const result = redactHar(original, msg.ruleSet, {
    key: msg.key,
    keepTags: msg.keepTags,
    disabledRules: msg.disabledRules,
    tool: TOOL,
    now: msg.now,
    onProgress: (done, total) => progress(total ? done / total : 1),
  });
  const blob = new Blob([serializeHar(result.har, layout)], { type: 'application/json' });
  view = {
    report: result.report,
    before: async (i) => original.log.entries[i] ?? null,
    after: async (i) => result.har.log.entries[i] ?? null,
  };
  post({
    type: 'redacted',
    id,
    blob,
    report: result.report,
    entries: original.log.entries.length,
    host: harHost(original),
    filename: redactedFilename(original, now),
  });
}
