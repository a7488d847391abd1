/**
 * Keeps a redacted view of each tab's capture for the panel (findings badges, before/after,
 * summary). Incremental: entries are analysed in batches as they arrive (the capture only ever
 * appends within a generation); the whole tab again only when the rules change or the capture is
 * cleared. A selection never waits for an analysis: an entry not analysed yet answers `null`.
 * Memory only. Downloads do not reuse it: each export gets its own key and a whole-file run
 * (jobs.ts), so a value found in a later batch is also removed where an earlier batch saw it only
 * there, which this preview, batch by batch, may miss.
 */
import type { Entry } from 'har-format';
import { redactHarAsync } from '../../src/index';
import type { Finding, RedactionReport, RuleSet } from '../../src/index';
import type { CaptureStore } from './capture-store';
import type { CaptureSummary } from '../shared/protocol';
import { summarizeFindings } from '../shared/ui/categories';
import type { FindingsSummary } from '../shared/ui/categories';
import { buildHar } from '../shared/har-build';
import { harHost } from '../shared/filename';

export interface RulesInForce {
  ruleSet: RuleSet;
  disabledRules: string[];
}

/**
 * Entries per analysis step. New arrivals go in small steps (a click shows its request soon); a
 * backlog (the panel opened on a big capture) in bigger ones, so the panel gets a few updates, not
 * hundreds. The core yields to the event loop inside a step, so messages are answered meanwhile.
 */
export const ANALYSIS_BATCH = 50;
export const ANALYSIS_BATCH_MAX = 1000;
const MAX_LOCATIONS = 50;

interface TabAnalysis {
  key: Uint8Array;
  /** The capture generation the analysis belongs to. */
  generation: number;
  /** Bumped when the rules change: a batch started before is thrown away. */
  epoch: number;
  analysedCount: number;
  findings: Map<string, Finding>;
  report: RedactionReport | null;
  /** `report` without findings, and their overview: what the panel gets with every update. */
  light: RedactionReport | null;
  overview: FindingsSummary | null;
  after: Entry[];
  perEntry: Map<number, number>;
  error: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  lastMs: number;
}

/** Shifts a batch's entry indexes (and `log.entries[i]` in paths) to the capture's. */
function offsetFinding(f: Finding, by: number): Finding {
  return {
    ...f,
    locations: f.locations.map((l) => ({
      entry: l.entry === null ? null : l.entry + by,
      path: l.path.replace(/^log\.entries\[(\d+)\]/, (_m, i: string) => `log.entries[${Number(i) + by}]`),
    })),
  };
}

/** The report of all batches so far (findings merged by tag: one key per tab, so one tag per value). */
export function mergedReport(findings: Iterable<Finding>, entries: number): RedactionReport {
  const list = [...findings];
  const byLabel: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  let replacements = 0;
  for (const f of list) {
    byLabel[f.label] = (byLabel[f.label] ?? 0) + 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    replacements += f.count;
  }
  list.sort((a, b) => a.label.localeCompare(b.label) || b.count - a.count);
  return { findings: list, secrets: list.length, replacements, entries, byLabel, byRule, warnings: [] };
}

export function mergeFinding(into: Map<string, Finding>, f: Finding): void {
  const prev = into.get(f.tag);
  if (!prev) {
    into.set(f.tag, f);
    return;
  }
  into.set(f.tag, {
    ...prev,
    locked: prev.locked || f.locked,
    count: prev.count + f.count,
    locations: [...prev.locations, ...f.locations].slice(0, MAX_LOCATIONS),
  });
}

export class CaptureAnalyzer {
  private readonly tabs = new Map<number, TabAnalysis>();

  constructor(
    private readonly store: CaptureStore,
    private readonly rules: () => Promise<RulesInForce>,
    private readonly onChange: (tabId: number) => void,
  ) {}

  private state(tabId: number): TabAnalysis {
    let s = this.tabs.get(tabId);
    if (!s) {
      s = {
        key: crypto.getRandomValues(new Uint8Array(32)),
        generation: -1,
        epoch: 0,
        analysedCount: 0,
        findings: new Map(),
        report: null,
        light: null,
        overview: null,
        after: [],
        perEntry: new Map(),
        error: null,
        timer: null,
        running: null,
        lastMs: 0,
      };
      this.tabs.set(tabId, s);
    }
    return s;
  }

  private reset(s: TabAnalysis, generation: number): void {
    s.generation = generation;
    s.analysedCount = 0;
    s.findings = new Map();
    s.report = null;
    s.light = null;
    s.overview = null;
    s.after = [];
    s.perEntry = new Map();
    s.error = null;
  }

  /** Analyse what arrived, soon: new entries are cheap, so the delay stays short. */
  schedule(tabId: number): void {
    const s = this.state(tabId);
    if (s.timer) return;
    s.timer = setTimeout(
      () => {
        s.timer = null;
        void this.run(tabId);
      },
      Math.min(1000, Math.max(50, s.lastMs * 2)),
    );
  }

