import { render } from 'preact';
import '../shared/ui/theme.css';
import './review.css';
import { Review } from './Review';
import { applySystemTheme } from '../shared/ui/system-theme';

applySystemTheme();
render(<Review />, document.getElementById('app')!);
