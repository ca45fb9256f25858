import { render } from 'preact';
import { z } from 'zod';
import { PopupApp } from '../../components/PopupApp';
import '../popup/style.css';

z.config({ jitless: true });
// The same app as the popup, given a whole tab for users with many items.
document.body.classList.add('full-tab');
render(<PopupApp />, document.getElementById('app')!);
