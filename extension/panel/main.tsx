import { render } from 'preact';
import '../shared/ui/theme.css';
import './panel.css';
import { Panel } from './Panel';

// The panel follows DevTools' own theme, not the OS one.
if (chrome.devtools?.panels?.themeName === 'dark') document.documentElement.classList.add('dark');

render(<Panel tabId={chrome.devtools.inspectedWindow.tabId} />, document.getElementById('app')!);
