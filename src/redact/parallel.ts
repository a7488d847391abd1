import type { Entry, Har } from 'har-format';
import type { RuleSet } from '../rules/types';
import { finishRedaction } from './engine';
import {
  addForms,
  findingsOfRecords,
  mergeSecretRecords,
  type SecretRecord,
  type ValueForms,
} from './registry';
import { RedactionShard, ShardSequence } from './shard';
import type { RedactOptions, RedactResult } from './types';

/** What one shard found in pass 1. */
export interface ShardFindings {
  records: SecretRecord[];
  /** Warnings raised by its entries (not those about the rules: the coordinator lists them once). */
  warnings: string[];
  /** The propagation forms of what it found, when it computed them: the coordinator need not. */
  forms?: Map<string, ValueForms>;
}

/**
 * A range of entries redacted elsewhere (another thread): `structural` runs pass 1 there, `propagate`
 * runs pass 2 with the merged records and resolves with the shard's output in whatever form the
 * host wants it (entries, serialized JSON…).
 */
export interface ShardRunner<T> {
  structural(): Promise<ShardFindings>;
  /**
   * `forms`: propagation forms already computed by the coordinator (a cache, may be empty).
   * Resolves with the shard's output and what pass 2 replaced there.
   */
  propagate(
    merged: SecretRecord[],
    forms: Map<string, ValueForms>,
  ): Promise<{ output: T; records: SecretRecord[] }>;
}

export interface ShardedResult<T> extends RedactResult {
  /** The outputs of the other shards, in the order given: their entries follow the HAR's own. */
  outputs: T[];
}

/**
 * Redacts a HAR whose entries are split in contiguous ranges: `har.log.entries` holds the first
 * range, `others` the following ones in order, `total` counts them all. The result is what
 * {@link redactHar} gives for the whole HAR under the same key (the same placeholders, report and
 * manifest), with the other ranges' entries left in `outputs`. Needs `options.key`; `keepTags` is
 * not supported. Any failure of any shard rejects: nothing partial comes out.
 */
export async function redactSharded<T>(
  har: Har,
  others: readonly ShardRunner<T>[],
  total: number,
  rules: RuleSet,
  options: RedactOptions & { key: Uint8Array },
  hooks: {
    ownPartDone?: (har: Har) => void;
    /**
     * After this thread's range: the range that follows it, for this thread to redact too (taken
     * from a pool that other threads take from the other end), or null when there is none left.
     */
    more?: () => { entries: Entry[]; offset: number } | null;
  } = {},
): Promise<ShardedResult<T>> {
  if (options.keepTags?.length) throw new Error('redactSharded: keepTags is not supported');
  const disabled = options.disabledRules ?? [];
  // The others start first, so they work while this thread does its own range.
  const pending = others.map((o) => o.structural());
  // Do not leave a rejection unhandled while this thread is busy: it is awaited below.
  for (const p of pending) p.catch(() => undefined);

  const forms = new Map<string, ValueForms>();
  const first = new ShardSequence(rules, options.key, disabled, forms);
  first.add(har.log.entries, 0);
  for (let next = hooks.more?.(); next; next = hooks.more?.()) first.add(next.entries, next.offset);
  const entries1 = first.structuralOutput();
  // The log's own fields come after every entry in redactHar's walk: their own shard, merged last.
  const logShard = new RedactionShard(rules, options.key, disabled, forms);
  logShard.structuralLog(har.log, entries1);
  // While the others finish pass 1: the forms of what this range found (propagation needs them).
  first.prepareForms();
  const found1 = await Promise.all(pending);

  const merged = mergeSecretRecords([first.records(), ...found1.map((f) => f.records), logShard.records()]);
  const pending2 = others.map((o) => o.propagate(merged, forms));
  for (const p of pending2) p.catch(() => undefined);
  // (After sending this thread's forms: each shard has its own already.)
  for (const f of found1) addForms(forms, f.forms ?? []);
  first.adopt(merged);
  logShard.adopt(merged, first.primary);
  const log2 = logShard.propagateLog(first.propagate());
  // All but the manifest and the other ranges is final: the host may write it while they finish.
  hooks.ownPartDone?.({ ...har, log: log2 });
  const done = await Promise.all(pending2);

  // Counts: pass 1 everywhere, then pass 2 everywhere, as one walk would have counted them.
  const counted = mergeSecretRecords([
    merged,
    first.records(),
    ...done.map((d) => d.records),
    logShard.records(),
  ]);
  const findings = findingsOfRecords(counted);
  const warnings = [
    ...first.warnings(true),
    ...found1.flatMap((f) => f.warnings),
    ...logShard.warnings(false),
  ];
  const result = finishRedaction(har, log2, findings, total, warnings, rules, options);
  return { ...result, outputs: done.map((d) => d.output) };
}

/** Runs shards in this thread (tests, and hosts without threads): same result as redactHar. */
export function localShard(
  entries: readonly Entry[],
  offset: number,
  rules: RuleSet,
  options: RedactOptions & { key: Uint8Array },
): ShardRunner<Entry[]> {
  const cache = new Map<string, ValueForms>();
  const shard = new RedactionShard(rules, options.key, options.disabledRules ?? [], cache);
  return {
    async structural() {
      shard.structural(entries, offset);
      shard.prepareForms();
      return { records: shard.records(), warnings: shard.warnings(false), forms: new Map(cache) };
    },
    async propagate(merged, forms) {
      addForms(cache, forms);
      shard.adopt(merged);
      const output = shard.propagate();
      return { output, records: shard.records() };
    },
  };
}
