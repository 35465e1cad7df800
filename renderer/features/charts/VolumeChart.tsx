import { type CSSProperties, useCallback, useEffect, useRef, useState } from 'react';
import { ERROR_COLOR } from '../../../shared/chart-palette.ts';
import { type ExploreFilter, type StackDimension, stackDimensions } from '../../../shared/model/explore.ts';
import { bucketEnd, bucketName } from '../../../shared/volume-buckets.ts';
import { useApi } from '../../api/use-api.ts';
import { count, plural } from '../../components/numbers.ts';
import { fieldLabel } from '../../filter/field-label.ts';
import { FindingForm } from '../findings/FindingForm.tsx';
import { clipLabel, colorOf, PLOT_INSETS, seriesLabel, VolumePlot } from './VolumePlot.tsx';

interface VolumeChartProps {
  filter: ExploreFilter;
  /** Dragging across the chart chooses the range of the buckets it covers. */
  onRange: (from: string, to: string) => void;
  /** A click on a legend entry chooses that value. */
  onToggle: (dimension: StackDimension, value: string | null) => void;
  height: number;
}

interface Drag {
  from: number;
  to: number;
}

/** The dragged buckets, shaded over the plot: bucket i of n fills the i-th n-th of its width. */
function dragStyle(drag: Drag, buckets: number): CSSProperties {
  const first = Math.min(drag.from, drag.to);
  const span = Math.abs(drag.to - drag.from) + 1;
  const inner = `(100% - ${PLOT_INSETS.left + PLOT_INSETS.right}px)`;
  return {
    left: `calc(${PLOT_INSETS.left}px + ${inner} * ${first / buckets})`,
    width: `calc(${inner} * ${span / buckets})`,
    top: PLOT_INSETS.top,
    bottom: PLOT_INSETS.bottom,
  };
}

/** Events over time, stacked by one dimension, errors in red; drag across it to choose a time range. */
export function VolumeChart({ filter, onRange, onToggle, height }: VolumeChartProps) {
  const [stackBy, setStackBy] = useState<StackDimension>('event_source');
  const { data: volume, error: problem } = useApi(
    'explore:chart-volume',
    { filter, stack_by: stackBy },
    { keepPrevious: true },
  );
  const [drag, setDrag] = useState<Drag | null>(null);
  // The drag as the mouse handlers see it, so they stay the same functions and the plot is not redrawn.
  const dragging = useRef<Drag | null>(null);
  const press = useCallback((index: number) => {
    dragging.current = { from: index, to: index };
    setDrag(dragging.current);
  }, []);
  const hover = useCallback((index: number) => {
    const current = dragging.current;
    if (!current || current.to === index) return;
    dragging.current = { ...current, to: index };
    setDrag(dragging.current);
  }, []);

  // A drag may end outside the chart; the range is taken wherever the button comes up.
  const isDragging = drag !== null;
  useEffect(() => {
    if (!isDragging || !volume) return;
    const finish = () => {
      const done = dragging.current;
      dragging.current = null;
      setDrag(null);
      const first = done && volume.buckets[Math.min(done.from, done.to)];
      const last = done && volume.buckets[Math.max(done.from, done.to)];
      if (first && last) onRange(first.start, bucketEnd(last.start, volume.bucket_seconds));
    };
    window.addEventListener('mouseup', finish);
    return () => window.removeEventListener('mouseup', finish);
  }, [isDragging, volume, onRange]);

  return (
    <section className="volume-chart" aria-label="Event volume" data-testid="volume-chart">
      <header className="chart-head">
        <h3>Event volume</h3>
        <label className="small">
          stacked by{' '}
          <select value={stackBy} onChange={(e) => setStackBy(e.target.value as StackDimension)}>
            {stackDimensions.map((d) => (
              <option key={d} value={d}>
                {fieldLabel(d)}
              </option>
            ))}
          </select>
        </label>
        {volume && volume.total > 0 && (
          <span className="muted small" data-testid="volume-summary">
            {plural(volume.total, 'event', 'events')}, {count(volume.errors)} failed ·{' '}
            {bucketName(volume.bucket_seconds)} per bar · UTC · drag across the bars to zoom in
          </span>
        )}
        {volume && volume.total > 0 && (
          <FindingForm
            label="Add chart as finding"
            evidence={() => ({ kind: 'volume-chart', filter, stack_by: stackBy })}
            draft={() => ({
              title: `Event volume by ${fieldLabel(stackBy)}: ${plural(volume.total, 'event', 'events')}`,
              severity: 'info',
            })}
          />
        )}
      </header>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {volume && volume.total === 0 && <p className="muted">No events match.</p>}
      {volume?.outside ? (
        <p className="muted small" data-testid="volume-outside">
          {plural(volume.outside, 'event', 'events')} with times before year 1, after year 9999 or infinite: not
          charted.
        </p>
      ) : null}
      {volume && volume.total > 0 && (
        <>
          <div className="chart-area" style={{ height }}>
            <VolumePlot volume={volume} onPress={press} onHover={hover} />
            {drag && <div className="drag-range" style={dragStyle(drag, volume.buckets.length)} />}
          </div>
          <ul className="legend" aria-label={`Legend: ${fieldLabel(stackBy)}`}>
            {volume.series.map((s, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="legend-item"
                  disabled={s.other}
                  title={s.other ? 'every other value' : `Filter on ${seriesLabel(s)}`}
                  onClick={() => onToggle(stackBy, s.value)}
                >
                  <span className="swatch" style={{ background: colorOf(s, i) }} />
                  {clipLabel(seriesLabel(s))}
                </button>
              </li>
            ))}
            <li className="legend-item errors-key">
              <span className="swatch" style={{ background: ERROR_COLOR }} />
              errors
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
