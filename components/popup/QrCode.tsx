import { useMemo } from 'preact/hooks';
import { qrMatrix, qrPath } from '../../utils/expert/qr';
import { useT } from '../I18n';

/**
 * A QR code drawn as Preact SVG elements (no markup strings), crisp at any size. A text too long for
 * any QR code (a long partner link) is said in the user's language instead of drawn.
 */
export function QrCode({ text, label, size = 168 }: { text: string; label: string; size?: number }) {
  const t = useT();
  const matrix = useMemo(() => qrMatrix(text), [text]);
  if (!matrix) return <p class="hint qr-too-long">{t('studio.share.qrTooLong')}</p>;
  const modules = matrix.length;
  return (
    <svg class="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${modules} ${modules}`} shape-rendering="crispEdges" data-modules={modules}>
      <rect width={modules} height={modules} fill="#fff" />
      <path d={qrPath(matrix)} fill="#000" />
    </svg>
  );
}
