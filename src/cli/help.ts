import { VERSION } from './version';

export const MAIN_HELP = `har-redact ${VERSION}: remove secrets (cookies, tokens, passwords, API keys, PII) from HAR files

Usage:
  har-redact redact IN [-o OUT] [--rules PACK]... [--report FILE] [--json] [--key-file K [--keep TAG]...] [--force] [--threads N]
                    [--encrypt-to age1… | --recipients-file F]... [--armor] [--audit-log FILE] [--upload URL]
  har-redact scan IN [--rules PACK]... [--json] [--key-file K] [--threads N]
  har-redact keygen -o FILE
  har-redact rules <validate|test|keygen|sign|verify> ...
  har-redact --help | --version

IN is a HAR file, or - for standard input.

redact   Writes the redacted HAR to OUT (atomically: OUT is replaced only when everything worked),
         or to standard output without -o. A summary goes to standard error.
  -o, --output OUT   where to write the redacted HAR (- for standard output; refused if it is IN,
                     unless --force)
  --rules PACK       a rule-pack JSON file merged over the built-in rules (repeatable)
  --report FILE      also write the redaction report (findings, never values) as JSON
  --json             print the summary as JSON on standard error
  --key-file K       a fixed placeholder key (64 hex chars or 32+ bytes; make one with keygen),
                     so tags in reports and scan --json stay the same from run to run
  --keep TAG         keep the value with this finding tag (needs --key-file); not for locked rules
  --force            allow OUT to be IN
  --threads N        redact with N threads, each taking batches of entries (1 to 16; the output is
                     the same with any N). Default: one per core, up to 4, for inputs of 8 MB or more
  --encrypt-to R     encrypt the output to this age recipient (age1…, repeatable): support decrypts
                     with age -d -i key.txt; no plaintext is written anywhere, not even a temp file
  --recipients-file F  age recipients, one a line (age -R format; repeatable)
  --armor            write the age file ASCII-armored (needs a recipient)
  --audit-log FILE   append one JSON line for this export (time, source, output, SHA-256 of the bytes
                     written, counts, kept tags, rule packs, recipients; never a value)
  --upload URL       PUT the output (encrypted when asked) to this HTTPS URL, e.g. a pre-signed link
scan     Lists what would be redacted (labels, rules, locations, counts; never values).
  --rules PACK       as above
  --json             print the findings as JSON on standard output (with tags under --key-file)
  --key-file K       as above
  --threads N        as above
keygen   Creates a placeholder key for --key-file: 64 hex characters, mode 0600, never over an
         existing file. One key for several files links their tags (same secret, same tag).
rules    Rule-pack tools: see har-redact rules --help.

Exit status: 0 done (scan: nothing found), 1 scan found secrets, 2 bad input or usage,
3 internal error. Errors are one line on standard error, starting with "har-redact: ".
`;
