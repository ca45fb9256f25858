import { qrMatrix, qrPath } from '../expert/qr';
import { html, type Html, type SafeUrl } from './html';

/**
 * The QR code of a window's address as inline SVG, drawn like the Studio's (components/popup/QrCode.tsx):
 * dark modules on white in both colour schemes, because phone scanners read light-on-dark codes badly.
 */
export function qrSvg(url: SafeUrl, label: string): Html {
  const matrix = qrMatrix(url.href);
  // A window's address always fits (https, at most 2,048 ASCII characters); no code rather than a broken page.
  if (!matrix) return html``;
  const size = matrix.length;
  return html`<svg class="qr" role="img" aria-label="${label}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${qrPath(matrix)}" fill="#000"/></svg>`;
}
