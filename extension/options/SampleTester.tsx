import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Rule, RuleSet } from '../../src/index';
import { redactHar } from '../../src/index';
import type { RulesStateDto } from '../shared/protocol';
import { Marked } from '../shared/ui/Marked';
import { requestToText, sampleToHar } from './sample';
import { describeName, explainFinding } from '../shared/ui/categories';

/** The rules in force with the editor's (unsaved) custom rules in place of the saved ones. */
function withDrafts(ruleSet: RuleSet, drafts: Rule[]): RuleSet {
  return {
    packs: ruleSet.packs,
    rules: [
      ...ruleSet.rules.filter((r) => r.origin !== 'user' && !drafts.some((d) => d.id === r.id && !r.locked)),
      ...drafts.map((d) => ({ ...d, packId: 'user', origin: 'user' as const })),
    ],
  };
}

export const EXAMPLE = `POST https://api.example.test/v1/login?tenant=acme
Content-Type: application/json
X-Acme-Tenant: acme-prod-eu

{"user": "someone@example.test", "password": "hunter2-not-real"}`;

export function SampleTester({
  rules,
  draftRules,
  onText,
}: {
  rules: RulesStateDto;
  draftRules: Rule[] | null;
  /** The sample as it changes (the editor flags a pattern that matches most of it). */
  onText?: (text: string) => void;
}): JSX.Element {
  const [text, setTextState] = useState(EXAMPLE);
  const setText = (t: string) => {
    setTextState(t);
    onText?.(t);
  };
  const key = useMemo(() => crypto.getRandomValues(new Uint8Array(32)), []);

  const outcome = useMemo(() => {
    if (!text.trim()) return null;
    try {
      const ruleSet = draftRules ? withDrafts(rules.ruleSet, draftRules) : rules.ruleSet;
      const { har, report } = redactHar(sampleToHar(text), ruleSet, {
        key,
        disabledRules: rules.disabledRules,
      });
      const isHar = text.trim().startsWith('{') && har.log.entries.length !== 1;
      return {
        text: isHar ? JSON.stringify(har, null, 2) : requestToText(har.log.entries[0]),
        report,
        error: null as string | null,
      };
    } catch (err) {
      return { text: '', report: null, error: err instanceof Error ? err.message : String(err) };
    }
  }, [text, rules, draftRules, key]);

  return (
    <div class="sample">
      <label for="sample-in">
        Sample (a raw request — request line, headers, blank line, body — or a whole HAR)
      </label>
      <div class="sample-grid">
        <textarea
          id="sample-in"
          rows={10}
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <pre aria-label="Sample after redaction" data-testid="sample-out">
          {outcome?.error ? (
            <span class="error">{outcome.error}</span>
          ) : (
            <Marked text={outcome?.text ?? ''} />
          )}
        </pre>
      </div>
      {draftRules === null && (
        <p class="muted">The custom rules have errors: the sample uses the saved ones.</p>
      )}
      {outcome?.report && (
        <p class="muted">
          {outcome.report.findings.length === 0
            ? 'Nothing found.'
            : outcome.report.findings
                .map((f) => {
                  const e = explainFinding(f);
                  return `${describeName(e.reason, e.name)} (${e.source} rule ${f.ruleId})`;
                })
                .join('; ')}
        </p>
      )}
    </div>
  );
}
