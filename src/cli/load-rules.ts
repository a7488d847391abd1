import {
  builtinPack,
  knownDetectorIds,
  mergeRules,
  parsePackJson,
  validateRulePack,
  type RulePack,
  type RuleSet,
} from '../index';
import { CliError } from './cli-error';
import { readFile } from './files';

// One-line errors that never quote the file; a duplicate key is refused (see pack-json.ts).
function parseJson(text: string, file: string): unknown {
  const parsed = parsePackJson(text);
  if (!parsed.ok) throw new CliError(`invalid rule pack ${file}: ${parsed.error}`);
  return parsed.value;
}

export function loadRulePack(file: string): RulePack {
  const json = parseJson(readFile(file, 'rule pack').toString('utf8'), file);
  // A detector id the engine does not know would silently match nothing: refuse it up front.
  const result = validateRulePack(json, { knownDetectors: knownDetectorIds() });
  if (result.ok) return result.pack;
  const n = result.errors.length;
  // Every error with its path, still on one line so scripts can grep the refusal.
  const list = result.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw new CliError(`invalid rule pack ${file} (${n} error${n === 1 ? '' : 's'}): ${list}`);
}

/** The built-in pack, then each --rules pack in the order given (later ones win unless locked). */
export function loadRuleSet(files: string[]): RuleSet {
  const extra = files.map(loadRulePack);
  return mergeRules([
    { pack: builtinPack, origin: 'builtin' },
    ...extra.map((pack) => ({ pack, origin: 'cli' as const })),
  ]);
}
