import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isPlainUtf8Har } from '../har/decode-bytes';
import type { Spill } from '../redact/parallel';
import { CliError } from './cli-error';
import { reason } from './files';

const CHUNK = 1024 * 1024;

/** An input the pipeline can read as often as it needs (once per pass). */
export interface Input {
  size: number;
  /** Whether the stream reader can take it (UTF-8, not binary); else it is read whole. */
  plain: boolean;
  chunks(): AsyncIterable<Uint8Array>;
  whole(): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * A private temp file: mode 0600, and removed from its directory as soon as it is open, so no exit,
 * not even SIGKILL, leaves it behind (the open handle keeps its data until closed).
 */
async function privateTemp(): Promise<fs.promises.FileHandle> {
  const tmp = path.join(os.tmpdir(), `har-redact-${randomBytes(8).toString('hex')}`);
  const fh = await fs.promises.open(tmp, 'wx+', 0o600);
  fs.unlinkSync(tmp);
  return fh;
}

/** Writes all of `bytes` at `at` (a write may take fewer); returns the end. */
async function writeAll(fh: fs.promises.FileHandle, bytes: Uint8Array, at: number): Promise<number> {
  for (let off = 0; off < bytes.length;) {
    const { bytesWritten } = await fh.write(bytes, off, bytes.length - off, at + off);
    off += bytesWritten;
  }
  return at + bytes.length;
}

/** Where pass 1's output waits for pass 2 (see redactStream): a private temp file. */
export async function openSpill(): Promise<Spill & { close(): Promise<void> }> {
  const fh = await privateTemp();
  let end = 0;
  return {
    async write(bytes) {
      end = await writeAll(fh, bytes, end);
    },
    async read(start, length) {
      // A buffer of its own, to be moved to a worker.
      const buf = Buffer.allocUnsafeSlow(length);
      for (let got = 0; got < length;) {
        const { bytesRead } = await fh.read(buf, got, length - got, start + got);
        if (!bytesRead) throw new Error('a temp file was cut short');
        got += bytesRead;
      }
      return buf;
    },
    close: () => fh.close(),
  };
}

/** A file, or standard input (`-`), spilled first to a private temp file. */
export async function openInput(input: string, stdin: NodeJS.ReadableStream): Promise<Input> {
  let fh: fs.promises.FileHandle;
  try {
    if (input === '-') {
      fh = await privateTemp();
      try {
        let end = 0;
        for await (const chunk of stdin)
          end = await writeAll(fh, typeof chunk === 'string' ? Buffer.from(chunk) : chunk, end);
      } catch (err) {
        await fh.close();
        throw err;
      }
    } else {
      fh = await fs.promises.open(input, 'r');
    }
  } catch (err) {
    if (input === '-') throw err;
    throw new CliError(`cannot read input ${input}: ${reason(err)}`);
  }
  const stat = await fh.stat();
  if (stat.isDirectory()) {
    await fh.close();
    throw new CliError(`cannot read input ${input}: ${reason({ code: 'EISDIR' })}`);
  }
  const size = stat.size;
  const head = Buffer.alloc(Math.min(size, 4096));
  await fh.read(head, 0, head.length, 0);
  return {
    size,
    plain: isPlainUtf8Har(head),
    async *chunks() {
      // One buffer for every chunk: the splitter copies what it keeps (a new one each time let
      // garbage chunks pile up outside the heap until a collection).
      const buf = Buffer.allocUnsafeSlow(CHUNK);
      for (let pos = 0; ;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
        if (bytesRead === 0) return;
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    },
    async whole() {
      const buf = Buffer.alloc(size);
      let pos = 0;
      while (pos < size) {
        const { bytesRead } = await fh.read(buf, pos, size - pos, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
      }
      return buf.subarray(0, pos);
    },
    close: () => fh.close(),
  };
}
