import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  HarReadError,
  readHarBytes,
  redactHar,
  serializeHar,
  type RedactionReport,
  type RuleSet,
} from '../index';
import { NotPlain } from '../har/split';
import { redactStream } from '../redact/parallel';
import { CliError, oneLine } from './cli-error';
import { readFile } from './files';
import { openInput, openSpill } from './input';
import { VERSION } from './version';
import { outOfMemory, startWorkers } from './workers';

export interface Host {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string | Uint8Array) => Promise<void>;
  stderr: (s: string) => void;
}

/**
 * Where the output goes, as byte chunks in order, while it is produced: a file staged beside its
 * target, standard output, or a wrapper around either (one that encrypts, say, before anything
 * reaches the disk). close() once every byte is written; abort() when the run fails.
 */
export interface ByteSink {
  write(chunk: Uint8Array): void | Promise<void>;
  close(): void | Promise<void>;
  abort(): void;
}

export function inputLabel(input: string): string {
  return input === '-' ? 'stdin' : input;
}

export interface RedactInputOptions {
  keepTags?: string[];
  key?: Uint8Array;
  /** `--threads N`; undefined: one per core. */
  threads?: number;
  /** Where the redacted HAR goes; none when only the report is wanted (scan). */
  sink?: ByteSink;
}

/**
 * Redacts a file (or `-`) in two streamed passes, in this thread and worker threads (redactStream):
 * memory follows the largest entry, not the file, and the output is the same whatever the number of
 * threads.
 * Inputs the stream reader does not take (UTF-16, a JSONP wrapper, broken JSON, which it words), and
 * a run that keeps a value a locked rule finds elsewhere (redactHar decides that per sighting), are
 * read whole, in this thread.
 */
export async function redactInput(
  input: string,
  rules: RuleSet,
  host: Host,
  opts: RedactInputOptions = {},
): Promise<RedactionReport> {
  const keepTags = opts.keepTags ?? [];
  const tool = { name: 'har-redact', version: VERSION };
  const now = new Date().toISOString();
  const src = await openInput(input, host.stdin);
  try {
    if (src.plain) {
      const key = opts.key ?? Uint8Array.from(randomBytes(32));
      const layout = opts.sink ? 'pretty' : null;
      // Threads pay off on big inputs only (each starts an isolate and loads the bundle); more than
      // four add memory (a heap and a matcher of every found value each) for little time.
      const threads = opts.threads ?? (src.size >= 8 * 1024 * 1024 ? Math.min(availableParallelism(), 4) : 1);
      let written = false;
      const write = (chunk: Uint8Array) => ((written = true), opts.sink?.write(chunk));
      const stream = async (count: number) => {
        const workers = startWorkers(count, rules, key, layout, keepTags);
        const spill = await openSpill();
        try {
          return await redactStream(src.chunks(), workers, rules, {
            key,
            tool,
            now,
            layout,
            write,
            spill,
            keepTags,
          });
        } finally {
          workers.close();
          await spill.close();
        }
      };
      try {
        try {
          return await stream(Math.min(threads, 16));
        } catch (err) {
          // A thread's heap is capped (see workers.ts); this one's is not. Nothing was written yet.
          if (!outOfMemory(err) || written) throw err;
          host.stderr('har-redact: a worker thread ran out of memory; redacting again in one thread\n');
          return await stream(0);
        }
      } catch (err) {
        if (outOfMemory(err))
          throw new CliError(
            `${inputLabel(input)}: a worker thread ran out of memory once the output had begun; the run stopped`,
          );
        if (!(err instanceof NotPlain || err instanceof HarReadError || err instanceof SyntaxError))
          throw err;
      }
    }
    let har;
    try {
      har = readHarBytes(await src.whole());
    } catch (err) {
      if (err instanceof HarReadError) throw new CliError(`${inputLabel(input)}: ${oneLine(err.message)}`);
      throw err;
    }
    const { har: out, report } = redactHar(har, rules, {
      tool,
      now,
      ...(keepTags.length ? { keepTags } : {}),
      ...(opts.key ? { key: opts.key } : {}),
    });
    await opts.sink?.write(Buffer.from(serializeHar(out)));
    return report;
  } finally {
    await src.close();
  }
}

/**
 * `--key-file FILE`: a fixed per-export key, so that the tags of one run (scan --json, --report) mean the
 * same in the next and `--keep TAG` can name a finding. 64 hex characters (`har-redact keygen`), or at
 * least 32 raw bytes: a shorter key is refused, since tags are HMACs under it.
 */
export function loadKey(file: string | undefined): Uint8Array | undefined {
  if (file === undefined) return undefined;
  const bytes = readFile(file, 'key file');
  const text = bytes.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64,}$/.test(text) && text.length % 2 === 0)
    return Uint8Array.from(Buffer.from(text, 'hex'));
  // Hex text shorter than 64 characters holds less than 32 bytes of key, however long the file is.
  if (bytes.length < 32 || /^[0-9a-fA-F]+$/.test(text))
    throw new CliError(
      `key file ${file}: too short (at least 32 bytes, or 64 hex characters: make one with har-redact keygen -o FILE)`,
    );
  return Uint8Array.from(bytes);
}
