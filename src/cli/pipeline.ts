import { randomBytes } from 'node:crypto';
import {
  HarReadError,
  readHarBytes,
  redactHar,
  serializeHar,
  type RedactionReport,
  type RuleSet,
} from '../index';
import { isPlainUtf8Har } from '../har/decode-bytes';
import { CliError, oneLine } from './cli-error';
import { fileSize, readFile, readFileShared, readStdin } from './files';
import { redactParallel, ShardPool, threadCount } from './parallel';
import { VERSION } from './version';

export interface Host {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string | Uint8Array) => Promise<void>;
  stderr: (s: string) => void;
}

export function inputLabel(input: string): string {
  return input === '-' ? 'stdin' : input;
}

export interface RedactInputOptions {
  keepTags?: string[];
  key?: Uint8Array;
  /** `--threads N`; undefined: automatic. */
  threads?: number;
  /** false when only the report is wanted (scan). */
  serialize?: boolean;
  /** Receives the output piece by piece, as soon as each piece is final; else it is in `chunks`. */
  sink?: OutputSink;
}

/** Where output goes while it is produced; reset() drops what was written (a retry follows). */
export interface OutputSink {
  /** Done with `chunk` when it returns: the caller may write over its bytes next. */
  write(chunk: string | Uint8Array): void;
  reset(): void;
}

export interface RedactOutcome {
  report: RedactionReport;
  /** The redacted HAR's text (or its UTF-8) in pieces, in order (empty when serialize is false). */
  chunks: (string | Uint8Array)[];
}

export async function redactInput(
  input: string,
  rules: RuleSet,
  host: Host,
  opts: RedactInputOptions = {},
): Promise<RedactOutcome> {
  const keepTags = opts.keepTags ?? [];
  const serialize = opts.serialize ?? true;
  const tool = { name: 'har-redact', version: VERSION };
  const now = new Date().toISOString();
  // Kept values are decided per sighting, which a split run cannot reproduce: one thread then.
  const poolFor = (bytes: number) => {
    const threads = keepTags.length ? 1 : threadCount(opts.threads, bytes);
    return threads > 1 ? new ShardPool(threads - 1) : null;
  };
  // Workers start before a file is read, so their start-up overlaps with reading it.
  const size = input === '-' ? undefined : fileSize(input);
  let pool = size === undefined ? null : poolFor(size);
  const unreadable = (err: unknown): unknown =>
    err instanceof HarReadError ? new CliError(`${inputLabel(input)}: ${oneLine(err.message)}`) : err;
  try {
    const source: { bytes?: Uint8Array } = {
      bytes:
        input === '-' ? await readStdin(host.stdin) : pool ? await readFileShared(input) : readFile(input),
    };
    if (size === undefined) pool = poolFor(source.bytes?.length ?? 0);
    if (pool && source.bytes && isPlainUtf8Har(source.bytes)) {
      const key = opts.key ?? Uint8Array.from(randomBytes(32));
      try {
        // A file can be read again if a worker finds it broken; standard input cannot.
        const r = await redactParallel(source, opts.sink, input !== '-', pool, rules, {
          key,
          tool,
          now,
          serialize,
        });
        if (r) return r;
      } catch (err) {
        // One thread gives the same result, or the same failure: a worker that could not start or
        // ran out of memory must not stop the user, but it must not go unnoticed either.
        const why = err instanceof Error ? err.message : String(err);
        opts.sink?.reset();
        host.stderr(
          `har-redact: warning: parallel redaction failed (${oneLine(why)}); redacting in one thread\n`,
        );
      }
    }
    let har;
    try {
      har = readHarBytes(source.bytes ?? readFile(input));
    } catch (err) {
      throw unreadable(err);
    }
    // The bytes go as soon as they are a HAR: a 100 MB file should not sit in memory twice.
    source.bytes = undefined;
    const { har: out, report } = redactHar(har, rules, {
      tool,
      now,
      ...(keepTags.length ? { keepTags } : {}),
      ...(opts.key ? { key: opts.key } : {}),
    });
    if (!serialize) return { report, chunks: [] };
    const text = serializeHar(out);
    if (!opts.sink) return { report, chunks: [text] };
    opts.sink.write(text);
    return { report, chunks: [] };
  } finally {
    pool?.close();
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
