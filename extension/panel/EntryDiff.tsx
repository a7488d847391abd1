import type { Entry } from 'har-format';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Marked } from '../shared/ui/Marked';
import { pairByName } from './pair-by-name';
import type { NameValue } from './pair-by-name';
import { formatBody } from './format-body';
import { ColumnHeads } from '../shared/ui/ColumnHeads';

const BODY_PREVIEW = 200_000;

/**
 * What a section needs to mask "before" values: a value that redaction changes (or any value while
 * the analysis is pending) stays hidden until the user reveals it, one at a time. A screen share
 * with support then shows no secret.
 */
interface MaskProps {
  pending: boolean;
  changedOnly: boolean;
  revealed: Set<string>;
  reveal: (id: string, on: boolean) => void;
}

function Masked({
  id,
  label,
  value,
  mask,
}: {
  id: string;
  label: string;
  value: string;
  mask: MaskProps;
}): JSX.Element {
  if (mask.revealed.has(id)) {
    return (
      <>
        <span class="revealed-value">{value}</span>{' '}
        <button
          type="button"
          class="link"
          aria-label={`Hide ${label}`}
          onClick={() => mask.reveal(id, false)}
        >
          Hide
        </button>
      </>
    );
  }
  return (
    <>
      <span class="masked" aria-label="hidden value">
        ••••••
      </span>{' '}
      <button type="button" class="link" aria-label={`Reveal ${label}`} onClick={() => mask.reveal(id, true)}>
        Reveal
      </button>
    </>
  );
}

