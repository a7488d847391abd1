import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import { Pass } from './context';
import { processEntry } from './entry';
import { propagateEntry, propagateLog, structuralLog } from './engine';
import { Propagator } from './propagate';
import { SecretRegistry, type SecretRecord, type ValueForms } from './registry';

/**
 * One part of a redaction split across threads: a contiguous range of `log.entries` (or the log's
 * other fields), redacted in the same two passes as {@link redactHar}. The coordinator runs pass 1 in
 * every shard, merges their records in entry order (mergeSecretRecords), hands the merge to every
 * shard, then runs pass 2: each value found anywhere is removed everywhere, and the output is what
 * redactHar gives for the same key. Values the user keeps (keepTags) are not supported here.
 */
export class RedactionShard {
  private readonly reg: SecretRegistry;
  private readonly pass: Pass;
  /** Warnings the rules themselves raise: every shard sees them, the report lists them once. */
  private readonly ruleWarnings: number;
  private prop: Propagator | null = null;
  private input: { offset: number; out: Entry[] } | null = null;
  private logOut: Har['log'] | null = null;

  constructor(
    rules: RuleSet,
    key: Uint8Array,
    disabledRules: readonly string[] = [],
    /** Shared by the shards of one run in one thread: propagation forms are computed once. */
    formCache?: Map<string, ValueForms>,
  ) {
    this.reg = new SecretRegistry(key, new Set(), formCache);
    this.pass = new Pass(rules, new Set(disabledRules), this.reg);
    this.ruleWarnings = this.pass.warnings.length;
  }

  /** Pass 1 over entries that sit at log.entries[offset…]. Call once per shard. */
  structural(entries: readonly Entry[], offset: number): Entry[] {
    const out = entries.map((e, i) => processEntry(this.pass, e, offset + i));
    this.pass.entry = null;
    this.input = { offset, out };
    return out;
  }

  /** Pass 1 over the log outside its entries (the entries array is passed through as given). */
  structuralLog(log: Har['log'], entries: Entry[]): Har['log'] {
    this.logOut = structuralLog(this.pass, log, entries);
    return this.logOut;
  }

  /** What this shard found (after pass 1) or replaced (after pass 2, counted from zero). */
  records(): SecretRecord[] {
    return this.reg.records();
  }

  /** Warnings raised while redacting; with `withRuleWarnings`, also those about the rules. */
  warnings(withRuleWarnings: boolean): string[] {
    return this.pass.warnings.slice(withRuleWarnings ? 0 : this.ruleWarnings);
  }

  /** See SecretRegistry.prepareForms (needs a form cache). */
  prepareForms(): void {
    this.reg.prepareForms();
  }

  /**
   * Takes the merged records of every shard; call once, between the passes. `like`: a shard of this
   * thread that adopted the same merge, whose propagation matcher this one may reuse.
   */
  adopt(merged: readonly SecretRecord[], like?: RedactionShard): void {
    this.reg.adopt(merged);
    if (like) this.reg.shareMatcherOf(like.reg);
    this.prop = new Propagator(this.reg);
  }

  private propagator(): Propagator {
    if (!this.prop) throw new Error('RedactionShard: adopt() comes before propagation');
    return this.prop;
  }

  /** Pass 2 over this shard's entries (after adopt). */
  propagate(): Entry[] {
    const prop = this.propagator();
    const { out, offset } = this.input ?? { out: [], offset: 0 };
    if (prop.empty) return out;
    return out.map((e, i) => propagateEntry(prop, e, offset + i));
  }

  /** Pass 2 over the log outside its entries (after adopt), holding `entries`. */
  propagateLog(entries: Entry[]): Har['log'] {
    const prop = this.propagator();
    if (!this.logOut) throw new Error('RedactionShard: structuralLog() comes first');
    const log = { ...this.logOut, entries };
    return prop.empty ? log : propagateLog(prop, log);
  }
}
