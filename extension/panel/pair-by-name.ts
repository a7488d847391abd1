export interface NameValue {
  name: string;
  value: string;
}

export interface PairedRow {
  name: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

/**
 * Lines up a list before and after redaction by name and occurrence (a `remove` rule drops items,
 * so positions shift; names do not).
 */
export function pairByName(before: NameValue[] = [], after: NameValue[] = []): PairedRow[] {
  const key = (name: string, n: number) => `${name.toLowerCase()}\u0000${n}`;
  const count = new Map<string, number>();
  const afterByKey = new Map<string, string>();
  for (const item of after) {
    const n = count.get(item.name.toLowerCase()) ?? 0;
    count.set(item.name.toLowerCase(), n + 1);
    afterByKey.set(key(item.name, n), String(item.value));
  }
  count.clear();
  const rows: PairedRow[] = [];
  const used = new Set<string>();
  for (const item of before) {
    const n = count.get(item.name.toLowerCase()) ?? 0;
    count.set(item.name.toLowerCase(), n + 1);
    const k = key(item.name, n);
    const a = afterByKey.has(k) ? afterByKey.get(k)! : null;
    used.add(k);
    rows.push({ name: item.name, before: String(item.value), after: a, changed: a !== String(item.value) });
  }
  count.clear();
  for (const item of after) {
    const n = count.get(item.name.toLowerCase()) ?? 0;
    count.set(item.name.toLowerCase(), n + 1);
    if (!used.has(key(item.name, n))) {
      rows.push({ name: item.name, before: null, after: String(item.value), changed: true });
    }
  }
  return rows;
}
