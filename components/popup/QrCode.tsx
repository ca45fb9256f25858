import { useMemo } from 'preact/hooks';
import { qrMatrix, qrPath } from '../../utils/expert/qr';

/** A QR code drawn as Preact SVG elements (no markup strings), crisp at any size. */
export function QrCode({ text, label, size = 168 }: { text: string; label: string; size?: number }) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const modules = matrix.length;
  return (
    <svg class="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${modules} ${modules}`} shape-rendering="crispEdges" data-modules={modules}>
      <rect width={modules} height={modules} fill="#fff" />
      <path d={qrPath(matrix)} fill="#000" />
    </svg>
  );
}
