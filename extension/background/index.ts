// Service worker entry: wires the router, the capture store, redaction jobs and rule sync.
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { CaptureStore } from './capture-store';
import { CaptureAnalyzer } from './analysis';
import { createRouter, portTabId } from './router';
import { createHandlers } from './handlers';
import { handleCapturePort } from './capture-port';
import type { CapturePort } from './capture-port';
import { handleJobPort } from './jobs';
import type { JobPort } from './jobs';
import { rulesForSettings } from './rules-in-force';
import { onRulesChanged, startRuleSync } from './rules/index';
import { loadSettings } from '../shared/storage';
import type { StorageAreaLike } from '../shared/storage';
import { CAPTURE_PORT_PREFIX, JOB_PORT, PANEL_PORT_PREFIX } from '../shared/protocol';
import type { PanelServerMessage } from '../shared/protocol';

const settingsArea = browser.storage.local as unknown as StorageAreaLike;
const sessionArea = browser.storage.session as unknown as StorageAreaLike;

const rulesInForce = async () => rulesForSettings(await loadSettings(settingsArea));

const panels = new Map<number, Set<Runtime.Port>>();
const store = new CaptureStore(sessionArea);

// Coalesced: a busy page finishes hundreds of requests a second, the panel needs a few updates.
const notifyTimers = new Map<number, ReturnType<typeof setTimeout>>();
const notify = (tabId: number) => {
  if (notifyTimers.has(tabId)) return;
  notifyTimers.set(
    tabId,
    setTimeout(() => {
      notifyTimers.delete(tabId);
      notifyNow(tabId);
    }, 100),
  );
};

const notifyNow = (tabId: number) => {
  const ports = panels.get(tabId);
  if (!ports?.size) return;
  void analyzer.summary(tabId).then((summary) => {
    const msg: PanelServerMessage = { type: 'changed', summary };
    for (const port of ports) {
      try {
        port.postMessage(msg);
      } catch {
        ports.delete(port);
      }
    }
  });
};

const analyzer = new CaptureAnalyzer(store, rulesInForce, notify);
// A team pack synced by the alarm or a policy change must show in the panel's findings too.
onRulesChanged(() => analyzer.invalidateAll());

const changed = (tabId: number) => {
  analyzer.schedule(tabId);
  notify(tabId);
};

browser.runtime.onMessage.addListener(
  createRouter(
    createHandlers({
      store,
      analyzer,
      settingsArea,
      notify,
      onSettingsChanged: () => analyzer.invalidateAll(),
    }),
    browser.runtime.id,
  ) as unknown as Parameters<typeof browser.runtime.onMessage.addListener>[0],
);

browser.runtime.onConnect.addListener((port) => {
  // Only this extension's pages, and only a real tab id (see router.ts).
  const tabIdOf = (prefix: string) => portTabId(port, prefix, browser.runtime.id);
  if (port.sender?.id !== browser.runtime.id) {
    port.disconnect();
    return;
  }
  if (port.name.startsWith(CAPTURE_PORT_PREFIX)) {
    const tabId = tabIdOf(CAPTURE_PORT_PREFIX);
    if (tabId === null) return port.disconnect();
    handleCapturePort(tabId, port as unknown as CapturePort, {
      store,
      changed,
      resupplied: () => analyzer.invalidateAll(),
      preserveLog: async () => (await loadSettings(settingsArea)).preferences.preserveLog,
    });
  } else if (port.name.startsWith(PANEL_PORT_PREFIX)) {
    const tabId = tabIdOf(PANEL_PORT_PREFIX);
    if (tabId === null) return port.disconnect();
    const set = panels.get(tabId) ?? new Set();
    set.add(port);
    panels.set(tabId, set);
    port.onDisconnect.addListener(() => set.delete(port));
    analyzer.schedule(tabId);
    notify(tabId);
  } else if (port.name === JOB_PORT) {
    handleJobPort(port as unknown as JobPort, { store, rules: rulesInForce });
  }
});

browser.tabs.onRemoved.addListener((tabId) => {
  analyzer.forget(tabId);
  void store.forget(tabId);
});

startRuleSync();
