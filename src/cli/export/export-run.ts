import * as fs from 'node:fs';
import type { PackInfo, RedactionReport } from '../../index';
import {
  buildExportRecord,
  loggableUrl,
  sealStream,
  sha256Hasher,
  type SealingStream,
  type Sha256Hasher,
} from '../../export/index';
import { CliError } from '../cli-error';
import type { ByteSink } from '../pipeline';
import { VERSION } from '../version';
import { appendAuditRecord } from './audit-log';
import type { ExportOptions } from './options';
import { uploadFile } from './upload';

/** The writer's side this wraps: whatever takes the output's chunks in order (a staged file). */
export interface ChunkOutput {
  write(chunk: Uint8Array): void;
}

export interface PublishContext {
  report: RedactionReport;
  packs: PackInfo[];
  /** The input as given (a path or `-`). */
  input: string;
  /** The file written, or undefined for standard output. */
  output: string | undefined;
  stdout: (s: Uint8Array) => Promise<void>;
}

/**
 * The output as it leaves the redaction: encrypted to the recipients (when any) before a byte reaches
 * `base`, hashed as written, and, for standard output or an upload without -o, held in memory.
 * Plaintext therefore never touches the disk when encryption is on: not in OUT, not in its temp file.
 */
export class ExportRun {
  readonly sink: ByteSink;
  private hasher: Sha256Hasher = sha256Hasher();
  private seal: SealingStream | null = null;
  private held: Uint8Array[] = [];
  private digest: { sha256: string; bytes: number } | null = null;

  constructor(
    private readonly opts: ExportOptions,
    private readonly base: ChunkOutput | undefined,
  ) {
    this.start();
    this.sink = {
      write: (chunk) => {
        if (this.seal) this.seal.write(chunk);
        else this.emit(chunk.slice());
      },
      // finish() ends the output: it is awaited before the file is committed.
      close: () => undefined,
      abort: () => this.abort(),
    };
  }

  private start(): void {
    this.seal = this.opts.recipients.length
      ? sealStream(this.opts.recipients, { write: (b) => this.emit(b) }, { armor: this.opts.armor })
      : null;
  }

  private emit(bytes: Uint8Array): void {
    this.hasher.update(bytes);
    if (this.base) this.base.write(bytes);
    else this.held.push(bytes);
  }

  /** Ends the output (the last encrypted chunk and the armor's end); call before the file is committed. */
  async finish(): Promise<void> {
    await this.seal?.close();
    this.digest = { sha256: this.hasher.hex(), bytes: this.hasher.length };
  }

  abort(): void {
    this.seal?.abort();
    this.held = [];
  }

  private contentType(): string {
    if (!this.opts.recipients.length) return 'application/json';
    return this.opts.armor ? 'text/plain' : 'application/octet-stream';
  }

  /** After the file is committed: standard output, the upload, then the audit-log record. */
  async publish(ctx: PublishContext): Promise<void> {
    if (!this.digest) throw new Error('publish before finish');
    const { upload, auditLog } = this.opts;
    if (ctx.output === undefined && upload === undefined)
      for (const b of this.held.splice(0)) await ctx.stdout(b);
    let uploaded: { url: string; status: number } | undefined;
    let failure: unknown;
    if (upload !== undefined) {
      const bytes = ctx.output !== undefined ? fs.readFileSync(ctx.output) : Buffer.concat(this.held);
      const check = sha256Hasher();
      check.update(bytes);
      if (check.hex() !== this.digest.sha256)
        throw new CliError(`${ctx.output} changed after it was written; not uploaded`);
      try {
        uploaded = { url: upload, status: await uploadFile(upload, bytes, this.contentType()) };
      } catch (err) {
        failure = err;
      }
    }
    // A failed upload with nothing written left nothing to record.
    if (auditLog !== undefined && (uploaded || ctx.output !== undefined)) {
      const output =
        ctx.output ??
        loggableUrl(upload as string)
          .split('/')
          .pop() ??
        'upload';
      appendAuditRecord(
        auditLog,
        buildExportRecord({
          time: new Date(),
          via: 'cli',
          source: ctx.input === '-' ? 'stdin' : ctx.input,
          output,
          digest: this.digest,
          report: ctx.report,
          packs: ctx.packs,
          recipients: this.opts.recipients,
          tool: { name: 'har-redact', version: VERSION },
          ...(uploaded ? { upload: uploaded } : {}),
        }),
      );
    }
    if (failure) throw failure;
  }
}
