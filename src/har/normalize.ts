import type { Har } from 'har-format';
import { HarReadError } from './errors';

/**
 * Turns parsed JSON into a HAR 1.2-shaped object in place (the parse result is ours, so no copy):
 * refuses what has no HAR structure, fills what producers leave out with defaults that validate,
 * converts `{name: value}` maps to name/value arrays, and leaves every other field (notably the
 * `_`-prefixed extensions and `content._file`) untouched.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function notHar(what: string): never {
  throw new HarReadError(`not a HAR: ${what}`);
}

function requireObj(parent: Obj, key: string, path: string): Obj {
  const v = parent[key];
  if (v === undefined) notHar(`${path} is missing`);
  if (!isObj(v)) notHar(`${path} is not an object`);
  return v;
}

/** Producers write numbers and booleans where strings belong; null means "not given". */
function str(o: Obj, key: string, fallback: string): void {
  const v = o[key];
  if (typeof v === 'string') return;
  o[key] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;
}

function int(o: Obj, key: string, fallback: number): void {
  const v = o[key];
  if (typeof v === 'number' && Number.isInteger(v)) return;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : NaN;
  o[key] = Number.isFinite(n) ? Math.round(n) : fallback;
}

function num(o: Obj, key: string, fallback: number): void {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  o[key] = Number.isFinite(n) ? n : fallback;
}

/** headers / cookies / queryString / params: missing → [], `{name: value}` → [{name, value}]. */
function pairs(o: Obj, key: string, path: string, withValue = true): void {
  let v = o[key];
  if (v === undefined || v === null) {
    o[key] = [];
    return;
  }
  if (isObj(v)) {
    // Fiddler writes one cookie as an object `{name, value, …}`: that is one item, not a map.
    v =
      typeof v.name === 'string' && 'value' in v
        ? [v]
        : Object.entries(v).map(([name, value]) => ({ name, value }));
    o[key] = v;
  }
  if (!Array.isArray(v)) notHar(`${path}.${key} is not an array`);
  v.forEach((item, i) => {
    if (!isObj(item)) notHar(`${path}.${key}[${i}] is not an object`);
    str(item, 'name', '');
    // chrome-har writes a JSON body's params with their parsed values (`variables: {…}`): kept as
    // JSON text, which HAR's string value can hold and the redaction reads, not dropped.
    if (isObj(item.value) || Array.isArray(item.value)) item.value = JSON.stringify(item.value);
    if (withValue || item.value !== undefined) str(item, 'value', '');
  });
}

function creatorLike(log: Obj, key: string, required: boolean): void {
  const v = log[key];
  if (v === undefined && !required) return;
  if (!isObj(v)) {
    log[key] = { name: 'unknown', version: '' };
    return;
  }
  str(v, 'name', 'unknown');
  str(v, 'version', '');
}

const EPOCH = '1970-01-01T00:00:00.000Z';

function request(entry: Obj, path: string): void {
  const req = requireObj(entry, 'request', `${path}.request`);
  if (typeof req.url !== 'string')
    notHar(`${path}.request.url is ${req.url === undefined ? 'missing' : 'not a string'}`);
  str(req, 'method', '');
  str(req, 'httpVersion', '');
  pairs(req, 'cookies', `${path}.request`);
  pairs(req, 'headers', `${path}.request`);
  pairs(req, 'queryString', `${path}.request`);
  int(req, 'headersSize', -1);
  int(req, 'bodySize', -1);
  if (req.postData === null) delete req.postData;
  else if (req.postData !== undefined) {
    if (!isObj(req.postData)) notHar(`${path}.request.postData is not an object`);
    str(req.postData, 'mimeType', '');
    // params are optional in HAR 1.2; only repair them when present.
    if (req.postData.params !== undefined && req.postData.params !== null) {
      pairs(req.postData, 'params', `${path}.request.postData`, false);
    }
  }
}

function response(entry: Obj, path: string): void {
  if (entry.response === undefined || entry.response === null) entry.response = {};
  if (!isObj(entry.response)) notHar(`${path}.response is not an object`);
  const res = entry.response;
  int(res, 'status', 0);
  str(res, 'statusText', '');
  str(res, 'httpVersion', '');
  pairs(res, 'cookies', `${path}.response`);
  pairs(res, 'headers', `${path}.response`);
  if (!isObj(res.content)) res.content = {};
  const content = res.content as Obj;
  int(content, 'size', typeof content.text === 'string' ? content.text.length : 0);
  str(content, 'mimeType', 'x-unknown');
  str(res, 'redirectURL', '');
  int(res, 'headersSize', -1);
  int(res, 'bodySize', -1);
}

export function normalizeEntry(e: unknown, i: number): void {
  const path = `log.entries[${i}]`;
  if (!isObj(e)) notHar(`${path} is not an object`);
  request(e, path);
  response(e, path);
  str(e, 'startedDateTime', EPOCH);
  num(e, 'time', 0);
  if (!isObj(e.cache)) e.cache = {};
  if (!isObj(e.timings)) e.timings = {};
  const t = e.timings as Obj;
  for (const k of ['send', 'wait', 'receive']) num(t, k, 0);
}

function page(p: unknown, i: number): void {
  if (!isObj(p)) notHar(`log.pages[${i}] is not an object`);
  str(p, 'startedDateTime', EPOCH);
  str(p, 'id', '');
  str(p, 'title', '');
  if (!isObj(p.pageTimings)) p.pageTimings = {};
}

export function normalizeHar(root: unknown): Har {
  if (!isObj(root)) notHar(`the top-level JSON value is ${kind(root)}, not an object`);
  const log = requireObj(root, 'log', 'log');
  // HAR 1.1 files differ from 1.2 only in fields 1.2 added as optional: read them as they are.
  str(log, 'version', '1.2');
  creatorLike(log, 'creator', true);
  creatorLike(log, 'browser', false);
  if (log.entries === undefined) notHar('log.entries is missing');
  if (!Array.isArray(log.entries)) notHar(`log.entries is not an array (it is ${kind(log.entries)})`);
  log.entries.forEach(normalizeEntry);
  if (log.pages === null) delete log.pages;
  else if (log.pages !== undefined) {
    if (!Array.isArray(log.pages)) notHar('log.pages is not an array');
    log.pages.forEach(page);
  }
  return root as unknown as Har;
}
