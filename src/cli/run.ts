import { CliError, EXIT } from './cli-error';
import { MAIN_HELP } from './help';
import type { Host } from './pipeline';
import { runRedact } from './redact-command';
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
