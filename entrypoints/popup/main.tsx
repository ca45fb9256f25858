// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
// Second: takes the Saved tab's first rows, read since the page's first script ran (./ask-first-rows.ts).
import './ask-first-rows';
import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import { savedReadHereDone } from '../../utils/popup/saved-first-rows';
import './style.css';

/**
 * The first render waits this long at most for the Saved tab's first rows read in this page (a database
 * that is slow to open, or an open held up by an upgrade elsewhere): the shell is then drawn alone, and
 * the rows when they come, as before.
 */
const FIRST_ROWS_WAIT_MS = 50;

// The rows' read is usually done, or nearly, when this code has loaded: rendered once it is, the shell
// and the rows are painted in one frame. Rendered before it, the shell's frame came first and the rows
// waited for the next one (issue 19: under load 20-30 ms, the frames being slow to come).
void Promise.race([savedReadHereDone(), new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_WAIT_MS))]).then(() => render(<PopupApp />, document.getElementById('app')!));
