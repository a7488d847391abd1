import './ensure-generated';
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../../src/detect/registry';
import { EXAMPLES, wholeCases, type WholeCase } from './gitleaks-examples/cases';

/** The characters of the secret no detection covers. */
function kept(c: WholeCase): string {
  const covered = new Uint8Array(c.end - c.start);
  for (const d of detectSecrets(c.text, c.ctx)) {
    for (let i = Math.max(d.start, c.start); i < Math.min(d.end, c.end); i++) covered[i - c.start] = 1;
  }
  let out = '';
  covered.forEach((v, i) => (out += v ? '·' : c.text[c.start + i]));
  return out;
}

/**
 * Misses accepted on purpose, each with its reason (rule, place, the secret's start).
 * - gitleaks' catch-all rule on a UUID: the generic filter keeps UUIDs (ids far more often than keys);
 *   under a credential name the engine's name rules remove it.
 * - the catch-all rule does not run on `name = "value"` made from a field's name (only vendor rules
 *   do): under a credential name the name rules remove the value, under others it would be noise.
 */
const ACCEPTED = [
  /^generic-api-key \[(?:text|json|header)\] dafa7817-/,
  /^generic-api-key \[json\] 0afae57f/,
];

describe("gitleaks' own true positives are caught whole", () => {
  const { cases, unplaced } = wholeCases();
  it('measures', () => {
    const missed = cases.map((c) => ({ c, k: kept(c) })).filter(({ k }) => /[^·]/.test(k));
    const report = missed.map(
      ({ c, k }) => `${c.rule} [${c.place}] ${k.length > 90 ? k.slice(0, 90) + '…' : k}`,
    );
    const unexpected = report.filter((line) => !ACCEPTED.some((re) => re.test(line)));
    console.log(
      `${cases.length - missed.length}/${cases.length} caught whole (${((100 * (cases.length - missed.length)) / cases.length).toFixed(1)} %); unplaced ${unplaced.length}\n` +
        report.join('\n') +
        '\n' +
        unplaced.join('\n'),
    );
    expect(unexpected).toEqual([]);
    expect(cases.length).toBeGreaterThan(1300);
  });
});

describe("gitleaks' own false positives", () => {
  it('are not reported by their rule, in text or under a field name', () => {
    const flagged: string[] = [];
    for (const r of EXAMPLES) {
      for (const fp of r.fps) {
        const asText = detectSecrets(`log start\n${fp}\nlog end`);
        const asValue = detectSecrets(fp, { key: 'x-debug-info' });
        if ([...asText, ...asValue].some((d) => d.label === r.id))
          flagged.push(`${r.id}: ${fp.slice(0, 80)}`);
      }
    }
    const total = EXAMPLES.reduce((a, r) => a + r.fps.length, 0);
    console.log(
      `${flagged.length}/${total} false positives reported by their own rule\n${flagged.join('\n')}`,
    );
    expect(flagged).toEqual([]);
  });
});
