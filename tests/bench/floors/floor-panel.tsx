// The panel floor's injected script (bundled with Preact into the floor extension): the least a
// panel can be, a Preact component rendered into the launcher's shadow root, then the paint marked
// the way Haowu's panel marks it (utils/bench-mark.ts: the task after the frame).
import { render } from 'preact';

const root = (globalThis as unknown as { __haowuFloorRoot?: ShadowRoot }).__haowuFloorRoot;
if (!root) throw new Error('the floor launcher has not run in this world');

function Panel() {
  return (
    <div role="dialog" aria-label="Floor panel" style={{ position: 'fixed', right: '16px', bottom: '72px', width: '360px', padding: '16px', background: 'white', boxShadow: '0 4px 16px rgb(0 0 0 / 20%)' }}>
      <h2>Picks</h2>
      <p>A minimal panel.</p>
    </div>
  );
}

const host = document.createElement('div');
root.append(host);
render(<Panel />, host);
requestAnimationFrame(() => setTimeout(() => performance.mark('haowu-floor:panel-painted')));
