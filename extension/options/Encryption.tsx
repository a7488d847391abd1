import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { parseRecipient } from '../../src/export/recipients';
import { send } from '../shared/messaging';
import { ColumnHeads } from '../shared/ui/ColumnHeads';
import type { ExportConfig } from '../shared/export-types';

/**
 * Encryption: the age recipients every export is encrypted to. Policy's and the signed team pack's
 * are shown read-only; the user may add their own (support's public key, `age1…`) with a label.
 */
export function Encryption(): JSX.Element {
  const [cfg, setCfg] = useState<ExportConfig | null>(null);
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    send('export:config', {}).then(setCfg, (e: Error) => setMessage({ text: e.message, error: true }));
  }, []);

  const saveList = async (list: ExportConfig['userRecipients'], done: string) => {
    try {
      setCfg(await send('export:setRecipients', { recipients: list }));
      setMessage({ text: done, error: false });
      return true;
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
      return false;
    }
  };

  const add = async () => {
    let checked: string;
    try {
      checked = parseRecipient(key);
    } catch (e) {
      return setMessage({ text: (e as Error).message, error: true });
    }
    const list = [
      ...(cfg?.userRecipients ?? []),
      { key: checked, ...(label.trim() ? { label: label.trim() } : {}) },
    ];
    if (await saveList(list, 'Recipient added: downloads and uploads are now encrypted.')) {
      setKey('');
      setLabel('');
    }
  };

  return (
    <section aria-labelledby="h-encryption">
      <h2 id="h-encryption">Encryption</h2>
      <p class="muted">
        With at least one recipient, every download and upload is an{' '}
        <a href="https://age-encryption.org" target="_blank" rel="noreferrer">
          age
        </a>{' '}
        file (<code>.redacted.har.age</code>) that only the recipients can open, with{' '}
        <code>age -d -i key.txt file.har.age</code>.
      </p>
      {cfg?.required && (
        <p data-testid="encryption-required">
          <strong>Your organisation requires encryption:</strong>{' '}
          {cfg.recipients.length
            ? 'exports are encrypted.'
            : 'no recipient is set, so downloads are refused.'}
        </p>
      )}
      {cfg?.problems.map((p) => (
        <p class="error" key={p}>
          {p}
        </p>
      ))}
      <table class="recipients" data-testid="recipients">
        <ColumnHeads names={['Recipient', 'Label', 'From', { label: 'Actions' }]} />
        <tbody>
          {cfg?.recipients.length === 0 && (
            <tr>
              <td colSpan={4} class="muted">
                None: exports are not encrypted.
              </td>
            </tr>
          )}
          {cfg?.recipients.map((r) => (
            <tr key={r.key}>
              <td>
                <code>{r.key}</code>
              </td>
              <td>{r.label ?? ''}</td>
              <td>{r.from === 'user' ? 'you' : r.from === 'team' ? 'team pack' : 'policy'}</td>
              <td>
                {r.from === 'user' && (
                  <button
                    type="button"
                    aria-label={`Remove recipient ${r.label ?? r.key}`}
                    onClick={() =>
                      void saveList(
                        (cfg?.userRecipients ?? []).filter((u) => u.key !== r.key),
                        'Recipient removed.',
                      )
                    }
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="add-recipient">
        <label>
          age recipient{' '}
          <input
            size={64}
            placeholder="age1…"
            value={key}
            onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <label>
          Recipient label{' '}
          <input
            placeholder="Support team"
            value={label}
            onInput={(e) => setLabel((e.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="button" disabled={!key.trim()} onClick={() => void add()}>
          Add recipient
        </button>
      </p>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'muted'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
