/** Exit codes, also listed in --help. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** A refusal the user can act on: printed as one `har-redact: <message>` line, exit 2. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/** Keeps whatever we print to one line, whatever an OS or library message holds. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
