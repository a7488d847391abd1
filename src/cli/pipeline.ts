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
  });
}
