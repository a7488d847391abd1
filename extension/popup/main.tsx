import { render } from 'preact';
import '../shared/ui/theme.css';
import './popup.css';
import { Popup } from './Popup';
import { applySystemTheme } from '../shared/ui/system-theme';

applySystemTheme();

// `?tabId=` lets the popup page be opened in a tab (tests, keyboard users) for a given tab's capture.
async function currentTabId(): Promise<number | null> {
  const fromUrl = new URLSearchParams(location.search).get('tabId');
  if (fromUrl && /^\d+$/.test(fromUrl)) return Number(fromUrl);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

void currentTabId().then((tabId) => render(<Popup tabId={tabId} />, document.getElementById('app')!));
