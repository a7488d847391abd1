import type { EntrySummary } from '../shared/protocol';

/**
 * DevTools-like filter: words must all match (URL, method, status or type); `-word` excludes;
 * `has:findings` keeps rows with findings.
 */
export function filterRows(rows: EntrySummary[], query: string): EntrySummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const hay = `${row.method} ${row.status} ${row.type} ${row.url}`.toLowerCase();
    return words.every((w) => {
      if (w === 'has:findings') return (row.findings ?? 0) > 0;
      if (w.startsWith('-') && w.length > 1) return !hay.includes(w.slice(1));
      return hay.includes(w);
    });
  });
}
