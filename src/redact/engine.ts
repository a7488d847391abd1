import type { Entry, Har, Page } from 'har-format';
import type { RuleSet } from '../rules/types';
import type { Finding, RedactionManifest, RedactionReport } from '../report/types';
import type { RedactOptions, RedactResult } from './types';
import { Pass } from './context';
import { SecretRegistry } from './registry';
import { Propagator } from './propagate';
import { processEntry, processPage } from './entry';
import { processUnknownFields } from './body';
import { processLogComments } from './comments';
import { buildReport, keptValues } from '../report/build';

export class RedactionCancelled extends Error {
  override name = 'RedactionCancelled';
  constructor() {
    super('redaction cancelled');
  }
}

const TOOL = { name: 'har-redactor', version: '0.1.0' };

export function randomKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/**
 * Redacts a HAR: returns a new HAR (the input is never mutated) and a report that names what was
 * found, by which rule and where — never a value. Deterministic for a given `options.key`.
 * Throws on any internal error: no partial result escapes.
 */
export function redactHar(har: Har, rules: RuleSet, options: RedactOptions = {}): RedactResult {
  const steps = redactSteps(har, rules, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same as redactHar, but it gives the event loop a turn about a hundred times per run, so the
 * host (a service worker that also receives captures) stays responsive and `options.signal` can be
 * set by a message while the job runs. Same result as redactHar for the same key.
 */
export async function redactHarAsync(
  har: Har,
  rules: RuleSet,
  options: RedactOptions = {},
): Promise<RedactResult> {
  const steps = redactSteps(har, rules, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

function* redactSteps(har: Har, rules: RuleSet, options: RedactOptions): Generator<void, RedactResult> {
  const log = (har as { log?: Har['log'] } | null)?.log;
  if (!log || typeof log !== 'object' || !Array.isArray(log.entries)) {
    throw new TypeError('redactHar: not a HAR (log.entries is missing)');
  }
  const reg = new SecretRegistry(options.key ?? randomKey(), new Set(options.keepTags ?? []));
  const pass = new Pass(rules, new Set(options.disabledRules ?? []), reg);
  const entries = log.entries;
  const total = entries.length;
  const progress = (done: number) => options.onProgress?.(done, total * 2);
  const check = () => {
    if (options.signal?.aborted) throw new RedactionCancelled();
  };
  const step = Math.max(1, Math.floor(total / 100));

  // Pass 1: structure and detectors, entry by entry.
  const outEntries: Entry[] = new Array(total);
  for (let i = 0; i < total; i++) {
    if (i % step === 0) {
      check();
      progress(i);
      yield;
    }
    outEntries[i] = processEntry(pass, entries[i], i);
  }
  pass.entry = null;
  let outLog = structuralLog(pass, log, outEntries);

  // Pass 2: every value found anywhere goes everywhere else, in every encoding.
  const prop = new Propagator(reg);
  if (!prop.empty) {
    for (let i = 0; i < total; i++) {
      if (i % step === 0) {
        check();
        progress(total + i);
        yield;
      }
      outEntries[i] = propagateEntry(prop, outEntries[i], i);
    }
    outLog = propagateLog(prop, outLog);
  }
  progress(total * 2);
  return finishRedaction(har, outLog, reg.findings(), total, pass.warnings, rules, options);
}

/** Pass 1 outside the entries: page titles and the log's other fields (`_` extensions). */
export function structuralLog(pass: Pass, log: Har['log'], outEntries: Entry[]): Har['log'] {
  pass.entry = null;
  const pages = Array.isArray(log.pages) ? log.pages.map((pg, i) => processPage(pass, pg, i)) : log.pages;
  const own = processLogComments(pass, log);
  return processUnknownFields(pass, { ...own, pages, entries: outEntries } as Har['log'], 'log');
}

/** Pass 2 over one entry that sits at log.entries[index]. */
export function propagateEntry(prop: Propagator, entry: Entry, index: number): Entry {
  prop.setEntry(index);
  const out = prop.walk(entry, `log.entries[${index}]`) as Entry;
  prop.setEntry(null);
  return out;
}

/** Pass 2 outside the entries. */
export function propagateLog(prop: Propagator, log: Har['log']): Har['log'] {
  let outLog = log;
  prop.setEntry(null);
  if (Array.isArray(outLog.pages)) {
    outLog = { ...outLog, pages: outLog.pages.map((pg, i) => prop.walk(pg, `log.pages[${i}]`) as Page) };
  }
  for (const k of Object.keys(outLog)) {
    if (k === 'entries' || k === 'pages') continue;
    const v = (outLog as unknown as Record<string, unknown>)[k];
    const n = prop.walk(v, `log.${k}`);
    if (n !== v) outLog = { ...outLog, [k]: n };
  }
  return outLog;
}

/** The report and the output HAR (with its `log._redaction` manifest). */
export function finishRedaction(
  har: Har,
  outLog: Har['log'],
  findings: Finding[],
  total: number,
  warnings: string[],
  rules: RuleSet,
  options: RedactOptions,
): RedactResult {
  const report: RedactionReport = buildReport(findings, total, warnings);
  const manifest: RedactionManifest = {
    tool: options.tool ?? TOOL,
    ...(options.now ? { redactedAt: options.now } : {}),
    packs: rules.packs,
    counts: {
      secrets: report.secrets,
      replacements: report.replacements,
      byLabel: report.byLabel,
      ...(report.kept ? { kept: report.kept } : {}),
    },
    ...(report.kept ? { kept: keptValues(report.findings) } : {}),
    note: 'Secrets were replaced by [REDACTED <kind> #<tag>] placeholders. A tag correlates repeats of one value within this file only; it cannot be reversed.',
  };
  const outHar = { ...har, log: { ...outLog, _redaction: manifest } } as Har;
  return { har: outHar, report };
}
