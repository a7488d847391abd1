import * as fs from 'node:fs';
import { recordLine, type ExportRecord } from '../../export/record';
import { CliError } from '../cli-error';

/**
 * Appends one JSON Lines record with O_APPEND and a single write(2), so records from runs at the same
 * time never interleave (a regular file's appends of this size are not split). Created 0600: the log
 * says what left the machine, which is nobody else's business.
 */
export function appendAuditRecord(file: string, record: ExportRecord): void {
  const line = Buffer.from(recordLine(record), 'utf8');
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
    const n = fs.writeSync(fd, line);
    if (n !== line.length) throw new Error(`short write (${n} of ${line.length} bytes)`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot append to audit log ${file}: ${code ?? (err as Error).message}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
