import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import { Pass } from './context';
import { processEntry } from './entry';
import { propagateEntry, propagateLog, structuralLog } from './engine';
import { Propagator } from './propagate';
import { SecretRegistry, type SecretRecord } from './registry';

const NONE: ReadonlySet<string> = new Set();

/** What one batch registered in pass 1, in order, and the warnings its entries raised. */
export interface BatchFindings {
  records: SecretRecord[];
  warnings: string[];
}

/**
 * One thread's side of a streamed redaction: batches of entries (or the log around them) in two
 * passes. Pass 1 ({@link find}) gives what a batch registers, which the caller merges in entry order
 * (RecordMerger) and hands back ({@link adopt}). Pass 2 ({@link rewrite}) reads each batch again
 * under a registry that knows every merged value, so each placeholder is named as the value's first
 * sighting in the whole file named it, then removes every known value everywhere, counting in a
 * second registry only what propagation replaced (pass 1 counted the rest): {@link replaced} gives
 * those counts for every batch this thread rewrote, to be combined by entry (mergeByEntry). Batches
 * may be cut anywhere: the result is what redactHar gives for the same key.
 */
export class BatchRedactor {
  /** Pass 2's state, once adopted: the structural walk's registry and pass, and propagation's. */
  private second: { pass: Pass; prop: Propagator; counted: SecretRegistry; values: number } | null = null;

  constructor(
    private readonly rules: RuleSet,
    private readonly key: Uint8Array,
    private readonly disabled: ReadonlySet<string> = NONE,
  ) {}

  private registry(merged?: readonly SecretRecord[]): SecretRegistry {
    const reg = new SecretRegistry(this.key, NONE);
    if (merged) reg.adopt(merged);
    return reg;
  }

  private first(): { reg: SecretRegistry; pass: Pass; ruleWarnings: number } {
    const reg = this.registry();
    const pass = new Pass(this.rules, this.disabled, reg);
    return { reg, pass, ruleWarnings: pass.warnings.length };
  }

  /** The warnings the rules themselves raise (listed once per run, before any entry's). */
  ruleWarnings(): string[] {
    return this.first().pass.warnings;
  }

  /** Pass 1 over entries at log.entries[offset…], in a registry of their own. */
  find(entries: readonly Entry[], offset: number): BatchFindings {
    const { reg, pass, ruleWarnings } = this.first();
    entries.forEach((e, i) => processEntry(pass, e, offset + i));
    return { records: reg.records(), warnings: pass.warnings.slice(ruleWarnings) };
  }

  /** Pass 1 over the log outside its entries (walked after every entry, as redactHar does). */
  findLog(log: Har['log']): BatchFindings {
    const { reg, pass, ruleWarnings } = this.first();
    structuralLog(pass, log, []);
    return { records: reg.records(), warnings: pass.warnings.slice(ruleWarnings) };
  }

  /** Between the passes: every batch's records, merged in entry order. */
  adopt(merged: readonly SecretRecord[]): void {
    const counted = this.registry(merged);
    this.second = {
      pass: new Pass(this.rules, this.disabled, this.registry(merged)),
      prop: new Propagator(counted),
      counted,
      values: merged.length,
    };
  }

  private state() {
    if (!this.second) throw new Error('BatchRedactor: adopt() comes before pass 2');
    return this.second;
  }

  /** Pass 2 over entries at log.entries[offset…]. */
  rewrite(entries: readonly Entry[], offset: number): Entry[] {
    const { pass, prop } = this.state();
    const out = entries.map((e, i) => processEntry(pass, e, offset + i));
    return prop.empty ? out : out.map((e, i) => propagateEntry(prop, e, offset + i));
  }

  /** Pass 2 over the log outside its entries. */
  rewriteLog(log: Har['log']): Har['log'] {
    const { pass, prop } = this.state();
    const out = structuralLog(pass, log, []);
    return prop.empty ? out : propagateLog(prop, out);
  }

  /**
   * What propagation replaced in every batch this thread rewrote. Pass 2's walk cannot find a value
   * pass 1 did not (it would be named here alone and not removed elsewhere): the run fails if it did.
   */
  replaced(): SecretRecord[] {
    const { pass, counted, values } = this.state();
    if (pass.reg.records().length !== values) throw new Error('pass 2 found a value pass 1 did not');
    return counted.records().filter((r) => r.count > 0);
  }
}
