import { readFileSync } from 'node:fs';
import { parseToml, toJsRegex } from '../../../../scripts/gen-gitleaks.mjs';
import { GITLEAKS_RULES } from '../../../../src/detect/generated/gitleaks';
import type { DetectContext } from '../../../../src/detect/types';

/** gitleaks' literal per-rule examples, as build.mjs extracted them. */
export interface RuleExamples {
  id: string;
  samples: { id: string; secret: string }[];
  tps: string[];
  fps: string[];
}

export const EXAMPLES: RuleExamples[] = JSON.parse(
  readFileSync(new URL('./examples.json', import.meta.url), 'utf8'),
).rules;

export type Place = 'text' | 'json' | 'header';

/** One true positive placed where a HAR holds values: the whole secret is text[start, end). */
export interface WholeCase {
  rule: string;
  place: Place;
  text: string;
  ctx: DetectContext;
  start: number;
  end: number;
}

const STOP_RIGHT = /[\s"'`<>;,)}\]&@\\]/;
const STOP_LEFT = /[\s"'`<>(,;{[&=@/\\]/;

interface TomlRule {
  id: string;
  regex?: string;
  secretGroup?: number;
}
const TOML_URL = new URL('../../../../src/detect/vendor-data/gitleaks/gitleaks.toml', import.meta.url);
const TOML_RULES = (parseToml(readFileSync(TOML_URL, 'utf8')).rules as TomlRule[]).filter((r) => r.regex);

/**
 * A rule's regex: the converted one, or (for the rules the generator leaves out: too slow on whole
 * bodies, or scoped to file paths) gitleaks' own converted here; these example lines are short.
 */
function ruleRegex(ruleId: string): { re: RegExp; secretGroup: number } | undefined {
  const rule = GITLEAKS_RULES.find((r) => r.id === ruleId);
  if (rule)
    return { re: new RegExp(rule.re.source, rule.re.flags.replace('g', '')), secretGroup: rule.secretGroup };
  const toml = TOML_RULES.find((r) => r.id === ruleId);
  if (!toml) return undefined;
  const js = toJsRegex(toml.regex!);
  return { re: new RegExp(js.source, js.flags.replace('g', '') + 'd'), secretGroup: toml.secretGroup ?? 0 };
}

/** The span gitleaks reports for `line` (its secret group), or undefined. */
function gitleaksSpan(ruleId: string, line: string): [number, number] | undefined {
  const rule = ruleRegex(ruleId);
  if (!rule) return undefined;
  const m = rule.re.exec(line);
  if (!m) return undefined;
  let g = rule.secretGroup;
  if (g === 0) g = m.findIndex((v, k) => k > 0 && v) ?? 0;
  if (g < 0) g = 0;
  return g === 0 ? [m.index, m.index + m[0].length] : (m.indices![g] as [number, number]);
}

/**
 * The whole secret around gitleaks' span: the token it stands in, within its quotes (a URL from its
 * scheme; not the `name=` or `name:` before it). Never smaller than gitleaks' span.
 */
export function wholeSecret(line: string, [s, e]: [number, number]): [number, number] {
  let a = s;
  while (a > 0 && !STOP_LEFT.test(line[a - 1]) && line[a - 1] !== ':') a--;
  let b = e;
  while (b < line.length && !STOP_RIGHT.test(line[b])) b++;
  // A token does not end in sentence punctuation.
  while (b > e && /[.:]/.test(line[b - 1])) b--;
  // Quotes around the whole (`-u "user:pass"`) are not the secret's.
  if (/["']/.test(line[a]) && line[b - 1] === line[a] && b - a > 2) return [a + 1, b - 1];
  return [a, b];
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** Every literal true positive in a text body, a JSON body and a header. */
export function wholeCases(): { cases: WholeCase[]; unplaced: string[] } {
  const cases: WholeCase[] = [];
  const unplaced: string[] = [];
  for (const r of EXAMPLES) {
    for (const sample of r.samples) {
      const { id } = sample;
      // (A few samples carry a stray quote, `=` or escape beside the token.)
      if (sample.secret.includes('\\')) continue;
      const secret = sample.secret.replace(/^[='"]+|['"]+$/g, '');
      const text = `# settings\n${id}Token = "${secret}"\n`;
      const start = text.indexOf(secret);
      cases.push({ rule: r.id, place: 'text', text, ctx: {}, start, end: start + secret.length });
      const key = `${id}_token`.toLowerCase();
      cases.push({ rule: r.id, place: 'json', text: secret, ctx: { key }, start: 0, end: secret.length });
      const header = `x-${id}-token`.toLowerCase();
      cases.push({
        rule: r.id,
        place: 'header',
        text: secret,
        ctx: { key: header },
        start: 0,
        end: secret.length,
      });
    }
    for (const tp of r.tps) {
      const span = gitleaksSpan(r.id, tp);
      if (!span) {
        unplaced.push(`${r.id}: ${tp.slice(0, 60)}`);
        continue;
      }
      const [s, e] = wholeSecret(tp, span);
      const secret = tp.slice(s, e);
      const text = `log start\n${tp}\nlog end`;
      cases.push({ rule: r.id, place: 'text', text, ctx: {}, start: s + 10, end: e + 10 });
      let member: Record<string, unknown> | undefined;
      try {
        member = JSON.parse(`{${tp}}`);
      } catch {
        member = undefined;
      }
      const entry =
        member && Object.entries(member).find(([, v]) => typeof v === 'string' && v.includes(secret));
      if (entry) {
        const v = entry[1] as string;
        const at = v.indexOf(secret);
        cases.push({
          rule: r.id,
          place: 'json',
          text: v,
          ctx: { key: entry[0].toLowerCase() },
          start: at,
          end: at + secret.length,
        });
      } else cases.push({ rule: r.id, place: 'json', text: tp, ctx: { key: 'config' }, start: s, end: e });
      const h = oneLine(tp);
      const at = h.indexOf(oneLine(secret));
      if (at >= 0)
        cases.push({
          rule: r.id,
          place: 'header',
          text: h,
          ctx: { key: 'x-debug-info' },
          start: at,
          end: at + oneLine(secret).length,
        });
    }
  }
  return { cases, unplaced };
}
