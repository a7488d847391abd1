/** `har-redact rules …` subcommands (validate, test, keygen, sign, verify). Owned by the rule-pack work. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function runRulesCommand(_args: string[], io: CliIo): Promise<number> {
  io.stderr('har-redact rules: not implemented yet');
  return 2;
}
