/** What Download saves: PNG (every pixel) or JPEG (about a seventh of the size), remembered; an
 * image with transparency stays PNG, and the choice says so. */
import { chooseSaveFormat } from '../actions';
import { JPEG_QUALITY } from '../../shared/jpeg-quality';
import { formatFor, type SaveFormat } from '../save';
import { useAppStore } from '../store';

export function SaveFormatChoice({ hasAlpha = false }: { hasAlpha?: boolean }) {
  const format = useAppStore((s) => s.saveFormat);
  return (
    <label>
      Save as
      <select
        value={formatFor(format, hasAlpha)}
        disabled={hasAlpha}
        title={hasAlpha ? 'This image has transparency, which JPEG cannot keep' : undefined}
        onChange={(e) => chooseSaveFormat(e.target.value as SaveFormat)}
        data-testid="save-format"
      >
        <option value="png">PNG (lossless)</option>
        <option value="jpeg">JPEG (quality {JPEG_QUALITY}, smaller)</option>
      </select>
    </label>
  );
}
