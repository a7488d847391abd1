import { render } from 'preact';
import '../shared/ui/theme.css';
import './panel.css';
import { Panel } from './Panel';

// The panel follows DevTools' own theme, not the OS one, and follows it live when it changes.
const applyTheme = (name: string | undefined) =>
  document.documentElement.classList.toggle('dark', name === 'dark');
applyTheme(chrome.devtools?.panels?.themeName);
(
  chrome.devtools?.panels as { setThemeChangeHandler?: (cb: (theme: string) => void) => void } | undefined
)?.setThemeChangeHandler?.(applyTheme);

// Outside DevTools (tests, the scale bench) the page takes the tab from `?tabId=`.
const tabId = chrome.devtools?.inspectedWindow
  ? chrome.devtools.inspectedWindow.tabId
  : Number(new URLSearchParams(location.search).get('tabId'));

render(<Panel tabId={tabId} />, document.getElementById('app')!);
