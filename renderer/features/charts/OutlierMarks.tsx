import type { PointerEvent } from 'react';
import type { Volume, VolumeOutlier } from '../../../shared/model/explore.ts';
import { plural } from '../../components/numbers.ts';
import { barsBox, PLOT_INSETS } from './plot-geometry.ts';

/** Past this many marks the plot shows only their arrows, and the list names them. */
const LABELLED_MARKS = 4;

const when = (outlier: VolumeOutlier) => outlier.from.slice(0, 16).replace('T', ' ');
const described = (outlier: VolumeOutlier) =>
  `${plural(outlier.count, 'event', 'events')} far from the rest, from ${when(outlier)} UTC: zoom to ${outlier.count === 1 ? 'it' : 'them'}`;

/** The bar an outlier falls in: the last whose start is not after it. */
function barOf(volume: Volume, outlier: VolumeOutlier): number {
  const at = Date.parse(outlier.from);
  let bar = 0;
  volume.buckets.forEach((b, i) => {
    if (Date.parse(b.start) <= at) bar = i;
  });
  return bar;
}

// A press on a mark is a click on it, not the start of a drag across the chart.
const keepFromBrush = (event: PointerEvent) => event.stopPropagation();

interface OutlierMarksProps {
  volume: Volume;
  onRange: (from: string, to: string) => void;
}

/**
 * Marks over the plot where events lie far from all the others, whose bars are too low to
 * see beside the bulk: each with its date and count, a click zooms to it.
 */
export function OutlierMarks({ volume, onRange }: OutlierMarksProps) {
  const outliers = volume.outliers ?? [];
  const n = volume.buckets.length;
  return outliers.map((outlier) => {
    const bar = barOf(volume, outlier);
    const box = barsBox(bar, bar, n);
    const right = bar / n > 0.5;
    return (
      <button
        key={outlier.from}
        type="button"
        className={`outlier-mark ${right ? 'to-left' : ''}`}
        style={{ left: `calc(${box.left} + ${box.width} / 2)`, top: PLOT_INSETS.top }}
        title={described(outlier)}
        aria-label={described(outlier)}
        onPointerDown={keepFromBrush}
        onClick={() => onRange(outlier.from, outlier.to)}
      >
        ▼{outliers.length <= LABELLED_MARKS && ` ${outlier.from.slice(0, 10)} · ${outlier.count}`}
      </button>
    );
  });
}

/** The same outliers as a line of text under the chart's title, for when marks crowd. */
export function OutlierList({ volume, onRange }: OutlierMarksProps) {
  const outliers = volume.outliers ?? [];
  if (outliers.length === 0) return null;
  return (
    <p className="outlier-list small" data-testid="volume-outliers">
      <span className="muted">Far from the rest:</span>{' '}
      {outliers.map((o) => (
        <button key={o.from} type="button" className="link" title={described(o)} onClick={() => onRange(o.from, o.to)}>
          {when(o)} · {plural(o.count, 'event', 'events')}
        </button>
      ))}
    </p>
  );
}