  /** Rules changed: everything is stale. */
  invalidateAll(): void {
    for (const [tabId, s] of this.tabs) {
      s.epoch++;
      s.generation = -1;
      this.schedule(tabId);
    }
  }

  forget(tabId: number): void {
    const s = this.tabs.get(tabId);
    if (s?.timer) clearTimeout(s.timer);
    this.tabs.delete(tabId);
  }

  /** Analyses every entry not analysed yet, batch by batch; one run per tab at a time. */
  run(tabId: number): Promise<void> {
    const s = this.state(tabId);
    if (!s.running) {
      s.running = this.runBatches(tabId, s).finally(() => {
        s.running = null;
      });
    }
    return s.running;
  }

  private async runBatches(tabId: number, s: TabAnalysis): Promise<void> {
    for (;;) {
      const tab = await this.store.get(tabId);
      if (s.generation !== tab.generation) this.reset(s, tab.generation);
      const from = s.analysedCount;
      if (from >= tab.entries.length) return;
      const size = Math.min(
        ANALYSIS_BATCH_MAX,
        Math.max(ANALYSIS_BATCH, Math.ceil((tab.entries.length - from) / 4)),
      );
      const batch = tab.entries.slice(from, from + size);
      const epoch = s.epoch;
      const generation = s.generation;
      const started = Date.now();
      try {
        const rules = await this.rules();
        const { har, report } = await redactHarAsync(buildHar(batch, []), rules.ruleSet, {
          key: s.key,
          disabledRules: rules.disabledRules,
        });
        if (s.epoch !== epoch || s.generation !== generation) continue; // rules or capture changed meanwhile
        s.after.push(...har.log.entries);
        for (const f0 of report.findings) {
          const f = offsetFinding(f0, from);
          mergeFinding(s.findings, f);
          for (const e of new Set(f.locations.map((l) => l.entry))) {
            if (e !== null) s.perEntry.set(e, (s.perEntry.get(e) ?? 0) + 1);
          }
        }
        s.error = null;
      } catch (err) {
        if (s.epoch !== epoch || s.generation !== generation) continue;
        // Stop here (the batch is tried again on the next change): raw entries never pass as redacted.
        s.error = err instanceof Error ? err.message : String(err);
        this.onChange(tabId);
        return;
      }
      s.analysedCount = from + batch.length;
      s.report = mergedReport(s.findings.values(), s.analysedCount);
      s.light = { ...s.report, findings: [] };
      s.overview = summarizeFindings(s.report.findings);
      s.lastMs = Date.now() - started;
      this.onChange(tabId);
    }
  }

  /** The redacted entry, or null while it is not analysed (the caller shows the entry masked). */
  async entry(tabId: number, index: number): Promise<Entry | null> {
    const s = this.state(tabId);
    const tab = await this.store.get(tabId);
    if (s.generation !== tab.generation || s.error || index >= s.analysedCount) {
      this.schedule(tabId);
      return null;
    }
    return s.after[index] ?? null;
  }

  /** What the request list shows as URL: the redacted one once analysed, else without its query. */
  shownUrl(tabId: number, index: number, raw: string): string {
    const s = this.tabs.get(tabId);
    const after = s && !s.error && index < s.analysedCount ? s.after[index] : undefined;
    if (after) return after.request.url;
    const q = raw.search(/[?#]/);
    const base = q < 0 ? raw : `${raw.slice(0, q)}${raw[q]}…`;
    return base.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, '$1…@');
  }

  /** The merged report with locations (entry indexes are the capture's). */
  fullReport(tabId: number): RedactionReport | null {
    return this.tabs.get(tabId)?.report ?? null;
  }

  findingsFor(tabId: number, index: number): number | null {
    const s = this.tabs.get(tabId);
    if (!s || s.error || index >= s.analysedCount) return null;
    return s.perEntry.get(index) ?? 0;
  }

  async summary(tabId: number): Promise<CaptureSummary> {
    const tab = await this.store.get(tabId);
    const s = this.state(tabId);
    const fresh = s.generation === tab.generation;
    return {
      tabId,
      count: tab.entries.length,
      generation: tab.generation,
      analysedCount: fresh ? s.analysedCount : 0,
      // Counts and the overview only: badges come from capture:list, the whole report from capture:report.
      report: fresh ? s.light : null,
      overview: fresh ? s.overview : null,
      analysisError: fresh ? s.error : null,
      bodiesNotAvailable: tab.entries.filter(
        (e) => (e as { _bodyNotAvailable?: unknown })._bodyNotAvailable === true,
      ).length,
      notPersisted: tab.notPersisted.length,
      host: harHost(buildHar(tab.entries.slice(0, 20), [])),
    };
  }
}
