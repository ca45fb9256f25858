// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import '../popup/style.css';

// The same app as the popup, given a whole tab for users with many items.
document.body.classList.add('full-tab');
render(<PopupApp fullTab />, document.getElementById('app')!);
