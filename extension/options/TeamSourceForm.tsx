import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { keyIdOf } from '../../src/index';
import { readPolicy } from '../background/rules/policy';
import type { TeamPolicy } from '../background/rules/policy';
import { TEAM_PACK_KEY, TEAM_STATUS_KEY } from '../background/rules/team-store';
import {
  TEAM_SETTINGS_KEY,
  checkTeamUrl,
  originPatternFor,
  readTeamSettings,
  writeTeamSettings,
} from '../background/rules/index';
import type { TeamSettings } from '../background/rules/index';

/**
 * The team source a user may set when policy does not: URL, trusted public keys, signature
 * required. Fields policy sets are shown read-only; when policy forbids user rules the form is not
 * shown at all (or only read-only, next to a URL policy sets). Saving asks for the URL's origin (only that one)
 * as a host permission; the worker notices the storage change and syncs.
 */
export function TeamSourceForm({ onChanged }: { onChanged: () => void }): JSX.Element {
  const [policy, setPolicy] = useState<TeamPolicy>({});
  const [url, setUrl] = useState('');
  const [keys, setKeys] = useState('');
  const [requireSignature, setRequireSignature] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    void (async () => {
      const [p, s] = await Promise.all([
        readPolicy({ managed: chrome.storage.managed }),
        readTeamSettings(chrome.storage.local),
      ]);
      setPolicy(p);
      setUrl(s.teamRulesUrl ?? '');
      setKeys((s.trustedPublicKeys ?? []).join('\n'));
      setRequireSignature(s.requireSignature ?? false);
    })();
    // Sync results and policy edits land in storage: refresh the status shown next to this form.
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'managed') void readPolicy({ managed: chrome.storage.managed }).then(setPolicy);
      if (
        area === 'managed' ||
        TEAM_STATUS_KEY in changes ||
        TEAM_PACK_KEY in changes ||
        TEAM_SETTINGS_KEY in changes
      ) {
        onChanged();
      }
    };
    chrome.storage.onChanged.addListener(listener);
    return () => chrome.storage.onChanged.removeListener(listener);
  }, []);

  const save = async () => {
    setMessage(null);
    const trimmedUrl = url.trim();
    let permission: Promise<boolean> = Promise.resolve(true);
    if (trimmedUrl && !policy.teamRulesUrl) {
      const checked = checkTeamUrl(trimmedUrl);
      if (!checked.ok) {
        setMessage({ error: true, text: checked.reason });
        return;
      }
      const pattern = originPatternFor(trimmedUrl);
      // Started before any await, while the click still counts as a user gesture. Not awaited
      // before saving: the prompt may stay open, and a server with CORS needs no permission (the
      // worker syncs again when the permission is granted).
      if (pattern) permission = chrome.permissions.request({ origins: [pattern] }).catch(() => false);
    }
    const keyList = keys
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean);
    const ids: string[] = [];
    for (const [i, k] of keyList.entries()) {
      try {
        ids.push(await keyIdOf(k));
      } catch {
        setMessage({ error: true, text: `Public key ${i + 1} is not a valid public key.` });
        return;
      }
    }
    const next: TeamSettings = {
      ...(trimmedUrl ? { teamRulesUrl: trimmedUrl } : {}),
      ...(keyList.length ? { trustedPublicKeys: keyList } : {}),
      requireSignature,
    };
    await writeTeamSettings(chrome.storage.local, next);
    const keyNote = ids.length ? ` Trusted key id(s): ${ids.join(', ')}.` : '';
    setMessage({ error: false, text: `Team source saved; syncing.${keyNote}` });
    if (!(await permission)) {
      setMessage({
        error: true,
        text: `Team source saved.${keyNote} Access to that server was not granted: the pack loads only if the server allows it (CORS).`,
      });
    }
  };

  // A typed team source is a user override: policy that forbids those forbids this form (issue 17).
  if (policy.allowUserRules === false && !policy.teamRulesUrl) {
    return (
      <p class="muted" data-testid="team-source-forbidden">
        Your administrator does not allow adding a team rules source here.
      </p>
    );
  }
  const byPolicy = <em class="muted"> (set by your administrator)</em>;
  const allByPolicy =
    policy.allowUserRules === false ||
    (!!policy.teamRulesUrl && !!policy.trustedPublicKeys && policy.requireSignature !== undefined);
  const readOnly = policy.allowUserRules === false;
  return (
    <form
      class="team-source"
      data-testid="team-source"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>
        <label>
          Team rules URL{policy.teamRulesUrl && byPolicy}
          <br />
          <input
            type="url"
            size={60}
            placeholder="https://rules.example.com/team-pack.json"
            value={policy.teamRulesUrl ?? url}
            disabled={readOnly || !!policy.teamRulesUrl}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
      </p>
      <p>
        <label>
          Trusted public keys, one per line{policy.trustedPublicKeys && byPolicy}
          <br />
          <textarea
            rows={3}
            cols={60}
            value={(policy.trustedPublicKeys ?? []).join('\n') || keys}
            disabled={readOnly || !!policy.trustedPublicKeys}
            onInput={(e) => setKeys(e.currentTarget.value)}
          />
        </label>
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={policy.requireSignature ?? requireSignature}
            disabled={readOnly || policy.requireSignature !== undefined}
            onChange={(e) => setRequireSignature(e.currentTarget.checked)}
          />{' '}
          Reject packs that are not signed by one of these keys
          {policy.requireSignature !== undefined && byPolicy}
        </label>
      </p>
      {!allByPolicy && (
        <p>
          <button type="submit">Save team source</button>{' '}
          {message && (
            <span class={message.error ? 'error' : ''} role={message.error ? 'alert' : 'status'}>
              {message.text}
            </span>
          )}
        </p>
      )}
    </form>
  );
}
