/** `har-redact rules …` subcommands: validate, test, keygen, sign, verify. */
import * as fs from 'node:fs';
import {
  builtinPack,
  claimShapeProblem,
  claimsProblem,
  detachedSignature,
  formatValidationErrors,
  generateSigningKeyPair,
  HarReadError,
  knownDetectorIds,
  mergeRules,
  parsePackJson,
  parseRulePack,
  parseSigningAlg,
  readHarBytes,
  redactHar,
  signPack,
  signedClaimsProblem,
  verifyPack,
  type Finding,
  type PackSignature,
  type RulePack,
} from '../index';
import { flag, listOpt, parseArgs, stringOpt, type OptionSpec } from './args';
import { CliError, EXIT, oneLine } from './cli-error';
import { readFile, stageFile } from './files';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const RULES_HELP = `Usage: har-redact rules <command> ...

  validate PACK                    check a rule pack; prints every error with its JSON path
  test PACK HAR                    what PACK's rules would redact in HAR (names, locations, counts; no values)
  keygen [--alg ed25519|p256] [--out PREFIX]
                                   make a signing key pair: PREFIX.key (private, mode 0600) and PREFIX.pub
  sign PACK --key KEY --audience URL --expires DATE [-o OUT] [--detached]
                                   sign PACK for the URL it will be published at, valid until DATE
                                   (2026-12-31 or 2026-12-31T12:00:00Z); embedded signature, or a
                                   detached .sig JSON with --detached (then PACK must already carry
                                   the same audience and expires)
  verify PACK --pub KEY [--pub KEY2 ...] [--sig FILE] [--audience URL]
                                   check PACK's signature against one or more trusted public keys,
                                   its expiry, and (with --audience) the URL it was signed for

Exit status: 0 valid / verified / done, 2 invalid, not verified, or an error.
Format and signing: docs/rule-packs.md.
`;

type Sub = (argv: string[], io: CliIo) => Promise<number>;

const SUBCOMMANDS: Record<string, Sub> = {
  validate: runValidate,
  test: runTest,
  keygen: runKeygen,
  sign: runSign,
  verify: runVerify,
};

export async function runRulesCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(RULES_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  const run = Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  try {
    if (!run)
      throw new CliError(
        `unknown rules command ${JSON.stringify(sub)} (expected validate, test, keygen, sign or verify)`,
      );
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(RULES_HELP);
      return EXIT.ok;
    }
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError || err instanceof HarReadError) {
      io.stderr(`har-redact: ${oneLine(err.message)}`);
      return err instanceof CliError ? err.exitCode : EXIT.usage;
    }
    throw err;
  }
}

async function runValidate(argv: string[], io: CliIo): Promise<number> {
  const [file] = positionals(argv, [], ['PACK'], 'validate');
  const pack = loadPack(file, io);
  if (!pack) return EXIT.usage;
  const signed = pack.signature ? `, signed by key ${pack.signature.keyId} (not verified here)` : '';
  io.stdout(
    `${file}: valid rule pack ${pack.id} ${pack.version} (${plural(pack.rules.length, 'rule')}${signed})`,
  );
  return EXIT.ok;
}

async function runTest(argv: string[], io: CliIo): Promise<number> {
  const [packFile, harFile] = positionals(argv, [], ['PACK', 'HAR'], 'test');
  const pack = loadPack(packFile, io);
  if (!pack) return EXIT.usage;
  const har = readHarBytes(readFile(harFile, 'HAR'));
  const ruleSet = mergeRules([
    { pack: builtinPack, origin: 'builtin' },
    { pack, origin: 'cli' },
  ]);
  const { report } = redactHar(har, ruleSet, {});

  const lines: string[] = [];
  for (const c of ruleSet.conflicts) {
    lines.push(`${c.ruleId}: ignored, the ${c.kept} rule with this id is locked`);
  }
  // Only what PACK contributed: built-in findings would drown the answer to "what does my pack do".
  const mine = report.findings.filter((f) => f.origin === 'cli');
  const byRule = new Map<string, Finding[]>();
  for (const f of mine) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);

  const entries = har.log.entries.length;
  lines.unshift(
    `${pack.id} ${pack.version}: ${byRule.size} of ${plural(pack.rules.length, 'rule')} matched in ${harFile} (${plural(entries, 'entry', 'entries')})`,
  );
  for (const rule of pack.rules) {
    const found = byRule.get(rule.id);
    if (!found) continue;
    const replacements = found.reduce((n, f) => n + f.count, 0);
    const labels = [...new Set(found.map((f) => f.label))].join(', ');
    lines.push(
      `${rule.id} (${labels}): ${plural(found.length, 'value')}, ${plural(replacements, 'replacement')}`,
    );
    for (const f of found) {
      for (const loc of f.locations)
        lines.push(`  ${loc.entry === null ? 'log' : `entry ${loc.entry}`} ${loc.path}`);
      if (f.count > f.locations.length)
        lines.push(`  … ${f.count - f.locations.length} more for tag ${f.tag}`);
    }
  }
  const silent = pack.rules.filter((r) => !byRule.has(r.id) && r.action !== 'keep').map((r) => r.id);
  if (silent.length) lines.push(`matched nothing: ${silent.join(', ')}`);
  io.stdout(lines.join('\n'));
  return EXIT.ok;
}

