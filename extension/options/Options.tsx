import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Rule } from '../../src/index';
import { validateRulePack } from '../../src/index';
import type { RulesStateDto } from '../shared/protocol';
import type { Settings } from '../shared/storage';
import { send } from '../shared/messaging';
import { BuiltinGroups } from './BuiltinGroups';
import { CustomRules } from './CustomRules';
import { EXAMPLE, SampleTester } from './SampleTester';
import { isTooBroad, patternCoverage } from './broad-pattern';
import { TeamRulesStatus } from './TeamRulesStatus';
import { ManagedRules } from './ManagedRules';
import { Encryption } from './Encryption';
import { ExportHistory } from './ExportHistory';
import { draftToRule, errorsByField, ruleToDraft } from './rule-drafts';
import type { RuleDraft } from './rule-drafts';

export function Options(): JSX.Element {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [rules, setRules] = useState<RulesStateDto | null>(null);
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [sample, setSample] = useState(EXAMPLE);
  /** The user saw the "matches most of the sample" warning and chose to save anyway. */
  const [broadAck, setBroadAck] = useState(false);

  const reload = async () => {
    const [s, r] = await Promise.all([send('settings:get', {}), send('rules:state', {})]);
    setSettings(s);
    setRules(r);
    return s;
  };

  useEffect(() => {
    reload().then(
      (s) => setDrafts(s.userRules.map(ruleToDraft)),
      (e: Error) => setLoadError(e.message),
    );
  }, []);

  const update = async (patch: Partial<Omit<Settings, 'version'>>) => {
    await send('settings:update', patch);
    await reload();
  };

  const draftRules: Rule[] = drafts.map(draftToRule);
  const validation = validateRulePack({ schemaVersion: 1, id: 'user', version: '1', rules: draftRules });
  const errors = validation.ok ? new Map<string, string[]>() : errorsByField(validation.errors);
  const dirty = JSON.stringify(draftRules) !== JSON.stringify(settings?.userRules ?? []);

  const broad = drafts.filter((d) => d.target === 'value' && isTooBroad(d.pattern, sample));

  const save = async (anyway = false) => {
    if (!validation.ok) return;
    if (broad.length > 0 && !anyway) {
      setBroadAck(true);
      return;
    }
    setBroadAck(false);
    await update({ userRules: draftRules });
    setSaved('Custom rules saved. They apply to the next download.');
  };

  if (loadError)
    return (
      <p class="error" role="alert">
        {loadError}
      </p>
    );
  if (!settings || !rules) return <p class="muted">Loading…</p>;

  return (
    <main class="options">
      <h1>HAR Redactor — rules and options</h1>

      <section aria-labelledby="h-builtin">
        <h2 id="h-builtin">Built-in rules</h2>
        <BuiltinGroups rules={rules} settings={settings} onChange={update} />
      </section>

      <section aria-labelledby="h-custom">
        <h2 id="h-custom">Custom rules</h2>
        {!rules.userRulesAllowed && (
          <p class="error">Your organisation's policy does not allow custom rules: these are not applied.</p>
        )}
        <CustomRules
          drafts={drafts}
          errors={errors}
          onChange={(d) => (setSaved(null), setBroadAck(false), setDrafts(d))}
        />
        {broad.map((d) => (
          <p class="warning" key={d.id} role="status" data-testid="broad-pattern">
            Rule <code>{d.id}</code> matches {Math.round((patternCoverage(d.pattern, sample) ?? 0) * 100)}% of
            the sample below: it would replace most of a file with placeholders.
          </p>
        ))}
        {broadAck && broad.length > 0 && (
          <p class="warning" role="alert">
            Save a pattern that matches most of the sample?{' '}
            <button type="button" onClick={() => void save(true)}>
              Save anyway
            </button>
          </p>
        )}
        <p>
          <button
            type="button"
            class="primary"
            disabled={!validation.ok || !dirty}
            onClick={() => void save()}
          >
            Save rules
          </button>{' '}
          {!validation.ok && (
            <span class="error" role="alert">
              Fix the errors above to save.
            </span>
          )}
          {saved && <span role="status">{saved}</span>}
          {dirty && validation.ok && !saved && <span class="muted">Unsaved changes.</span>}
        </p>
        {(errors.get('-1:') ?? []).map((m) => (
          <p class="error" key={m}>
            {m}
          </p>
        ))}
      </section>

      <section aria-labelledby="h-test">
        <h2 id="h-test">Test against a sample</h2>
        <SampleTester rules={rules} draftRules={validation.ok ? draftRules : null} onText={setSample} />
      </section>

      {/* ---- Team rules slot: status of the team / policy rule sources (owned by the team-rules work) ---- */}
      <section aria-labelledby="h-team">
        <h2 id="h-team">Team rules</h2>
        <TeamRulesStatus status={rules.status} onSynced={() => void reload()} />
        <h3>Rules from your team and policy</h3>
        <ManagedRules rules={rules.ruleSet.rules} lockedIds={rules.lockedRuleIds} />
      </section>

      <Encryption />
      <ExportHistory />
    </main>
  );
}
