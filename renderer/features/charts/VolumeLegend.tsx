import { ERROR_COLOR } from '../../../shared/chart-palette.ts';
import type { StackDimension, Volume } from '../../../shared/model/explore.ts';
import { clipApart } from '../../components/clip-apart.ts';
import { fieldLabel } from '../../filter/field-label.ts';
import { colorOf, seriesLabel } from './VolumePlot.tsx';

/** Legend entries side by side: an ARN of the usual length shows whole, longer ones are cut where they differ. */
const LEGEND_CHARS = 64;

interface VolumeLegendProps {
  volume: Volume;
  stackBy: StackDimension;
  /** A click on an entry chooses that value in the filter. */
  onToggle: (dimension: StackDimension, value: string | null) => void;
  onPin: (value: string | null) => void;
}

/** The series of the chart: each one filters on a click and can be pinned; a pinned value keeps its series. */
export function VolumeLegend({ volume, stackBy, onToggle, onPin }: VolumeLegendProps) {
  const labels = volume.series.map(seriesLabel);
  const shown = clipApart(labels, LEGEND_CHARS);
  const totals = volume.series.map((_, i) => volume.buckets.reduce((sum, b) => sum + (b.counts[i] ?? 0), 0));
  return (
    <ul className="legend" aria-label={`Legend: ${fieldLabel(stackBy)}`}>
      {volume.series.map((s, i) => (
        <li key={i} className={s.pinned ? 'pinned' : undefined}>
          <button
            type="button"
            className="legend-item"
            disabled={s.other}
            title={s.other ? 'every other value' : `Filter on ${labels[i]}`}
            onClick={() => onToggle(stackBy, s.value)}
          >
            <span className="swatch" style={{ background: colorOf(s, i) }} />
            {shown[i]}
          </button>
          {s.pinned && totals[i] === 0 && <span className="muted"> none in range</span>}
          {!s.other && (
            <button
              type="button"
              className="pin-button"
              aria-pressed={s.pinned === true}
              aria-label={`${s.pinned ? 'Unpin' : 'Pin'} ${labels[i]}`}
              title={s.pinned ? `Unpin ${labels[i]}` : `Pin ${labels[i]}: it keeps a series of its own`}
              onClick={() => onPin(s.value)}
            >
              {s.pinned ? 'unpin' : 'pin'}
            </button>
          )}
        </li>
      ))}
      <li className="legend-item errors-key">
        <span className="swatch" style={{ background: ERROR_COLOR }} />
        errors
      </li>
    </ul>
  );
}
