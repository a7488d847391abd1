import type { EntrySummary } from '../shared/protocol';

/**
 * DevTools' Network filter syntax: `method:`, `status-code:`, `domain:` (with `*`), `mime-type:`
 * (the type column), `larger-than:` (`10k`, `1M`), `has:findings`; `-` before any term negates it;
 * other words must all appear in the URL, method, status or type. `extra` lets a caller match plain
 * words elsewhere too (header and body search): it returns the indexes that match one word.
 */
export function filterRows(
  rows: EntrySummary[],
  query: string,
  extra?: (word: string) => ReadonlySet<number> | null,
): EntrySummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  const tests = words.map((w) => {
    const negate = w.startsWith('-') && w.length > 1;
    const term = negate ? w.slice(1) : w;
    const t = termTest(term, extra);
    return negate ? (r: EntrySummary) => !t(r) : t;
  });
  return rows.filter((row) => tests.every((t) => t(row)));
}

function termTest(
  term: string,
  extra?: (word: string) => ReadonlySet<number> | null,
): (r: EntrySummary) => boolean {
  const colon = term.indexOf(':');
  const key = colon > 0 ? term.slice(0, colon) : '';
  const v = colon > 0 ? term.slice(colon + 1) : term;
  switch (key) {
    case 'method':
      return (r) => r.method.toLowerCase() === v;
    case 'status-code':
      return (r) => String(r.status) === v;
    case 'domain': {
      const re = new RegExp(`^${v.split('*').map(escapeRe).join('.*')}$`);
      return (r) => re.test(hostOf(r.url));
    }
    case 'mime-type':
      return (r) => r.type.toLowerCase().includes(v);
    case 'larger-than': {
      const n = parseSize(v);
      return (r) => n !== null && r.size > n;
    }
    case 'has':
      return v === 'findings' ? (r) => (r.findings ?? 0) > 0 : () => false;
  }
  const found = extra?.(term) ?? null;
  return (r) =>
    `${r.method} ${r.status} ${r.type} ${r.url}`.toLowerCase().includes(term) ||
    (found?.has(r.index) ?? false);
}

/** The words of a query that are plain text (no `key:`), without `-`: searched in headers and bodies too. */
export function plainWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .map((w) => (w.startsWith('-') ? w.slice(1) : w))
    .filter((w) => w.length >= 3 && !/^[a-z-]+:/.test(w));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function hostOf(url: string): string {
  const m = /^[a-z][\w+.-]*:\/\/(?:[^/@]*@)?([^/:?#]+)/i.exec(url);
  return m ? m[1].toLowerCase() : '';
}

export function parseSize(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)([km]?)b?$/i.exec(s);
  if (!m) return null;
  return Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1024 : m[2].toLowerCase() === 'm' ? 1024 * 1024 : 1);
}

/** The Network panel's Name: the last path segment and the query (or the host for `/`). */
export function nameOf(url: string): string {
  const m = /^[a-z][\w+.-]*:\/\/[^/?#]*([^#]*)/i.exec(url);
  const rest = m ? m[1] : url;
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const segs = path.split('/').filter(Boolean);
  const last = segs[segs.length - 1] ?? hostOf(url);
  const name = (last || url) + (q < 0 ? '' : rest.slice(q));
  // Shown decoded, as the Network panel does (placeholders then read as written).
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The type chips of the Network panel; `all` shows everything. */
export const TYPE_CHIPS = [
  ['all', 'All'],
  ['fetch', 'Fetch/XHR'],
  ['doc', 'Doc'],
  ['js', 'JS'],
  ['css', 'CSS'],
  ['img', 'Img'],
  ['media', 'Media'],
  ['font', 'Font'],
  ['ws', 'WS'],
  ['other', 'Other'],
] as const;
export type TypeChip = (typeof TYPE_CHIPS)[number][0];

export function chipOf(type: string): Exclude<TypeChip, 'all'> {
  const t = type.toLowerCase();
  if (t === 'fetch' || t === 'xhr' || t.includes('json') || t === 'eventsource') return 'fetch';
  if (t === 'document' || t.includes('html')) return 'doc';
  if (t === 'script' || t.includes('javascript')) return 'js';
  if (t === 'stylesheet' || t.includes('css')) return 'css';
  if (t === 'image' || t.startsWith('image/')) return 'img';
  if (t === 'media' || t.startsWith('audio/') || t.startsWith('video/')) return 'media';
  if (t === 'font' || t.startsWith('font/')) return 'font';
  if (t === 'websocket') return 'ws';
  return 'other';
}

export type SortKey = 'index' | 'name' | 'method' | 'status' | 'type' | 'size' | 'time' | 'findings';
export interface Sort {
  key: SortKey;
  dir: 1 | -1;
}

/** Sorted copy (stable: equal rows keep capture order). */
export function sortRows(rows: EntrySummary[], sort: Sort): EntrySummary[] {
  if (sort.key === 'index' && sort.dir === 1) return rows;
  const val = (r: EntrySummary): string | number => {
    switch (sort.key) {
      case 'name':
        return nameOf(r.url).toLowerCase();
      case 'method':
        return r.method;
      case 'type':
        return r.type;
      case 'status':
        return r.status;
      case 'size':
        return r.size;
      case 'time':
        return r.time ?? -1;
      case 'findings':
        return r.findings ?? -1;
      default:
        return r.index;
    }
  };
  return rows
    .map((r) => [val(r), r] as const)
    .sort(([a, ra], [b, rb]) => (a < b ? -sort.dir : a > b ? sort.dir : ra.index - rb.index))
    .map(([, r]) => r);
}
