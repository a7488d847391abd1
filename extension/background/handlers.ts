import type { Handlers } from '../shared/protocol';
import type { Settings, StorageAreaLike } from '../shared/storage';
import { loadSettings, updateSettings } from '../shared/storage';
import { summarizeEntry } from '../shared/har-build';
import type { CaptureStore } from './capture-store';
import type { CaptureAnalyzer } from './analysis';
import { rulesForSettings } from './rules-in-force';
import { syncNow } from './rules/index';
import { createExportHandlers } from './export-handlers';
import { searchEntries } from './search';

export interface HandlerDeps {
  store: CaptureStore;
  analyzer: CaptureAnalyzer;
  settingsArea: StorageAreaLike;
  notify: (tabId: number) => void;
  onSettingsChanged: (settings: Settings) => void;
}

const LIST_PAGE_MAX = 5000;

export function createHandlers(deps: HandlerDeps) {
  const { store, analyzer } = deps;
  return {
    'capture:summary': async ({ tabId }) => {
      // The popup asks once and has no port for updates: give it an analysed answer.
      await analyzer.run(tabId);
      return analyzer.summary(tabId);
    },
    'capture:list': async ({ tabId, from, count }) => {
      const tab = await store.get(tabId);
      const end = Math.min(tab.entries.length, from + Math.min(count, LIST_PAGE_MAX));
      const rows = [];
      for (let i = Math.max(0, from); i < end; i++) {
        const row = summarizeEntry(tab.entries[i], i, analyzer.findingsFor(tabId, i));
        // The list never shows a raw URL: its query may hold a token (see CaptureAnalyzer.shownUrl).
        rows.push({ ...row, url: analyzer.shownUrl(tabId, i, row.url), time: tab.entries[i].time });
      }
      return { total: tab.entries.length, generation: tab.generation, rows };
    },
    'capture:entry': async ({ tabId, index }) => {
      const tab = await store.get(tabId);
      const before = tab.entries[index] ?? null;
      const after = before ? await analyzer.entry(tabId, index) : null;
      return {
        before,
        after,
        bodyNotAvailable: (before as { _bodyNotAvailable?: unknown } | null)?._bodyNotAvailable === true,
      };
    },
    'capture:clear': async ({ tabId }) => {
      await store.clear(tabId);
      analyzer.schedule(tabId);
      deps.notify(tabId);
      return { ok: true as const };
    },
    'capture:merge': async ({ tabId, entries, pages }) => ({
      added: await store.mergeOverlay(tabId, entries, pages),
    }),
    'capture:report': async ({ tabId }) => {
      await analyzer.run(tabId);
      return { report: analyzer.fullReport(tabId) };
    },
    'capture:search': async ({ tabId, text }) => ({
      indexes: searchEntries((await store.get(tabId)).entries, text),
    }),
    'settings:get': () => loadSettings(deps.settingsArea),
    'settings:update': async (patch) => {
      const next = await updateSettings(deps.settingsArea, patch);
      deps.onSettingsChanged(next);
      return next;
    },
    'rules:state': async () => {
      const state = await rulesForSettings(await loadSettings(deps.settingsArea));
      return {
        ruleSet: state.ruleSet,
        disabledRules: state.disabledRules,
        status: state.status,
        userRulesAllowed: state.userRulesAllowed,
        lockedRuleIds: state.lockedRuleIds,
      };
    },
    'rules:syncNow': async () => {
      const status = await syncNow();
      analyzer.invalidateAll();
      return status;
    },
    ...createExportHandlers({
      local: deps.settingsArea,
      packs: async () => (await rulesForSettings(await loadSettings(deps.settingsArea))).ruleSet.packs,
    }),
  } satisfies Handlers;
}
