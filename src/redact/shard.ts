import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import { Pass } from './context';
import { processEntry } from './entry';
import { propagateEntry, propagateLog, structuralLog } from './engine';
import { Propagator } from './propagate';
import { SecretRegistry, type SecretRecord, type ValueForms } from './registry';

const NONE: ReadonlySet<string> = new Set();

/** What one batch registered in pass 1, in order, and the warnings its entries raised. */
export interface BatchFindings {
  records: SecretRecord[];
  warnings: string[];
}

/**
 * One thread's side of a streamed redaction: batches of entries (or the log around them) in two
 * passes. Pass 1 ({@link find}) gives what a batch registers, which the caller merges in entry order
 * (RecordMerger) and hands back ({@link adopt}). Pass 2 ({@link rewrite}) reads the batch again
 * under a registry that knows every merged value, so each placeholder is named as the value's first
 * sighting in the whole file named it, then removes every known value everywhere; it counts only
 * what propagation replaced (pass 1 counted the rest). Batches may come in any order and split
 * anywhere: the result is what redactHar gives for the same key.
 */
export class BatchRedactor {
  /** Propagation forms of values, computed once per thread. */
  private readonly forms = new Map<string, ValueForms>();
  private merged: readonly SecretRecord[] = [];
  /** Holds the propagation matcher of the merge, shared by every batch's registry. */
  private base: SecretRegistry | null = null;

  constructor(
    private readonly rules: RuleSet,
    private readonly key: Uint8Array,
    private readonly disabled: ReadonlySet<string> = NONE,
  ) {}

  private fresh(): { reg: SecretRegistry; pass: Pass; ruleWarnings: number } {
    const reg = new SecretRegistry(this.key, NONE, this.forms);
    if (this.base) {
      reg.adopt(this.merged);
      reg.shareMatcherOf(this.base);
    }
    const pass = new Pass(this.rules, this.disabled, reg);
    return { reg, pass, ruleWarnings: pass.warnings.length };
  }

  /** The warnings the rules themselves raise (listed once per run, before any entry's). */
  ruleWarnings(): string[] {
    return this.fresh().pass.warnings;
  }

  /** Pass 1 over entries at log.entries[offset…]. */
  find(entries: readonly Entry[], offset: number): BatchFindings {
    const { reg, pass, ruleWarnings } = this.fresh();
    entries.forEach((e, i) => processEntry(pass, e, offset + i));
    return { records: reg.records(), warnings: pass.warnings.slice(ruleWarnings) };
  }

  /** Pass 1 over the log outside its entries (walked after every entry, as redactHar does). */
  findLog(log: Har['log']): BatchFindings {
    const { reg, pass, ruleWarnings } = this.fresh();
    structuralLog(pass, log, []);
    return { records: reg.records(), warnings: pass.warnings.slice(ruleWarnings) };
  }

  /** Between the passes: every batch's records, merged in entry order. */
  adopt(merged: readonly SecretRecord[]): void {
    this.merged = merged;
    this.base = null;
    const base = new SecretRegistry(this.key, NONE, this.forms);
    base.adopt(merged);
    this.base = base;
  }

  /** Pass 2 over one batch: its structural walk again, then propagation; and what that replaced. */
  private pass2<T>(
    structural: (pass: Pass) => T,
    propagate: (prop: Propagator, out: T) => T,
  ): { out: T; records: SecretRecord[] } {
    if (!this.base) throw new Error('BatchRedactor: adopt() comes before pass 2');
    const { reg, pass } = this.fresh();
    let out = structural(pass);
    // Counting starts again: pass 1 counted these replacements already. (A value pass 1 did not
    // find would be named here alone and not removed elsewhere: adopt fails closed on it.)
    reg.adopt(this.merged);
    const prop = new Propagator(reg);
    if (!prop.empty) out = propagate(prop, out);
    return { out, records: reg.records().filter((r) => r.count > 0) };
  }

  /** Pass 2 over entries at log.entries[offset…] (after adopt). */
  rewrite(entries: readonly Entry[], offset: number): { entries: Entry[]; records: SecretRecord[] } {
    const { out, records } = this.pass2(
      (pass) => entries.map((e, i) => processEntry(pass, e, offset + i)),
      (prop, out) => out.map((e, i) => propagateEntry(prop, e, offset + i)),
    );
    return { entries: out, records };
  }

  /** Pass 2 over the log outside its entries (after adopt). */
  rewriteLog(log: Har['log']): { log: Har['log']; records: SecretRecord[] } {
    const { out, records } = this.pass2(
      (pass) => structuralLog(pass, log, []),
      (prop, out) => propagateLog(prop, out),
    );
    return { log: out, records };
  }
}
