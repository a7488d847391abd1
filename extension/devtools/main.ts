// Devtools page: loads when DevTools opens, so it captures from then on — the panel only loads when shown.
import { chromeNetworkAdapter, withBody } from './network-adapter';
import { CaptureStreamer } from './capture-streamer';
import type { StreamPort } from './capture-streamer';
import { capturePortName } from '../shared/protocol';

export const PANEL_TITLE = 'HAR Redactor';

const network = chromeNetworkAdapter();
const session = crypto.randomUUID();
const streamer = new CaptureStreamer(
  () => chrome.runtime.connect({ name: capturePortName(network.tabId) }) as unknown as StreamPort,
  session,
);

network.onRequestFinished((req) => {
  void withBody(req).then((entry) => streamer.push(entry));
});
network.onNavigated((url) => streamer.navigated(url));

chrome.devtools.panels.create(PANEL_TITLE, '/icons/icon-16.png', '/extension/panel/index.html');
