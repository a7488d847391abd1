import { addLocations, MAX_LOCATIONS, type Renamed, type RuleRef, type SecretRecord } from './registry';

/**
 * One label string and one rule object for the records that share them, across batches (each
 * batch's records, as another thread sends them, come with their own: with hundreds of thousands
 * of values, tens of MB).
 */
class SharedParts {
  private readonly labels = new Map<string, string>();
  private readonly rules = new Map<string, RuleRef>();

  /** A label, or any other text records repeat (a rule's name for the field). */
  label(label: string): string {
    const known = this.labels.get(label);
    if (known !== undefined) return known;
    this.labels.set(label, label);
    return label;
  }

  rule(rule: RuleRef): RuleRef {
    const key = `${rule.origin} ${rule.locked} ${rule.id}`;
    const known = this.rules.get(key);
    if (known) return known;
    this.rules.set(key, rule);
    return rule;
  }
}

/**
 * Combines what batches of entries recorded, added in entry order, into what one registry would have
 * recorded walking those entries in that order: the first sighting names the value (label, rule,
 * name), flags are or-ed, counts add up and locations follow each other.
 */
export class RecordMerger {
  private readonly byValue = new Map<string, SecretRecord>();
  /** Placeholders written under another name than the merge's (see add). */
  readonly renamed: Renamed[] = [];
  private readonly seen = new Set<string>();
  private readonly shared = new SharedParts();

  /**
   * Adds one batch's records (the next in entry order). A value an earlier batch named otherwise
   * was written here under this batch's name: that placeholder is renamed in pass 2.
   */
  add(records: readonly SecretRecord[]): void {
    for (const r of records) {
      const m = this.byValue.get(r.value);
      if (m && m.label !== r.label) {
        const from = `REDACTED ${r.label} #${r.tag}`;
        if (!this.seen.has(from)) this.renamed.push([r.value, from, `REDACTED ${m.label} #${r.tag}`]);
        this.seen.add(from);
      }
      if (!m) {
        const { shared } = this;
        const locations = r.locations.slice(0, MAX_LOCATIONS);
        this.byValue.set(r.value, {
          ...r,
          label: shared.label(r.label),
          rule: shared.rule(r.rule),
          ...(r.name === undefined ? {} : { name: shared.label(r.name) }),
          locations,
        });
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

/**
 * Combines what several threads counted, each over its own batches (in entry order), into what one
 * walk over all their entries in entry order would count: counts add up, locations are interleaved
 * by entry (a location's entry is in one batch, so one thread), then capped as one list would be.
 */
export function mergeByEntry(lists: readonly (readonly SecretRecord[])[]): SecretRecord[] {
  const byValue = new Map<string, SecretRecord>();
  for (const records of lists) {
    for (const r of records) {
      const m = byValue.get(r.value);
      if (!m) byValue.set(r.value, { ...r, locations: [...r.locations] });
      else {
        m.count += r.count;
        m.locations.push(...r.locations);
      }
    }
  }
  for (const m of byValue.values()) {
    // Stable: locations of one entry keep their order.
    const sorted = m.locations.sort((a, b) => (a.entry ?? Infinity) - (b.entry ?? Infinity));
    m.locations = [];
    addLocations(m.locations, sorted);
  }
  return [...byValue.values()];
}
