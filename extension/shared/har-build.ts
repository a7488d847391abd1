import type { Entry, Har, Page } from 'har-format';
import type { EntrySummary } from './protocol';

export const TOOL = { name: 'HAR Redactor', version: '0.1.0' };

/**
 * DevTools writes a few values HAR 1.2 does not allow (e.g. `serverIPAddress: ""` on WebSocket
 * entries); fix those so a capture is a valid HAR before the core sees it.
 */
export function normalizeCapturedEntry(entry: Entry): Entry {
  if (entry.serverIPAddress === '' || entry.serverIPAddress === null) {
    const { serverIPAddress: _drop, ...rest } = entry;
    return rest as Entry;
  }
  return entry;
}

export function buildHar(rawEntries: Entry[], pages: Page[]): Har {
  const entries = rawEntries.map(normalizeCapturedEntry);
  const refs = new Set(entries.map((e) => e.pageref).filter(Boolean));
  return {
    log: {
      version: '1.2',
      creator: { name: TOOL.name, version: TOOL.version },
      // Only pages something refers to: getHAR() pages of a log that was cleared are noise.
      pages: pages.filter((p) => refs.has(p.id)),
      entries,
    },
  };
}

/** The row the panel shows: metadata only, never a header or body value. */
export function summarizeEntry(entry: Entry, index: number, findings: number | null): EntrySummary {
  const resourceType = (entry as { _resourceType?: unknown })._resourceType;
  const mime = entry.response?.content?.mimeType ?? '';
  const size =
    entry.response?.content?.size > 0
      ? entry.response.content.size
      : Math.max(0, entry.response?.bodySize ?? 0);
  return {
    index,
    method: entry.request?.method ?? '',
    status: entry.response?.status ?? 0,
    url: entry.request?.url ?? '',
    type: typeof resourceType === 'string' && resourceType ? resourceType : mime.split(';')[0] || '',
    size,
    findings,
    bodyNotAvailable: (entry as { _bodyNotAvailable?: unknown })._bodyNotAvailable === true,
  };
}
