import { addLocations, MAX_LOCATIONS, type SecretRecord } from './registry';

/**
 * Combines what batches of entries recorded, added in entry order, into what one registry would have
 * recorded walking those entries in that order: the first sighting names the value (label, rule,
 * name), flags are or-ed, counts add up and locations follow each other.
 */
export class RecordMerger {
  private readonly byValue = new Map<string, SecretRecord>();

  add(records: readonly SecretRecord[]): void {
    for (const r of records) {
      const m = this.byValue.get(r.value);
      if (!m) {
        this.byValue.set(r.value, { ...r, locations: r.locations.slice(0, MAX_LOCATIONS) });
        continue;
      }
      m.locked ||= r.locked;
      m.propagate ||= r.propagate;
      m.count += r.count;
      addLocations(m.locations, r.locations);
    }
  }

  records(): SecretRecord[] {
    return [...this.byValue.values()];
  }
}

/** {@link RecordMerger} over lists given in entry order. */
export function mergeSecretRecords(lists: readonly (readonly SecretRecord[])[]): SecretRecord[] {
  const m = new RecordMerger();
  for (const records of lists) m.add(records);
  return m.records();
}