async function runKeygen(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'alg', value: true },
    { name: 'out', short: 'o', value: true },
  ]);
  if (args.positionals.length) throw new CliError(`rules keygen takes no file argument (use --out PREFIX)`);
  const algName = stringOpt(args, 'alg') ?? 'ed25519';
  const alg = parseSigningAlg(algName);
  if (!alg) throw new CliError(`unknown --alg ${JSON.stringify(algName)} (expected ed25519 or p256)`);
  const pair = await generateSigningKeyPair(alg);
  const prefix = stringOpt(args, 'out') ?? `har-redact-${pair.keyId}`;
  const keyFile = `${prefix}.key`;
  const pubFile = `${prefix}.pub`;
  for (const f of [keyFile, pubFile]) {
    if (fs.existsSync(f)) throw new CliError(`${f} already exists; not overwriting a key`);
  }
  writeNew(keyFile, pair.privateKey + '\n', 0o600);
  writeNew(pubFile, pair.publicKey + '\n', 0o644);
  io.stdout(
    [
      `key id: ${pair.keyId} (${alg})`,
      `private key: ${keyFile} (keep it secret)`,
      `public key: ${pubFile}`,
    ].join('\n'),
  );
  return EXIT.ok;
}

async function runSign(argv: string[], io: CliIo): Promise<number> {
  const spec: OptionSpec[] = [
    { name: 'key', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'detached' },
    { name: 'audience', value: true },
    { name: 'expires', value: true },
  ];
  const args = parseArgs(argv, spec);
  const [file] = expectPositionals(args.positionals, ['PACK'], 'sign');
  const keyFile = stringOpt(args, 'key');
  if (!keyFile) throw new CliError('rules sign needs --key KEY (a private key from rules keygen)');
  const loaded = loadPack(file, io);
  if (!loaded) return EXIT.usage;
  const pack = withClaims(
    loaded,
    stringOpt(args, 'audience'),
    stringOpt(args, 'expires'),
    flag(args, 'detached'),
  );
  const key = readFile(keyFile, 'private key').toString('utf8').trim();
  let text: string;
  let keyId: string;
  try {
    if (flag(args, 'detached')) {
      const sig = await detachedSignature(pack, key);
      keyId = sig.keyId;
      text = JSON.stringify(sig, null, 2) + '\n';
    } else {
      const signed = await signPack(pack, key);
      keyId = signed.signature!.keyId;
      text = JSON.stringify(signed, null, 2) + '\n';
    }
  } catch (err) {
    throw new CliError(`cannot sign with ${keyFile}: ${(err as Error).message}`);
  }
  const out = stringOpt(args, 'output');
  if (!out) {
    io.stdout(text);
    return EXIT.ok;
  }
  // A temp file beside OUT renamed over it: a failure leaves OUT as it was, and a symlink at OUT is
  // replaced, never written through (it could point at any file the signer can write).
  stageFile(out, text).commit();
  io.stdout(`${out}: signed by key ${keyId}`);
  return EXIT.ok;
}

