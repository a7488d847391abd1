import type { RedactionReport } from '../index';
import { flag, listOpt, parseArgs, stringOpt, type OptionSpec, type ParsedArgs } from './args';
import { CliError, EXIT } from './cli-error';
import { openStaged, samePath, writeFilesAtomically } from './files';
import { MAIN_HELP } from './help';
import { loadRuleSet } from './load-rules';
import { inputLabel, loadKey, redactInput, type ByteSink, type Host } from './pipeline';
import { counts, redactSummary } from './summary';
import { EXPORT_OPTIONS, exportOptions } from './export/options';

const OPTIONS: OptionSpec[] = [
  { name: 'output', short: 'o', value: true },
  { name: 'rules', value: true, multiple: true },
  { name: 'report', value: true },
  { name: 'keep', value: true, multiple: true },
  { name: 'key-file', value: true },
  { name: 'json' },
  { name: 'force' },
  { name: 'threads', value: true },
  { name: 'help', short: 'h' },
  ...EXPORT_OPTIONS,
];

/** `--threads N`: 1 to 16, or undefined (automatic). */
export function threadsOpt(args: ParsedArgs): number | undefined {
  const raw = stringOpt(args, 'threads');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 16)
    throw new CliError(`option --threads needs a number from 1 to 16 (got ${JSON.stringify(raw)})`);
  return n;
}

export function singleInput(positionals: string[], command: string): string {
  const [input, extra] = positionals;
  if (input === undefined) throw new CliError(`${command} needs an input file (or - for standard input)`);
  if (extra !== undefined)
    throw new CliError(`unexpected argument ${JSON.stringify(extra)} (one input file only)`);
  return input;
}

export async function runRedact(argv: string[], host: Host): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  if (flag(args, 'help')) {
    await host.stdout(MAIN_HELP);
    return EXIT.ok;
  }
  const input = singleInput(args.positionals, 'redact');
  const outOpt = stringOpt(args, 'output');
  // `-o -` is the usual spelling of "standard output".
  const output = outOpt === '-' ? undefined : outOpt;
  const reportFile = stringOpt(args, 'report');
  const force = flag(args, 'force');
  if (output === '') throw new CliError('option --output needs a file name');
  if (output !== undefined && input !== '-' && !force && samePath(input, output)) {
    throw new CliError(`refusing to write over the input file ${output} (use --force to allow it)`);
  }
  if (reportFile !== undefined) {
    if (input !== '-' && samePath(input, reportFile)) {
      throw new CliError(`refusing to write the report over the input file ${reportFile}`);
    }
    if (output !== undefined && samePath(output, reportFile)) {
      throw new CliError('--report and --output name the same file');
    }
  }

  const exp = exportOptions(args);
  if (exp?.auditLog !== undefined && [input, output, reportFile].some((f) => f && samePath(f, exp.auditLog!)))
    throw new CliError('--audit-log names the input, the output or the report file');
  const rules = loadRuleSet(listOpt(args, 'rules'));
  const keep = listOpt(args, 'keep');
  const key = loadKey(stringOpt(args, 'key-file'));
  if (keep.length && !key)
    throw new CliError('--keep needs --key-file: tags only mean something under the same key');
  const threads = threadsOpt(args);
  // The output is written to its temp file while it is produced; it replaces OUT only at the end.
  const staged = output !== undefined ? openStaged(output) : undefined;
  // Encryption, hashing for the audit log, upload: between the redaction and the writer.
  // Loaded only when asked for: the age code takes longer to load than a small HAR takes to redact.
  const run = exp ? new (await import('./export/export-run')).ExportRun(exp, staged) : undefined;
  const sink: ByteSink = run
    ? run.sink
    : {
        write: (c) => (staged ? staged.write(c) : host.stdout(c)),
        close: () => undefined,
        abort: () => staged?.abort(),
      };
  let report: RedactionReport;
  try {
    report = await redactInput(input, rules, host, { keepTags: keep, key, threads, sink });
    await sink.close();
    await run?.finish();
    writeFilesAtomically(
      reportFile !== undefined
        ? [{ target: reportFile, data: () => JSON.stringify(report, null, 2) + '\n' }]
        : [],
      staged ? [staged.finish()] : [],
    );
  } catch (err) {
    sink.abort();
    staged?.abort();
    throw err;
  }
  await run?.publish({ report, packs: rules.packs, input, output, stdout: host.stdout });
  const files = [output, reportFile].filter((f): f is string => f !== undefined);

  if (flag(args, 'json')) {
    const summary = {
      command: 'redact',
      input: inputLabel(input),
      output: output ?? null,
      report: reportFile ?? null,
      ...counts(report),
    };
    host.stderr(JSON.stringify(summary) + '\n');
  } else {
    host.stderr(redactSummary(report, files));
  }
  return EXIT.ok;
}
