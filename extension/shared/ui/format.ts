export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "3 cookies, 2 passwords": what a report's byLabel will remove, biggest first. */
export function describeLabels(byLabel: Record<string, number>): string {
  const items = Object.entries(byLabel).sort((a, b) => b[1] - a[1]);
  if (items.length === 0) return 'nothing';
  return items.map(([label, n]) => `${n} ${label}`).join(', ');
}
