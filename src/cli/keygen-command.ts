/**
 * `har-redact keygen -o FILE`: a placeholder key for `--key-file`, 32 random bytes as 64 hex
 * characters, created with mode 0600 (only its owner can read it: whoever holds the key can test
 * guesses against the tags) and never over an existing file or through a symlink.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { parseArgs, stringOpt } from './args';
import { CliError, EXIT } from './cli-error';
import type { Host } from './pipeline';

export const KEYGEN_HELP = `Usage: har-redact keygen -o FILE

Writes a new placeholder key (32 random bytes, 64 hex characters) to FILE, readable by you only
(mode 0600), for --key-file. FILE must not exist. A key used for several files links their tags:
the same secret gets the same tag in each, so use one key per export unless you want that.
`;

export async function runKeygen(argv: string[], host: Host): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    await host.stdout(KEYGEN_HELP);
    return EXIT.ok;
  }
  const args = parseArgs(argv, [{ name: 'output', short: 'o', value: true }]);
  const file = stringOpt(args, 'output') ?? (args.positionals.length === 1 ? args.positionals[0] : undefined);
  if (!file || args.positionals.length > (stringOpt(args, 'output') ? 0 : 1)) {
    throw new CliError('keygen needs -o FILE (where to create the key)');
  }
  let fd: number;
  try {
    // O_EXCL: fails on any existing name, a symlink included (never followed); the mode applies at
    // creation, before the key is written.
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `${file} already exists; not overwriting a key`
        : `cannot create ${file}: ${(err as Error).message}`,
    );
  }
  try {
    fs.fchmodSync(fd, 0o600); // whatever the umask
    fs.writeSync(fd, randomBytes(32).toString('hex') + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  host.stderr(`Wrote a new placeholder key to ${file} (mode 0600): use it with --key-file ${file}\n`);
  return EXIT.ok;
}
