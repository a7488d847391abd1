/**
 * The panel's search in headers and bodies: which captured entries hold a word (case-insensitive)
 * in a header or cookie, the query, the request body or the response body. Only indexes go back,
 * never text, so the panel can filter without ever holding raw values.
 */
import type { Entry } from 'har-format';

const MAX_RESULTS = 50_000;

export function searchEntries(entries: readonly Entry[], word: string): number[] {
  const w = word.toLowerCase();
  if (!w) return [];
  const has = (s: string | undefined | null) => !!s && s.toLowerCase().includes(w);
  const pairs = (list?: { name: string; value?: string }[]) =>
    (list ?? []).some((p) => has(p.name) || has(p.value));
  const out: number[] = [];
  for (let i = 0; i < entries.length && out.length < MAX_RESULTS; i++) {
    const e = entries[i];
    if (
      pairs(e.request?.headers) ||
      pairs(e.response?.headers) ||
      pairs(e.request?.cookies) ||
      pairs(e.response?.cookies) ||
      pairs(e.request?.queryString) ||
      has(e.request?.postData?.text) ||
      has(e.response?.content?.text)
    ) {
      out.push(i);
    }
  }
  return out;
}
