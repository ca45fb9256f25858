// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
// Second: asks for the Saved tab's first rows before the app's code runs (./ask-first-rows.ts).
import './ask-first-rows';
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import './style.css';

render(<PopupApp />, document.getElementById('app')!);
