import { render } from 'preact';
import '../shared/ui/theme.css';
import './options.css';
import { Options } from './Options';
import { applySystemTheme } from '../shared/ui/system-theme';

applySystemTheme();
render(<Options />, document.getElementById('app')!);
