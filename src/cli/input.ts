import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isPlainUtf8Har } from '../har/decode-bytes';
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
 * A file (or standard input, `-`, spilled first to a private temp file: mode 0600, removed from the
 * directory as soon as it is open, so no exit, not even SIGKILL, leaves it behind).
 */
export async function openInput(input: string, stdin: NodeJS.ReadableStream): Promise<Input> {
  let fh: fs.promises.FileHandle;
  try {
    if (input === '-') {
      const tmp = path.join(os.tmpdir(), `har-redact-stdin-${randomBytes(8).toString('hex')}`);
      fh = await fs.promises.open(tmp, 'wx+', 0o600);
      fs.unlinkSync(tmp);
      try {
        for await (const chunk of stdin)
          await fh.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
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
      for (let pos = 0; ;) {
        // A new buffer each time: the reader keeps pieces of chunks until their entries are whole.
        const buf = Buffer.allocUnsafeSlow(CHUNK);
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
