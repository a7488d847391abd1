import { CliError, EXIT, oneLine } from './cli-error';
import { removePendingTempFiles } from './files';
import { MAIN_HELP } from './help';
import type { Host } from './pipeline';
import { runRedact } from './redact-command';
import { runKeygen } from './keygen-command';
import { runRulesCommand } from './rules-command';
import { runScan } from './scan-command';
import { VERSION } from './version';

const withNewline = (s: string) => (s.endsWith('\n') ? s : s + '\n');

/** Dispatches a command line; returns the exit status. Throws only CliError or unexpected errors. */
export async function run(argv: string[], host: Host): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'redact':
      return runRedact(rest, host);
    case 'scan':
      return runScan(rest, host);
    case 'keygen':
      return runKeygen(rest, host);
    case 'rules':
      return runRulesCommand(rest, {
        stdout: (s) => void host.stdout(withNewline(s)),
        stderr: (s) => host.stderr(withNewline(s)),
      });
    case '--help':
    case '-h':
    case 'help':
      await host.stdout(MAIN_HELP);
      return EXIT.ok;
    case '--version':
    case '-V':
      await host.stdout(`har-redact ${VERSION}\n`);
      return EXIT.ok;
    case undefined:
      throw new CliError('no command given (try har-redact --help)');
    default:
      if (command.startsWith('-'))
        throw new CliError(`unknown option ${JSON.stringify(command)} (see --help)`);
      throw new CliError(`unknown command ${JSON.stringify(command)} (expected redact, scan or rules)`);
  }
}

/**
 * run() with the top-level catch: a refusal becomes its one line and exit 2, anything unexpected
 * `internal error: <message>` and exit 3, never a stack trace, and no temp file is left behind.
 */
export async function runMain(argv: string[], host: Host): Promise<number> {
  try {
    return await run(argv, host);
  } catch (err) {
    removePendingTempFiles();
    if (err instanceof CliError) {
      host.stderr(`har-redact: ${oneLine(err.message)}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    host.stderr(`har-redact: internal error: ${oneLine(message) || 'unknown'}\n`);
    return EXIT.internal;
  }
}