async function runVerify(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'pub', value: true, multiple: true },
    { name: 'sig', value: true },
    { name: 'audience', value: true },
  ]);
  const [file] = expectPositionals(args.positionals, ['PACK'], 'verify');
  const pubFiles = listOpt(args, 'pub');
  if (!pubFiles.length)
    throw new CliError('rules verify needs at least one --pub KEY (a trusted public key)');
  const pack = readJson(file, 'rule pack');
  if (typeof pack !== 'object' || pack === null || Array.isArray(pack)) {
    throw new CliError(`${file} is not a rule pack (expected a JSON object)`);
  }
  const keys = pubFiles.map((f) => readFile(f, 'public key').toString('utf8').trim());
  const sigFile = stringOpt(args, 'sig');
  const detached = sigFile ? (readJson(sigFile, 'signature') as PackSignature) : undefined;
  const result = await verifyPack(pack as RulePack, keys, detached);
  if (!result.ok) {
    io.stderr(`har-redact: ${file}: ${result.reason}`);
    return EXIT.usage;
  }
  const audience = stringOpt(args, 'audience');
  const claims = signedClaimsProblem(pack as RulePack, {
    now: new Date(),
    ...(audience ? { url: audience } : {}),
  });
  if (claims) {
    io.stderr(`har-redact: ${file}: signature ok (key ${result.keyId}) but ${claims}`);
    return EXIT.usage;
  }
  const { audience: signedFor, expires } = pack as RulePack;
  io.stdout(`${file}: signature ok (key ${result.keyId}) for ${signedFor}, until ${expires}`);
  return EXIT.ok;
}

/**
 * The pack with the audience and expiry the signature must cover (issue 17): both are required, from
 * the flags or, for a detached signature (which cannot change the pack), from the pack itself.
 */
function withClaims(pack: RulePack, audience?: string, expires?: string, detached = false): RulePack {
  if (detached) {
    if (audience !== undefined || expires !== undefined) {
      throw new CliError('--detached signs PACK as it is: put audience and expires in PACK instead of flags');
    }
  } else {
    pack = {
      ...pack,
      ...(audience !== undefined ? { audience } : {}),
      ...(expires !== undefined ? { expires } : {}),
    };
  }
  if (pack.audience === undefined || pack.expires === undefined) {
    throw new CliError(
      'rules sign needs --audience URL (where the pack will be published) and --expires DATE (e.g. 2026-12-31)',
    );
  }
  for (const k of ['audience', 'expires'] as const) {
    const problem = claimShapeProblem(k, pack[k] as string);
    if (problem) throw new CliError(`--${k}: ${problem}`);
  }
  const expired = claimsProblem(pack, { now: new Date() });
  if (expired) throw new CliError(`--expires: ${expired.replace(/^it /, 'the pack ')}`);
  return pack;
}

/** Reads and validates a pack; on errors prints each with its path and returns null. */
function loadPack(file: string, io: CliIo): RulePack | null {
  const result = parseRulePack(stripBom(readFile(file, 'rule pack').toString('utf8')), {
    knownDetectors: knownDetectorIds(),
  });
  if (result.ok) return result.pack;
  for (const line of formatValidationErrors(result.errors)) io.stdout(`${file}: ${line}`);
  io.stderr(`har-redact: invalid rule pack ${file} (${plural(result.errors.length, 'error')})`);
  return null;
}

/** The reader's one-line errors (never V8's, which quote the file); duplicate keys refused. */
function readJson(file: string, what: string): unknown {
  const parsed = parsePackJson(readFile(file, what).toString('utf8'));
  if (!parsed.ok) throw new CliError(`${what} ${file}: ${parsed.error}`);
  return parsed.value;
}

function positionals(argv: string[], spec: OptionSpec[], names: string[], sub: string): string[] {
  return expectPositionals(parseArgs(argv, spec).positionals, names, sub);
}

function expectPositionals(got: string[], names: string[], sub: string): string[] {
  if (got.length !== names.length) {
    throw new CliError(
      `rules ${sub} needs ${names.join(' and ')}${got.length > names.length ? ' only' : ''} (see rules --help)`,
    );
  }
  return got;
}

function writeNew(file: string, data: string, mode: number): void {
  try {
    // `wx`: never replace an existing key; the mode applies at creation, before any byte is written.
    fs.writeFileSync(file, data, { flag: 'wx', mode });
    fs.chmodSync(file, mode);
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
