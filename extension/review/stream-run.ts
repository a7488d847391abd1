/**
 * One streamed review run, in the review worker: the opened File goes through the core's streaming
 * pipeline (redactStream, this thread's workers) chunk by chunk, pass 1's output waits in Blobs and
 * the download is a Blob of the written chunks, so neither the file nor the output is ever one string
 * or one buffer. What the findings views need afterwards is where each entry is: its bytes in the File
 * (the "before") and in the output Blob (the "after"), read and parsed one entry at a time.
 */
import type { Entry } from 'har-format';
import type { RedactionReport, RuleSet } from '../../src/index';
import { parseEntry } from '../../src/har/split';
import { localWorkers, redactStream, type Layout, type Spill } from '../../src/redact/parallel';

/** Chunks gathered into one Blob each this many bytes: the browser keeps Blob data out of this heap. */
const BLOB_BYTES = 8 * 1024 * 1024;

/** Bytes written in order, kept as Blobs: `blob()` is all of them so far. */
export class BlobParts {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly blobs: Blob[] = [];
  size = 0;

  push(bytes: Uint8Array): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.size += bytes.length;
    if (this.pendingBytes >= BLOB_BYTES) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.blobs.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }

  blob(type = ''): Blob {
    this.flush();
    return new Blob(this.blobs, { type });
  }
}

/** Where pass 1's output waits for pass 2: Blobs (read back in pass 2, in order). */
export function blobSpill(): Spill {
  const parts = new BlobParts();
  let all: Blob | null = null;
  return {
    write: (bytes) => parts.push(bytes),
    read: async (start, length) => {
      all ??= parts.blob();
      return new Uint8Array(await all.slice(start, start + length).arrayBuffer());
    },
  };
}

/** A File's bytes as a stream of chunks (File.stream()). */
export async function* chunksOf(file: Blob): AsyncIterable<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // A run that stops early (an error, a newer run) lets go of the file.
    await reader.cancel().catch(() => undefined);
  }
}

/** Entries' byte ranges, [start, end) each, by index. */
class Ranges {
  private starts: number[] = [];
  private ends: number[] = [];
  set(i: number, start: number, end: number) {
    this.starts[i] = start;
    this.ends[i] = end;
  }
  get(i: number): [number, number] | null {
    return this.starts[i] === undefined ? null : [this.starts[i], this.ends[i]];
  }
  get count() {
    return this.starts.length;
  }
}

export interface StreamRunOptions {
  rules: RuleSet;
  key: Uint8Array;
  layout: Layout;
  keepTags: string[];
  disabledRules: string[];
  tool: { name: string; version: string };
  now: string;
  /** 0 to 1 over reading and both passes. */
  onProgress: (fraction: number) => void;
  /** Called between pieces of work: yields to the worker's event loop, throws to stop the run. */
  pause: () => Promise<void>;
}

export interface StreamRun {
  report: RedactionReport;
  /** The sanitized HAR (application/json). */
  blob: Blob;
  entries: number;
  before(index: number): Promise<Entry | null>;
  after(index: number): Promise<Entry | null>;
}

const decoder = new TextDecoder();

/**
 * Redacts `file` as redactHar would (byte for byte what serializeHar writes, in `layout`). Throws
 * NotPlain when the file is not a plainly written UTF-8 HAR (nothing was produced then).
 */
export async function streamRun(file: Blob, o: StreamRunOptions): Promise<StreamRun> {
  const input = new Ranges();
  const output = new Ranges();
  const out = new BlobParts();
  const choices = { keepTags: o.keepTags, disabledRules: o.disabledRules };
  const workers = localWorkers(o.rules, o.key, o.layout, o.pause, choices);
  const report = await redactStream(chunksOf(file), workers, o.rules, {
    key: o.key,
    tool: o.tool,
    now: o.now,
    ...choices,
    layout: o.layout,
    spill: blobSpill(),
    size: file.size,
    onProgress: o.onProgress,
    onEntryRange: (i, start, end) => input.set(i, start, end),
    onEntryOutput: (i, start, end) => output.set(i, start, end),
    write: (chunk) => out.push(chunk),
  });
  // serializeHar ends a compact HAR with a newline too.
  if (o.layout === 'compact') out.push(new Uint8Array([0x0a]));
  const blob = out.blob('application/json');
  const slice = async (from: Blob, r: Ranges, i: number) => {
    const range = r.get(i);
    return range ? new Uint8Array(await from.slice(range[0], range[1]).arrayBuffer()) : null;
  };
  return {
    report,
    blob,
    entries: input.count,
    async before(i) {
      const bytes = await slice(file, input, i);
      return bytes ? parseEntry(bytes, i) : null;
    },
    async after(i) {
      const bytes = await slice(blob, output, i);
      return bytes ? (JSON.parse(decoder.decode(bytes)) as Entry) : null;
    },
  };
}
