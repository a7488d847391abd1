import {
  builtinPack,
  knownDetectorIds,
  mergeRules,
  validateRulePack,
  type RulePack,
  type RuleSet,
} from '../index';
import { describeChar, findSyntaxError, lineColumn } from '../har/json-syntax';
import { CliError } from './cli-error';
import { readFile } from './files';

function parseJson(text: string, file: string): unknown {
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    return JSON.parse(base ? text.slice(1) : text);
  } catch {
    const p = findSyntaxError(text, base, text.length);
    const where = p ? lineColumn(text, base, p.pos) : null;
    const what = !p
      ? 'invalid JSON'
      : p.kind === 'end'
        ? 'unexpected end of input'
        : `unexpected character ${describeChar(text, p.pos)}`;
    throw new CliError(
      `invalid rule pack ${file}: not JSON: ${what}${where ? ` at line ${where.line} column ${where.column}` : ''}`,
    );
  }
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
