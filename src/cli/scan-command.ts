import { flag, listOpt, parseArgs, stringOpt, type OptionSpec } from './args';
import { EXIT } from './cli-error';
import { MAIN_HELP } from './help';
import { loadRuleSet } from './load-rules';
import { loadKey, redactInput, type Host } from './pipeline';
import { singleInput, threadsOpt } from './redact-command';
import { scanJson, scanListing } from './summary';
import { REMOVED_UNREAD_WARNING } from '../redact/body';

const OPTIONS: OptionSpec[] = [
  { name: 'rules', value: true, multiple: true },
  { name: 'json' },
  { name: 'key-file', value: true },
  { name: 'threads', value: true },
  { name: 'help', short: 'h' },
];

/** A dry run of redact: the same engine, but only the report leaves, never the HAR. */
export async function runScan(argv: string[], host: Host): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  if (flag(args, 'help')) {
    await host.stdout(MAIN_HELP);
    return EXIT.ok;
  }
  const input = singleInput(args.positionals, 'scan');
  const rules = loadRuleSet(listOpt(args, 'rules'));
  const key = loadKey(stringOpt(args, 'key-file'));
  const report = await redactInput(input, rules, host, { key, threads: threadsOpt(args) });
  // A body too big to read could hold anything: the file is not clean (redact removes it).
  const unread = report.warnings.some((w) => w.endsWith(REMOVED_UNREAD_WARNING));
  const found = report.findings.length > 0 || report.secrets > 0 || unread;
  await host.stdout(
    flag(args, 'json')
      ? JSON.stringify(scanJson(report, key !== undefined), null, 2) + '\n'
      : scanListing(report),
  );
  return found ? EXIT.findings : EXIT.ok;
}
