import { render } from 'preact';
import '../shared/ui/theme.css';
import './panel.css';
import { Panel } from './Panel';

// The panel follows DevTools' own theme, not the OS one.
if (chrome.devtools?.panels?.themeName === 'dark') document.documentElement.classList.add('dark');

// Outside DevTools (tests, the scale bench) the page takes the tab from `?tabId=`.
const tabId = chrome.devtools?.inspectedWindow
  ? chrome.devtools.inspectedWindow.tabId
  : Number(new URLSearchParams(location.search).get('tabId'));

render(<Panel tabId={tabId} />, document.getElementById('app')!);
