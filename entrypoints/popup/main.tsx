// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import './style.css';

render(<PopupApp />, document.getElementById('app')!);
