/**
 * Encryption to age recipients (https://age-encryption.org/v1) through the `age-encryption` package:
 * pure TypeScript over @noble and WebCrypto, no eval, so the same code runs in the service worker,
 * a page, a worker and Node. Output is a standard age file: `age -d -i key.txt` decrypts it.
 */
import { Encrypter } from 'age-encryption';

/** Where ciphertext goes, in order. Each call owns its bytes. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

export interface SealOptions {
  /** ASCII armor (`-----BEGIN AGE ENCRYPTED FILE-----`), as `age --armor` writes it. */
  armor?: boolean;
}

/** Plaintext goes in with write(); the age file comes out to the sink as it is produced. */
export interface SealingStream {
  /** Copies `chunk` before it returns: the caller may reuse its bytes. */
  write(chunk: string | Uint8Array): void;
  /** Ends the file; resolves when the last byte reached the sink. */
  close(): Promise<void>;
  /** Stops: nothing more reaches the sink. */
  abort(): void;
}

// The core's tsconfig has no DOM or Node types; these are the few parts of WHATWG streams used here
// (the global exists in Chrome's pages and workers and in Node 18+).
interface StreamController {
  enqueue(chunk: Uint8Array): void;
  close(): void;
  error(reason: unknown): void;
}
interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
interface ByteStream {
  getReader(): StreamReader;
}
type StreamConstructor = new (source: { start(controller: StreamController): void }) => ByteStream;

/** Strings are encoded in slices, so a 100 MB string never has a 100 MB copy beside it. */
const ENCODE_SLICE = 4 * 1024 * 1024;

/** UTF-8 of `s` in slices (never splitting a surrogate pair). */
export function* utf8Slices(s: string): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  for (let i = 0; i < s.length;) {
    let end = Math.min(s.length, i + ENCODE_SLICE);
    const c = s.charCodeAt(end - 1);
    if (end < s.length && c >= 0xd800 && c <= 0xdbff) end++;
    yield encoder.encode(s.slice(i, end));
    i = end;
  }
}

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----\n';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----\n';
/** age's armor: standard base64, 64 columns (48 bytes) a line. */
const ARMOR_LINE_BYTES = 48;

function base64Line(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin) + '\n';
}

/** Armors bytes as they come: whole lines out, the rest kept for the next call. */
function armored(out: ByteSink): ByteSink & { end(): void } {
  const encoder = new TextEncoder();
  let rest = new Uint8Array(0);
  out.write(encoder.encode(ARMOR_BEGIN));
  return {
    write(bytes) {
      const all = new Uint8Array(rest.length + bytes.length);
      all.set(rest);
      all.set(bytes, rest.length);
      const whole = all.length - (all.length % ARMOR_LINE_BYTES);
      let text = '';
      for (let i = 0; i < whole; i += ARMOR_LINE_BYTES)
        text += base64Line(all.subarray(i, i + ARMOR_LINE_BYTES));
      if (text) out.write(encoder.encode(text));
      rest = all.slice(whole);
    },
    end() {
      out.write(encoder.encode((rest.length ? base64Line(rest) : '') + ARMOR_END));
    },
  };
}

/**
 * Starts an age file to `recipients` (already checked with parseRecipient) written to `out`.
 * Plaintext is only ever held in memory, in the stream's queue, until it is encrypted.
 */
export function sealStream(recipients: string[], out: ByteSink, options: SealOptions = {}): SealingStream {
  if (recipients.length === 0) throw new Error('sealStream: no recipient');
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  const Stream = (globalThis as unknown as { ReadableStream: StreamConstructor }).ReadableStream;
  let controller!: StreamController;
  const input = new Stream({ start: (c) => (controller = c) });
  let aborted = false;
  let closed = false;
  const armor = options.armor ? armored(out) : null;
  const sink: ByteSink = armor ?? out;
  const pumped = (async () => {
    const cipher = (await encrypter.encrypt(input as never)) as unknown as ByteStream;
    const reader = cipher.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (aborted) {
        await reader.cancel().catch(() => undefined);
        return;
      }
      if (done) break;
      if (value && value.length) sink.write(value);
    }
    armor?.end();
  })();
  // A failure is reported by close(); until then it must not count as unhandled.
  pumped.catch(() => undefined);
  return {
    write(chunk) {
      if (aborted || closed) throw new Error('sealStream: write after close or abort');
      if (typeof chunk === 'string') for (const bytes of utf8Slices(chunk)) controller.enqueue(bytes);
      else if (chunk.length) controller.enqueue(chunk.slice());
    },
    async close() {
      if (aborted) throw new Error('sealStream: close after abort');
      if (!closed) {
        closed = true;
        controller.close();
      }
      await pumped;
    },
    abort() {
      if (aborted) return;
      aborted = true;
      try {
        controller.error(new Error('aborted'));
      } catch {
        // already closed
      }
    },
  };
}

/** Encrypts text or bytes in pieces to an age file, returned in pieces (for a Blob or an upload). */
export async function sealParts(
  parts: (string | Uint8Array)[],
  recipients: string[],
  options: SealOptions = {},
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const stream = sealStream(recipients, { write: (b) => out.push(b) }, options);
  try {
    for (const p of parts) stream.write(p);
    await stream.close();
  } catch (err) {
    stream.abort();
    throw err;
  }
  return out;
}

/** The file name of an encrypted export: `.age` appended, as `age -o` users name them. */
export function sealedName(filename: string): string {
  return filename.endsWith('.age') ? filename : `${filename}.age`;
}
