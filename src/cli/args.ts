import { CliError } from './cli-error';

export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  value?: boolean;
  multiple?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  /** Flags are `true`; single-value options a string; multiple-value options a string[]. */
  options: Record<string, string | string[] | true>;
}

/**
 * A small strict parser: node:util's parseArgs words its errors at length and differently across
 * versions, and every refusal here must be one short line.
 */
export function parseArgs(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // A lone `-` is stdin; anything else starting with `-` is an option.
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) inline = arg.slice(eq + 1);
      spec = byLong.get(name);
    } else if (arg.length === 2) {
      spec = byShort.get(arg.slice(1));
    }
    if (!spec) throw new CliError(`unknown option ${JSON.stringify(arg.split('=')[0])} (see --help)`);
    const flag = `--${spec.name}`;
    if (!spec.value) {
      if (inline !== undefined) throw new CliError(`option ${flag} takes no value`);
      options[spec.name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new CliError(`option ${flag} needs a value`);
      value = argv[++i];
    }
    if (spec.multiple) {
      const list = (options[spec.name] as string[] | undefined) ?? [];
      list.push(value);
      options[spec.name] = list;
    } else {
      if (options[spec.name] !== undefined) throw new CliError(`option ${flag} given twice`);
      options[spec.name] = value;
    }
  }
  return { positionals, options };
}

export function stringOpt(a: ParsedArgs, name: string): string | undefined {
  const v = a.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOpt(a: ParsedArgs, name: string): string[] {
  const v = a.options[name];
  return Array.isArray(v) ? v : [];
}

export function flag(a: ParsedArgs, name: string): boolean {
  return a.options[name] === true;
}
