import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, oneLine } from './cli-error';

export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'the file is too large (over 2 GB)';
    default:
      return oneLine(code ?? (err instanceof Error ? err.message : String(err)));
  }
}

/** Whole file as a Buffer (no string copy: the reader decodes it once). */
export function readFile(file: string, what = 'input'): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read ${what} ${file}: ${reason(err)}`);
  }
}

/** True when a and b name the same file (also through links); false when either does not exist. */
export function samePath(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function writeBytes(fd: number, bytes: Uint8Array, pos: number): number {
  let off = 0;
  while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off, pos + off);
  return pos + off;
}

/**
 * What a big output already wrote is flushed to disk in the background every this many bytes, so
 * the fsync that ends the write waits only for the last part.
 */
const FLUSH_EVERY = 16 * 1024 * 1024;

/** A file written next to its target and not yet renamed over it. */
export interface StagedFile {
  readonly target: string;
  commit(): void;
  abort(): void;
}

const pending = new Set<string>();

/** Temp files still on disk, so an interrupted run can remove them. */
export function removePendingTempFiles(): void {
  for (const tmp of pending) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

/** A temp file being written; finish() makes it a StagedFile, abort() removes it. */
export interface StagedWriter {
  readonly target: string;
  write(chunk: string | Uint8Array): void;
  finish(): StagedFile;
  abort(): void;
}

/**
 * Opens `.NAME.tmp-<random>` in the target's directory (same file system, so the rename is atomic).
 * The target is only replaced by the StagedFile's commit(); a failed run leaves it as it was.
 */
export function openStaged(target: string): StagedWriter {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  const failed = (err: unknown): never => {
    close();
    discard(tmp);
    throw new CliError(`cannot write ${target}: ${reason(err)}`);
  };
  let fd: number | undefined;
  let pos = 0;
  let flushedAt = 0;
  const close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  try {
    fd = fs.openSync(tmp, 'wx');
    pending.add(tmp);
    keepMode(fd, target);
  } catch (err) {
    failed(err);
  }
  return {
    target,
    write(chunk) {
      if (fd === undefined) throw new Error(`${target}: write after finish or abort`);
      try {
        pos = writeBytes(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk, pos);
        if (pos - flushedAt >= FLUSH_EVERY) {
          flushedAt = pos;
          // Only a head start: finish() fsyncs (and reports any error) whatever this does.
          fs.fdatasync(fd, () => undefined);
        }
      } catch (err) {
        failed(err);
      }
    },
    finish() {
      if (fd === undefined) throw new Error(`${target}: finish after finish or abort`);
      try {
        fs.fsyncSync(fd);
      } catch (err) {
        failed(err);
      }
      close();
      return staged(target, tmp);
    },
    abort() {
      close();
      discard(tmp);
    },
  };
}

/** Writes data to a temp file beside `target` and fsyncs it (see openStaged). */
export function stageFile(target: string, data: string): StagedFile {
  const w = openStaged(target);
  try {
    w.write(data);
    return w.finish();
  } catch (err) {
    w.abort();
    throw err;
  }
}

function staged(target: string, tmp: string): StagedFile {
  let done = false;
  return {
    target,
    commit() {
      if (done) return;
      try {
        fs.renameSync(tmp, target);
      } catch (err) {
        discard(tmp);
        throw new CliError(`cannot write ${target}: ${reason(err)}`);
      }
      done = true;
      pending.delete(tmp);
    },
    abort() {
      if (done) return;
      done = true;
      discard(tmp);
    },
  };
}

/** A replaced file keeps its permissions, as it would if it had been written in place. */
function keepMode(fd: number, target: string): void {
  let mode: number;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    return; // new file: the umask decides
  }
  fs.fchmodSync(fd, mode);
}

function discard(tmp: string): void {
  pending.delete(tmp);
  try {
    fs.unlinkSync(tmp);
  } catch {
    // never created, or already gone
  }
}

/** Stages every file first, then renames them all, so a failure writes none of them. */
export function writeFilesAtomically(
  files: { target: string; data: () => string }[],
  alreadyStaged: StagedFile[] = [],
): void {
  const staged: StagedFile[] = [...alreadyStaged];
  try {
    for (const f of files) staged.push(stageFile(f.target, f.data()));
    for (const s of staged) s.commit();
  } finally {
    for (const s of staged) s.abort();
  }
}
