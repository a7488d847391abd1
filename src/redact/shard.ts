import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import { Pass } from './context';
import { processEntry } from './entry';
import { propagateEntry, propagateLog, structuralLog } from './engine';
import { Propagator } from './propagate';
import { SecretRegistry, type Renamed, type SecretRecord } from './registry';

const NONE: ReadonlySet<string> = new Set();

/** What one batch registered in pass 1, in order, and the warnings its entries raised. */
export interface Findings {
  records: SecretRecord[];
  warnings: string[];
}

/** Findings with the output they came with. */
export interface BatchFindings<T> extends Findings {
  out: T;
}

/**
 * One thread's side of a streamed redaction: batches of entries (or the log around them) in two
 * passes, as redactHar's two passes cut anywhere. Pass 1 ({@link find}) gives what a batch
 * registers and its structural output (placeholders named by the batch's own first sightings),
 * which the caller keeps aside. It merges the records in entry order (RecordMerger), with the
 * placeholders the merge renames (a value first seen in an earlier batch under another name), and
 * hands both back ({@link adopt}). Pass 2 ({@link rewrite}) removes every known value from a
 * batch's pass-1 output and rewrites renamed placeholders, counting what it replaced in one registry
 * for all of this thread's batches ({@link replaced}: combined by entry with mergeByEntry).
 */
export class BatchRedactor {
  private second: { prop: Propagator; counted: SecretRegistry } | null = null;

  constructor(
    private readonly rules: RuleSet,
    private readonly key: Uint8Array,
    private readonly disabled: ReadonlySet<string> = NONE,
    /** The tags the user chose to keep (see redactStream: a kept value locked elsewhere fails). */
    private readonly keep: ReadonlySet<string> = NONE,
  ) {}

  /** One Pass for every batch of this thread: its memos carry from batch to batch. */
  private pass: Pass | null = null;
  private ruleWarnings_ = 0;

  private first(): { reg: SecretRegistry; pass: Pass; ruleWarnings: number } {
    const reg = new SecretRegistry(this.key, this.keep);
    if (!this.pass) {
      this.pass = new Pass(this.rules, this.disabled, reg);
      this.ruleWarnings_ = this.pass.warnings.length;
    } else {
      this.pass.useRegistry(reg);
      this.pass.warnings.length = this.ruleWarnings_;
    }
    return { reg, pass: this.pass, ruleWarnings: this.ruleWarnings_ };
  }

  /** The warnings the rules themselves raise (listed once per run, before any entry's). */
  ruleWarnings(): string[] {
    return this.first().pass.warnings.slice();
  }

  /**
   * Pass 1 over entries at log.entries[offset…], in a registry of their own, one at a time: `each`
   * gets each entry's output before the next entry is read (a batch's entries are never all held).
   */
  find(entries: Iterable<Entry>, offset: number, each: (out: Entry) => void): Findings {
    const { reg, pass, ruleWarnings } = this.first();
    let i = offset;
    for (const e of entries) each(processEntry(pass, e, i++));
    return { records: reg.records(), warnings: pass.warnings.slice(ruleWarnings) };
  }

  /** Pass 1 over the log outside its entries (walked after every entry, as redactHar does). */
  findLog(log: Har['log']): BatchFindings<Har['log']> {
    const { reg, pass, ruleWarnings } = this.first();
    const out = structuralLog(pass, log, []);
    return { records: reg.records(), warnings: pass.warnings.slice(ruleWarnings), out };
  }

  /** Between the passes: every batch's records merged in entry order, and what the merge renamed. */
  adopt(merged: readonly SecretRecord[], renamed: readonly Renamed[]): void {
    const counted = new SecretRegistry(this.key, this.keep);
    counted.adopt(merged, renamed);
    this.second = { prop: new Propagator(counted), counted };
  }

  private state() {
    if (!this.second) throw new Error('BatchRedactor: adopt() comes before pass 2');
    return this.second;
  }

  /** After adopt(): whether pass 2 has nothing to remove or rename (no value was found anywhere). */
  get nothingToPropagate(): boolean {
    return this.state().prop.empty;
  }

  /** Pass 2 over the pass-1 output of the entry at log.entries[index] (the same object if unchanged). */
  rewrite(entry: Entry, index: number): Entry {
    const { prop } = this.state();
    return prop.empty ? entry : propagateEntry(prop, entry, index);
  }

  /** Pass 2 over the log's pass-1 output. */
  rewriteLog(log: Har['log']): Har['log'] {
    const { prop } = this.state();
    return prop.empty ? log : propagateLog(prop, log);
  }

  /** What propagation replaced in every batch this thread rewrote. */
  replaced(): SecretRecord[] {
    return this.state()
      .counted.records()
      .filter((r) => r.count > 0);
  }
}
