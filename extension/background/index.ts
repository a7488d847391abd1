// Service worker entry: wires the router, the capture store and rule sync. (Filled in by the extension work.)
import browser from 'webextension-polyfill';

browser.runtime.onInstalled.addListener(() => {
  // nothing yet
});
