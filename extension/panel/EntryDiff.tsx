import type { Entry } from 'har-format';
import type { JSX } from 'preact';
import { Marked } from '../shared/ui/Marked';
import { pairByName } from './pair-by-name';
import type { NameValue } from './pair-by-name';

const BODY_PREVIEW = 200_000;

function KvSection({ title, before, after }: { title: string; before?: NameValue[]; after?: NameValue[] }) {
  const rows = pairByName(before, after);
  if (rows.length === 0) return null;
  const changed = rows.filter((r) => r.changed).length;
  return (
    <section aria-label={title}>
      <h3>
        {title} {changed > 0 && <span class="badge">{changed} redacted</span>}
      </h3>
      <table class="kv">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} class={r.changed ? 'changed' : ''}>
              <td>{r.name}</td>
              <td>{r.before ?? <em class="muted">(absent)</em>}</td>
              <td>{r.after === null ? <em class="redacted">(removed)</em> : <Marked text={r.after} />}</td>
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
  note,
}: {
  title: string;
  before?: string;
  after?: string;
  note?: string;
}) {
  if (!before && !after && !note) return null;
  const cut = (t?: string) =>
    t && t.length > BODY_PREVIEW
      ? `${t.slice(0, BODY_PREVIEW)}\n… (${t.length - BODY_PREVIEW} more characters)`
      : (t ?? '');
  return (
    <section aria-label={title}>
      <h3>
        {title} {before !== after && <span class="badge">redacted</span>}
      </h3>
      {note && <p class="muted">{note}</p>}
      {(before || after) && (
        <div class="bodies">
          <pre aria-label={`${title} before`}>{cut(before)}</pre>
          <pre aria-label={`${title} after`}>
            <Marked text={cut(after)} />
          </pre>
        </div>
      )}
    </section>
  );
}

const params = (e: Entry): NameValue[] =>
  (e.request.postData?.params ?? []).map((p) => ({ name: p.name, value: p.value ?? p.fileName ?? '' }));

type WsMessage = { type: string; time: number; opcode: number; data: string };

export function EntryDiff({
  before,
  after,
  bodyNotAvailable,
}: {
  before: Entry;
  after: Entry | null;
  bodyNotAvailable: boolean;
}): JSX.Element {
  const a = after ?? before;
  const wsBefore = (before as { _webSocketMessages?: WsMessage[] })._webSocketMessages ?? [];
  const wsAfter = (a as { _webSocketMessages?: WsMessage[] })._webSocketMessages ?? [];
  const ws = (list: WsMessage[]) => list.map((m) => ({ name: m.type, value: m.data }));
  return (
    <div class="diff">
      {!after && <p class="muted">Analysis pending: the “after” side is not ready yet.</p>}
      <KvSection
        title="URL"
        before={[{ name: 'url', value: before.request.url }]}
        after={[{ name: 'url', value: a.request.url }]}
      />
      <KvSection title="Request headers" before={before.request.headers} after={a.request.headers} />
      <KvSection title="Request cookies" before={before.request.cookies} after={a.request.cookies} />
      <KvSection title="Query" before={before.request.queryString} after={a.request.queryString} />
      <KvSection title="Form fields" before={params(before)} after={params(a)} />
      <BodySection
        title="Request body"
        before={before.request.postData?.text}
        after={a.request.postData?.text}
      />
      <KvSection title="Response headers" before={before.response.headers} after={a.response.headers} />
      <KvSection title="Response cookies" before={before.response.cookies} after={a.response.cookies} />
      <BodySection
        title="Response body"
        before={before.response.content?.text}
        after={a.response.content?.text}
        note={
          bodyNotAvailable
            ? 'DevTools did not deliver this response body: it is not in the capture.'
            : undefined
        }
      />
      <KvSection title="WebSocket messages" before={ws(wsBefore)} after={ws(wsAfter)} />
    </div>
  );
}
