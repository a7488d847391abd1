import { HarReadError, readHarBytes, redactHar, type RedactResult, type RuleSet } from '../index';
import { CliError, oneLine } from './cli-error';
import { readFile, readStdin } from './files';
import { VERSION } from './version';

export interface Host {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => Promise<void>;
  stderr: (s: string) => void;
}

export function inputLabel(input: string): string {
  return input === '-' ? 'stdin' : input;
}

export async function redactInput(
  input: string,
  rules: RuleSet,
  host: Host,
  keepTags: string[] = [],
  key?: Uint8Array,
): Promise<RedactResult> {
  const bytes = input === '-' ? await readStdin(host.stdin) : readFile(input);
  let har;
  try {
    har = readHarBytes(bytes);
  } catch (err) {
    if (err instanceof HarReadError) throw new CliError(`${inputLabel(input)}: ${oneLine(err.message)}`);
    throw err;
  }
  return redactHar(har, rules, {
    tool: { name: 'har-redact', version: VERSION },
    now: new Date().toISOString(),
    ...(keepTags.length ? { keepTags } : {}),
    ...(key ? { key } : {}),
  });
}

/**
 * `--key-file FILE`: a fixed per-export key, so that the tags of one run (scan --json, --report) mean the
 * same in the next and `--keep TAG` can name a finding. 64 hex characters, or at least 16 raw bytes.
 */
export function loadKey(file: string | undefined): Uint8Array | undefined {
  if (file === undefined) return undefined;
  const bytes = readFile(file, 'key file');
  const text = bytes.toString('latin1').trim();
  if (/^[0-9a-fA-F]{32,}$/.test(text) && text.length % 2 === 0)
    return Uint8Array.from(Buffer.from(text, 'hex'));
  if (bytes.length < 16)
    throw new CliError(`key file ${file}: too short (at least 16 bytes, or 32+ hex characters)`);
  return Uint8Array.from(bytes);
}
