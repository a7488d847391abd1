import type { OptionSpec, ParsedArgs } from '../args';
import { flag, listOpt, stringOpt } from '../args';
import { CliError } from '../cli-error';
import { readFile } from '../files';
import {
  parseRecipient,
  parseRecipientsFile,
  RecipientError,
  uniqueRecipients,
} from '../../export/recipients';
import { checkUploadUrl } from './upload';

/** The redact command's export options (issue 16): encryption, the audit log and upload. */
export const EXPORT_OPTIONS: OptionSpec[] = [
  { name: 'encrypt-to', value: true, multiple: true },
  { name: 'recipients-file', value: true, multiple: true },
  { name: 'armor' },
  { name: 'audit-log', value: true },
  { name: 'upload', value: true },
];

export interface ExportOptions {
  /** age recipients, checked; empty: no encryption. */
  recipients: string[];
  armor: boolean;
  auditLog?: string;
  upload?: string;
}

/** Reads and checks the export options before any input is read; undefined when none is given. */
export function exportOptions(args: ParsedArgs): ExportOptions | undefined {
  const keys: string[] = [];
  try {
    for (const r of listOpt(args, 'encrypt-to')) keys.push(parseRecipient(r));
    for (const f of listOpt(args, 'recipients-file'))
      keys.push(...parseRecipientsFile(readFile(f, 'recipients file').toString('utf8'), f));
  } catch (err) {
    if (err instanceof RecipientError) throw new CliError(err.message);
    throw err;
  }
  const recipients = uniqueRecipients(keys.map((key) => ({ key }))).map((r) => r.key);
  const armor = flag(args, 'armor');
  const auditLog = stringOpt(args, 'audit-log');
  const upload = stringOpt(args, 'upload');
  if (armor && recipients.length === 0) throw new CliError('--armor needs --encrypt-to or --recipients-file');
  if (auditLog === '') throw new CliError('option --audit-log needs a file name');
  if (upload !== undefined) checkUploadUrl(upload);
  if (!recipients.length && auditLog === undefined && upload === undefined) return undefined;
  return {
    recipients,
    armor,
    ...(auditLog !== undefined ? { auditLog } : {}),
    ...(upload !== undefined ? { upload } : {}),
  };
}
