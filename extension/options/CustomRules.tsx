import type { JSX } from 'preact';
import type { RuleAction, RuleTarget } from '../../src/index';
import { TARGET_LABELS, newDraft } from './rule-drafts';
import type { RuleDraft } from './rule-drafts';

function FieldErrors({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <span id={id} class="error field-error" role="alert">
      {messages.join('; ')}
    </span>
  );
}

export function CustomRules({
  drafts,
  errors,
  onChange,
}: {
  drafts: RuleDraft[];
  errors: Map<string, string[]>;
  onChange: (drafts: RuleDraft[]) => void;
}): JSX.Element {
  const set = (i: number, patch: Partial<RuleDraft>) =>
    onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const val = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <div class="custom-rules">
      {drafts.length === 0 && <p class="muted">No custom rules yet.</p>}
      {drafts.map((d, i) => {
        const err = (field: string) => errors.get(`${i}:${field}`);
        const namesField = d.target === 'value' ? 'pattern' : 'names';
        const rowErrors = [
          ...(errors.get(`${i}:`) ?? []),
          ...(err('target') ?? []),
          ...(err('action') ?? []),
        ];
        return (
          <fieldset key={i} class="rule-row" aria-label={`Custom rule ${i + 1}`}>
            <label>
              Rule id
              <input
                type="text"
                value={d.id}
                aria-invalid={!!err('id')}
                aria-describedby={err('id') ? `err-${i}-id` : undefined}
                onInput={(e) => set(i, { id: val(e) })}
              />
              <FieldErrors id={`err-${i}-id`} messages={err('id')} />
            </label>
            <label>
              Match
              <select value={d.target} onChange={(e) => set(i, { target: val(e) as RuleTarget })}>
                {Object.entries(TARGET_LABELS).map(([t, label]) => (
                  <option key={t} value={t}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            {d.target === 'value' ? (
              <label class="grow">
                Pattern (JavaScript regular expression)
                <input
                  type="text"
                  value={d.pattern}
                  placeholder="e.g. acme_[a-z0-9]{32}"
                  aria-invalid={!!err('pattern')}
                  aria-describedby={err('pattern') ? `err-${i}-pattern` : undefined}
                  onInput={(e) => set(i, { pattern: val(e) })}
                />
                <FieldErrors id={`err-${i}-pattern`} messages={err('pattern')} />
              </label>
            ) : (
              <label class="grow">
                Names (comma-separated, case-insensitive)
                <input
                  type="text"
                  value={d.namesText}
                  placeholder="e.g. X-Acme-Tenant"
                  aria-invalid={!!err(namesField)}
                  aria-describedby={err(namesField) ? `err-${i}-names` : undefined}
                  onInput={(e) => set(i, { namesText: val(e) })}
                />
                <FieldErrors id={`err-${i}-names`} messages={err(namesField)} />
              </label>
            )}
            <label>
              Action
              <select value={d.action} onChange={(e) => set(i, { action: val(e) as RuleAction })}>
                <option value="redact">Redact the value</option>
                <option value="remove">Remove it entirely</option>
                <option value="keep">Keep (never redact by name)</option>
              </select>
            </label>
            <label>
              Label
              <input
                type="text"
                value={d.label}
                placeholder="e.g. tenant"
                aria-invalid={!!err('label')}
                onInput={(e) => set(i, { label: val(e) })}
              />
              <FieldErrors id={`err-${i}-label`} messages={err('label')} />
            </label>
            <button
              type="button"
              aria-label={`Delete custom rule ${i + 1}`}
              onClick={() => onChange(drafts.filter((_, j) => j !== i))}
            >
              Delete
            </button>
            <FieldErrors id={`err-${i}`} messages={rowErrors.length ? rowErrors : undefined} />
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...drafts, newDraft(drafts)])}>
        Add a custom rule
      </button>
    </div>
  );
}
