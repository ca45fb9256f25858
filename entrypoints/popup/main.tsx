import { render } from 'preact';
import { z } from 'zod';
import { PopupApp } from '../../components/PopupApp';
import './style.css';

z.config({ jitless: true });
render(<PopupApp />, document.getElementById('app')!);
