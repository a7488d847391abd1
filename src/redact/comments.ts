import type { Entry, Har, Page } from 'har-format';
import type { Pass } from './context';
import { scrubText } from './text';

type Commented = { comment?: unknown } & object;

/** `o` with its `comment` read as free text (a new object when it changed). */
function withComment<T>(p: Pass, o: T, path: string): T {
  const c = o && typeof o === 'object' ? (o as Commented).comment : undefined;
  if (typeof c !== 'string' || !c) return o;
  const next = scrubText(p, c, `${path}.comment`);
  return next === c ? o : { ...o, comment: next };
}

/** Each item's `comment` in a list (headers, cookies, parameters): one property read per item. */
function listComments<T>(p: Pass, list: T[] | undefined, path: string): T[] | undefined {
  if (!Array.isArray(list)) return list;
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const next = withComment(p, list[i], `${path}[${i}]`);
    if (next !== list[i]) (out ??= [...list])[i] = next;
  }
  return out ?? list;
}

/** `o[k]` through `f`, `o` copied only when it changed. */
function field<T extends object, K extends keyof T>(o: T, k: K, f: (v: T[K]) => T[K]): T {
  const v = o[k];
  if (v === undefined) return o;
  const next = f(v);
  return next === v ? o : { ...o, [k]: next };
}

/**
 * Every `comment` HAR 1.2 allows below an entry (its own, the request's and response's, their
 * headers', cookies', parameters', postData's and content's, timings' and cache's): free text, which
 * any tool or person may fill. Read where HAR puts them: walking every object of a many-entry HAR
 * for them cost 5 % of its time.
 */
export function processEntryComments(p: Pass, e: Entry, path: string): Entry {
  let out = withComment(p, e, path);
  out = field(out, 'request', (r) => {
    let q = withComment(p, r, `${path}.request`);
    q = field(q, 'headers', (l) => listComments(p, l, `${path}.request.headers`)!);
    q = field(q, 'cookies', (l) => listComments(p, l, `${path}.request.cookies`)!);
    q = field(q, 'queryString', (l) => listComments(p, l, `${path}.request.queryString`)!);
    return field(q, 'postData', (d) => {
      const pd = withComment(p, d, `${path}.request.postData`);
      return pd && field(pd, 'params', (l) => listComments(p, l, `${path}.request.postData.params`)!);
    });
  });
  out = field(out, 'response', (r) => {
    let q = withComment(p, r, `${path}.response`);
    q = field(q, 'headers', (l) => listComments(p, l, `${path}.response.headers`)!);
    q = field(q, 'cookies', (l) => listComments(p, l, `${path}.response.cookies`)!);
    return field(q, 'content', (c) => withComment(p, c, `${path}.response.content`));
  });
  out = field(out, 'timings', (t) => withComment(p, t, `${path}.timings`));
  return field(out, 'cache', (c) => {
    let k = withComment(p, c, `${path}.cache`);
    k = field(k, 'beforeRequest', (b) => withComment(p, b, `${path}.cache.beforeRequest`));
    return field(k, 'afterRequest', (a) => withComment(p, a, `${path}.cache.afterRequest`));
  });
}

/** A page's comments (its own, its timings'). */
export function processPageComments(p: Pass, page: Page, path: string): Page {
  return field(withComment(p, page, path), 'pageTimings', (t) => withComment(p, t, `${path}.pageTimings`));
}

/** The log's own comments (its, the creator's, the browser's). */
export function processLogComments(p: Pass, log: Har['log']): Har['log'] {
  let out = withComment(p, log, 'log');
  out = field(out, 'creator', (c) => withComment(p, c, 'log.creator'));
  return field(out, 'browser', (b) => withComment(p, b, 'log.browser'));
}
