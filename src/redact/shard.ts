import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import { Pass } from './context';
import { processEntry } from './entry';
import { propagateEntry, propagateLog, structuralLog } from './engine';
import { Propagator } from './propagate';
import {
  mergeSecretRecords,
  SecretRegistry,
  type Renamed,
  type SecretRecord,
  type ValueForms,
} from './registry';

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

  /** Pass 1's output for this shard's entries (after structural). */
  output(): Entry[] {
    return this.input?.out ?? [];
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
  adopt(merged: readonly SecretRecord[], like?: RedactionShard, renamed: readonly Renamed[] = []): void {
    this.reg.adopt(merged, renamed);
    if (like) this.reg.shareMatcherOf(like.reg);
    this.prop = new Propagator(this.reg);
  }

  /** See SecretRegistry.renamedBy (before this shard adopts anything). */
  renamedBy(merged: ReadonlyMap<string, SecretRecord>): Renamed[] {
    return this.reg.renamedBy(merged);
  }

  /** Pass 2 (after adopt) over the pass-1 output of ranges of this thread, in order. */
  propagateRanges(ranges: readonly { out: Entry[]; offset: number }[]): Entry[] {
    const prop = this.propagator();
    return ranges.flatMap(({ out, offset }) =>
      prop.empty ? out : out.map((e, i) => propagateEntry(prop, e, offset + i)),
    );
  }

  private propagator(): Propagator {
    if (!this.prop) throw new Error('RedactionShard: adopt() comes before propagation');
    return this.prop;
  }

  /** Pass 2 over this shard's entries (after adopt). */
  propagate(): Entry[] {
    return this.propagateRanges(this.input ? [this.input] : []);
  }

  /** Pass 2 over the log outside its entries (after adopt), holding `entries`. */
  propagateLog(entries: Entry[]): Har['log'] {
    const prop = this.propagator();
    if (!this.logOut) throw new Error('RedactionShard: structuralLog() comes first');
    const log = { ...this.logOut, entries };
    return prop.empty ? log : propagateLog(prop, log);
  }
}

/**
 * Several consecutive ranges redacted in one thread, each a {@link RedactionShard} of its own, added
 * in any order (a thread that takes ranges from both sides of another's): as one shard over their
 * union, since any split into ranges gives the same result. Forms are computed once per thread.
 */
export class ShardSequence {
  private readonly parts: { offset: number; shard: RedactionShard }[] = [];
  /** After adopt, the first range's shard counts for every range (see adopt). */
  private adopted = false;

  constructor(
    private readonly rules: RuleSet,
    private readonly key: Uint8Array,
    private readonly disabledRules: readonly string[],
    private readonly formCache: Map<string, ValueForms>,
  ) {}

  /** Pass 1 over entries at log.entries[offset…], a range next to those added before. */
  add(entries: readonly Entry[], offset: number): void {
    const shard = new RedactionShard(this.rules, this.key, this.disabledRules, this.formCache);
    shard.structural(entries, offset);
    let i = this.parts.length;
    while (i > 0 && this.parts[i - 1].offset > offset) i--;
    this.parts.splice(i, 0, { offset, shard });
  }

  /** The first range's shard, which runs pass 2 for every range (see adopt). */
  get primary(): RedactionShard {
    if (!this.parts.length) throw new Error('ShardSequence: no range added');
    return this.parts[0].shard;
  }

  /** Pass 1's output, in entry order. */
  structuralOutput(): Entry[] {
    return this.parts.flatMap((p) => p.shard.output());
  }

  prepareForms(): void {
    for (const p of this.parts) p.shard.prepareForms();
  }

  /**
   * See RedactionShard.records: after pass 1 the ranges' records, merged in entry order; after pass 2
   * what it replaced (one registry counts for every range then).
   */
  records(): SecretRecord[] {
    if (this.adopted) return this.primary.records();
    return mergeSecretRecords(this.parts.map((p) => p.shard.records()));
  }

  /** See RedactionShard.warnings (those about the rules once). */
  warnings(withRuleWarnings: boolean): string[] {
    return this.parts.flatMap((p, i) => p.shard.warnings(withRuleWarnings && i === 0));
  }

  /**
   * Pass 2 runs in the first range's shard for every range (one propagation matcher per thread, not
   * one per range: building one took 30–40 ms): it also rewrites the placeholders the other ranges
   * wrote under a label the merge changed.
   */
  adopt(merged: readonly SecretRecord[], like?: RedactionShard): void {
    const byValue = new Map(merged.map((r) => [r.value, r]));
    const renamed = this.parts.slice(1).flatMap((p) => p.shard.renamedBy(byValue));
    this.primary.adopt(merged, like, renamed);
    this.adopted = true;
  }

  /** Pass 2 over every range (after adopt), in entry order. */
  propagate(): Entry[] {
    return this.primary.propagateRanges(this.parts.map((p) => ({ out: p.shard.output(), offset: p.offset })));
  }
}