function KvSection({
  title,
  before,
  after,
  mask,
}: {
  title: string;
  before?: NameValue[];
  after?: NameValue[];
  mask: MaskProps;
}) {
  const all = pairByName(before, after);
  const rows = mask.changedOnly ? all.filter((r) => r.changed) : all;
  if (rows.length === 0) return null;
  const changed = all.filter((r) => r.changed).length;
  return (
    <section aria-label={title}>
      <h3>
        {title} {changed > 0 && <span class="badge">{changed} redacted</span>}
      </h3>
      <table class="kv">
        <ColumnHeads names={['Name', 'Before', 'After']} />
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} class={r.changed ? 'changed' : ''}>
              <td>{r.name}</td>
              <td>
                {r.before === null ? (
                  <em class="muted">(absent)</em>
                ) : r.changed || mask.pending ? (
                  <Masked
                    id={`${title}|${i}`}
                    label={`original value of ${title.toLowerCase()} ${r.name}${rows.length > 1 ? ` (row ${i + 1})` : ''}`}
                    value={r.before}
                    mask={mask}
                  />
                ) : (
                  r.before
                )}
              </td>
              <td>
                {mask.pending ? (
                  <em class="muted">analysing…</em>
                ) : r.after === null ? (
                  <em class="redacted">(removed)</em>
                ) : (
                  <Marked text={r.after} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BodySection({
  title,
  before,
  after,
  mimeType,
  note,
  mask,
}: {
  title: string;
  before?: string;
  after?: string;
  mimeType?: string;
  note?: string;
  mask: MaskProps;
}) {
  if (!before && !after && !note) return null;
  const changed = before !== after;
  if (mask.changedOnly && !changed && !note) return null;
  const cut = (t?: string) => {
    const f = formatBody(t ?? '', mimeType);
    return f.length > BODY_PREVIEW
      ? `${f.slice(0, BODY_PREVIEW)}\n… (${f.length - BODY_PREVIEW} more characters)`
      : f;
  };
  const hide = changed || mask.pending;
  const id = `${title}|body`;
  return (
    <section aria-label={title}>
      <h3>
        {title} {changed && !mask.pending && <span class="badge">redacted</span>}
      </h3>
      {note && <p class="muted">{note}</p>}
      {(before || after) && (
        <div class="bodies">
          {hide && !mask.revealed.has(id) ? (
            <p class="masked-body" aria-label={`${title} before`}>
              <span class="muted">
                Hidden ({(before ?? '').length} characters
                {mask.pending ? ', not analysed yet' : ', holds values that are removed'}).
              </span>{' '}
              <button
                type="button"
                class="link"
                aria-label={`Reveal ${title.toLowerCase()} as captured`}
                onClick={() => mask.reveal(id, true)}
              >
                Reveal
              </button>
            </p>
          ) : (
            <pre aria-label={`${title} before`}>
              {hide && (
                <button
                  type="button"
                  class="link hide-body"
                  aria-label={`Hide ${title.toLowerCase()} as captured`}
                  onClick={() => mask.reveal(id, false)}
                >
                  Hide
                </button>
              )}
              {cut(before)}
            </pre>
          )}
          <pre aria-label={`${title} after`}>
            {mask.pending ? <em class="muted">analysing…</em> : <Marked text={cut(after)} />}
          </pre>
        </div>
      )}
    </section>
  );
}

const params = (e: Entry): NameValue[] =>
  (e.request.postData?.params ?? []).map((p) => ({ name: p.name, value: p.value ?? p.fileName ?? '' }));

/** The name/value lists of an entry, in the order they are shown. */
const REQUEST_LISTS: [string, (e: Entry) => NameValue[] | undefined][] = [
  ['Request headers', (e) => e.request.headers],
  ['Request cookies', (e) => e.request.cookies],
  ['Query', (e) => e.request.queryString],
  ['Form fields', params],
];
const RESPONSE_LISTS: typeof REQUEST_LISTS = [
  ['Response headers', (e) => e.response.headers],
  ['Response cookies', (e) => e.response.cookies],
];

type WsMessage = { type: string; time: number; opcode: number; data: string };

/**
 * An entry before and after redaction. Remount it (key) for each entry: what was revealed does not
 * carry over to the next one.
 */
export function EntryDiff({
  before,
  after,
  bodyNotAvailable,
  changedOnly = false,
}: {
  before: Entry;
  after: Entry | null;
  bodyNotAvailable: boolean;
  changedOnly?: boolean;
}): JSX.Element {
  const [revealed, setRevealed] = useState<Set<string>>(new Set());
  const mask: MaskProps = {
    pending: after === null,
    changedOnly: changedOnly && after !== null,
    revealed,
    reveal: (id, on) =>
      setRevealed((s) => {
        const n = new Set(s);
        if (on) n.add(id);
        else n.delete(id);
        return n;
      }),
  };
  const a = after ?? before;
  const kv = (lists: typeof REQUEST_LISTS) =>
    lists.map(([title, get]) => (
      <KvSection key={title} title={title} before={get(before)} after={get(a)} mask={mask} />
    ));
  const wsBefore = (before as { _webSocketMessages?: WsMessage[] })._webSocketMessages ?? [];
  const wsAfter = (a as { _webSocketMessages?: WsMessage[] })._webSocketMessages ?? [];
  const ws = (list: WsMessage[]) => list.map((m) => ({ name: m.type, value: m.data }));
  return (
    <div class="diff">
      {!after && (
        <p class="muted" role="status">
          Analysing this request… values stay hidden until it is done.
        </p>
      )}
      <KvSection
        title="URL"
        before={[{ name: 'url', value: before.request.url }]}
        after={[{ name: 'url', value: a.request.url }]}
        mask={mask}
      />
      {kv(REQUEST_LISTS)}
      <BodySection
        title="Request body"
        before={before.request.postData?.text}
        after={a.request.postData?.text}
        mimeType={before.request.postData?.mimeType}
        mask={mask}
      />
      {kv(RESPONSE_LISTS)}
      <BodySection
        title="Response body"
        before={before.response.content?.text}
        after={a.response.content?.text}
        mimeType={before.response.content?.mimeType}
        note={
          bodyNotAvailable
            ? 'DevTools did not deliver this response body: it is not in the capture.'
            : undefined
        }
        mask={mask}
      />
      <KvSection title="WebSocket messages" before={ws(wsBefore)} after={ws(wsAfter)} mask={mask} />
    </div>
  );
}
