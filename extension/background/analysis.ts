/**
 * Keeps a redacted view of each tab's capture for the panel (findings badges, before/after,
 * summary). Runs behind the capture, debounced; memory only. Downloads do not reuse it: each export
 * gets its own key (jobs.ts).
 */
import type { Entry } from 'har-format';
import { redactHar } from '../../src/index';
import type { RedactionReport, RuleSet } from '../../src/index';
import type { CaptureStore } from './capture-store';
import type { CaptureSummary } from '../shared/protocol';
import { buildHar } from '../shared/har-build';
import { harHost } from '../shared/filename';

export interface RulesInForce {
  ruleSet: RuleSet;
  disabledRules: string[];
}

interface TabAnalysis {
  key: Uint8Array;
  generation: number;
  analysedCount: number;
  report: RedactionReport | null;
  after: Entry[];
  perEntry: Map<number, number>;
  error: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  lastMs: number;
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
        analysedCount: 0,
        report: null,
        after: [],
        perEntry: new Map(),
        error: null,
        timer: null,
        lastMs: 0,
      };
      this.tabs.set(tabId, s);
    }
    return s;
  }

  /** Re-analyse soon; the delay grows with the cost of the last run so big captures stay cheap. */
  schedule(tabId: number): void {
    const s = this.state(tabId);
    if (s.timer) return;
    s.timer = setTimeout(
      () => {
        s.timer = null;
        void this.run(tabId).then(() => this.onChange(tabId));
      },
      Math.min(5000, Math.max(300, s.lastMs * 3)),
    );
  }

  /** Rules changed: everything is stale. */
  invalidateAll(): void {
    for (const [tabId, s] of this.tabs) {
      s.generation = -1;
      this.schedule(tabId);
    }
  }

  forget(tabId: number): void {
    const s = this.tabs.get(tabId);
    if (s?.timer) clearTimeout(s.timer);
    this.tabs.delete(tabId);
  }

  async run(tabId: number): Promise<void> {
    const s = this.state(tabId);
    const tab = await this.store.get(tabId);
    const entries = tab.entries.slice();
    if (s.generation === tab.generation && s.analysedCount === entries.length) return;
    const started = Date.now();
    try {
      const rules = await this.rules();
      const { har, report } = redactHar(buildHar(entries, []), rules.ruleSet, {
        key: s.key,
        disabledRules: rules.disabledRules,
      });
      s.after = har.log.entries;
      s.report = report;
      s.perEntry = new Map();
      for (const f of report.findings) {
        const seen = new Set<number>();
        for (const loc of f.locations) {
          if (loc.entry === null || seen.has(loc.entry)) continue;
          seen.add(loc.entry);
          s.perEntry.set(loc.entry, (s.perEntry.get(loc.entry) ?? 0) + 1);
        }
      }
      s.error = null;
    } catch (err) {
      s.error = err instanceof Error ? err.message : String(err);
      s.report = null;
      s.after = [];
      s.perEntry = new Map();
    }
    s.analysedCount = entries.length;
    s.generation = tab.generation;
    s.lastMs = Date.now() - started;
  }

  async entry(tabId: number, index: number): Promise<Entry | null> {
    const s = this.state(tabId);
    const tab = await this.store.get(tabId);
    if (s.generation !== tab.generation || s.analysedCount <= index) await this.run(tabId);
    return s.after[index] ?? null;
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
      report: fresh ? s.report : null,
      analysisError: fresh ? s.error : null,
      bodiesNotAvailable: tab.entries.filter(
        (e) => (e as { _bodyNotAvailable?: unknown })._bodyNotAvailable === true,
      ).length,
      notPersisted: tab.notPersisted.length,
      host: harHost(buildHar(tab.entries.slice(0, 20), [])),
    };
  }
}
