import { useRef } from 'react';
import {
  type BucketSeconds,
  bucketSeconds,
  type ExploreFilter,
  type StackDimension,
  stackDimensions,
  type Volume,
} from '../../../shared/model/explore.ts';
import { bucketName } from '../../../shared/volume-buckets.ts';
import { useApi } from '../../api/use-api.ts';
import { count, plural } from '../../components/numbers.ts';
import { fieldLabel } from '../../filter/field-label.ts';
import { FindingForm } from '../findings/FindingForm.tsx';
import { useChartState } from './chart-state.ts';
import { noEventsText } from './no-events.ts';
import { OutlierList, OutlierMarks } from './OutlierMarks.tsx';
import { barsBox, maxBarsFor, PLOT_INSETS } from './plot-geometry.ts';
import { RareValues } from './RareValues.tsx';
import { bucketAlignment } from './time-axis.ts';
import { useBrush } from './use-brush.ts';
import { useWidth } from './use-width.ts';
import { VolumeLegend } from './VolumeLegend.tsx';
import { VolumePlot } from './VolumePlot.tsx';

interface VolumeChartProps {
  filter: ExploreFilter;
  /** Dragging across the chart chooses the range of the buckets it covers. */
  onRange: (from: string, to: string) => void;
  /** A click on a legend entry chooses that value. */
  onToggle: (dimension: StackDimension, value: string | null) => void;
  height: number;
  /** The Charts view's chart: the rare values listed beside it, the outliers named under its title. */
  detail?: boolean;
}

/**
 * Events over time, stacked by one dimension (pinned values first), errors in red; drag across
 * it to choose a time range. The bars are as fine as the chart's width allows, never finer
 * than one per two pixels.
 */
export function VolumeChart({ filter, onRange, onToggle, height, detail = false }: VolumeChartProps) {
  const chart = useChartState();
  const slot = useRef<HTMLDivElement>(null);
  const width = useWidth(slot);
  const asked =
    width === null
      ? null
      : {
          filter,
          stack_by: chart.stackBy,
          max_bars: maxBarsFor(width),
          pinned: chart.pinned,
          ...(chart.bucket === null ? {} : { bucket: chart.bucket }),
        };
  const answer = useApi('explore:chart-volume', asked, { keepPrevious: true });
  // A failed request shows its error alone: the chart of the filter before would be a lie.
  const volume = answer.error ? null : answer.data;
  const { drag, handlers } = useBrush(volume, onRange);
  const charted = volume !== null && volume.total > 0;

  return (
    <section
      className={`volume-chart ${answer.loading && volume ? 'stale' : ''}`}
      aria-label="Event volume"
      aria-busy={answer.loading}
      data-testid="volume-chart"
    >
      <header className="chart-head">
        <h3>Event volume</h3>
        <label className="small">
          stacked by{' '}
          <select value={chart.stackBy} onChange={(e) => chart.setStackBy(e.target.value as StackDimension)}>
            {stackDimensions.map((d) => (
              <option key={d} value={d}>
                {fieldLabel(d)}
              </option>
            ))}
          </select>
        </label>
        {/* The explorer's chart has the same bars, chosen here; its header has no room for the choice. */}
        {detail && (
          <label className="small">
            bars of{' '}
            <select
              value={chart.bucket ?? ''}
              onChange={(e) => chart.setBucket(e.target.value ? (Number(e.target.value) as BucketSeconds) : null)}
            >
              <option value="">any width</option>
              {bucketSeconds.map((s) => (
                <option key={s} value={s}>
                  at least {bucketName(s)}
                </option>
              ))}
            </select>
          </label>
        )}
        {charted && <VolumeSummary volume={volume} asked={chart.bucket} />}
        {charted && volume.focus && (
          <button
            type="button"
            className="secondary small-button"
            title={`${plural(volume.focus.events, 'event', 'events')} of ${count(volume.total)}, ${volume.focus.from} to ${volume.focus.to}`}
            onClick={() => volume.focus && onRange(volume.focus.from, volume.focus.to)}
          >
            Zoom to where the events are
          </button>
        )}
        {charted && (
          <FindingForm
            label="Add chart as finding"
            evidence={() => ({ kind: 'volume-chart', filter, stack_by: chart.stackBy, pinned: chart.pinned })}
            draft={() => ({
              title: `Event volume by ${fieldLabel(chart.stackBy)}: ${plural(volume.total, 'event', 'events')}`,
              severity: 'info',
            })}
          />
        )}
      </header>
      {detail && charted && <OutlierList volume={volume} onRange={onRange} />}
      {volume?.outside ? (
        <p className="muted small" data-testid="volume-outside">
          {plural(volume.outside, 'event', 'events')} with times before year 1, after year 9999 or infinite: not
          charted.
        </p>
      ) : null}
      {/* The same columns whether there are events or not: a width that changed would ask again. */}
      <div className={detail ? 'volume-body with-rare' : 'volume-body'}>
        <div className="chart-slot" ref={slot}>
          {answer.error && (
            <p className="error" role="alert">
              {answer.error}
            </p>
          )}
          {volume && !charted && (
            <p className="empty-state" style={{ minHeight: height / 2 }} data-testid="volume-empty">
              {noEventsText(filter)}
            </p>
          )}
          {charted && (
            <div className="chart-area" style={{ height }} {...handlers}>
              <VolumePlot volume={volume} width={width ?? 0} />
              {drag && (
                <div
                  className="drag-range"
                  style={{
                    ...barsBox(drag.from, drag.to, volume.buckets.length),
                    top: PLOT_INSETS.top,
                    bottom: PLOT_INSETS.bottom,
                  }}
                />
              )}
              <OutlierMarks volume={volume} onRange={onRange} />
            </div>
          )}
        </div>
        {detail && charted && (
          <RareValues
            volume={volume}
            filter={filter}
            stackBy={chart.stackBy}
            onToggle={onToggle}
            onPin={chart.togglePin}
          />
        )}
      </div>
      {charted && <VolumeLegend volume={volume} stackBy={chart.stackBy} onToggle={onToggle} onPin={chart.togglePin} />}
    </section>
  );
}

/** "413 events, 1 failed · 1 week per bar (weeks from Monday) · UTC", and why the bars are wider than asked. */
function VolumeSummary({ volume, asked }: { volume: Volume; asked: BucketSeconds | null }) {
  const alignment = bucketAlignment(volume.bucket_seconds);
  return (
    <span className="muted small" data-testid="volume-summary">
      {plural(volume.total, 'event', 'events')}, {count(volume.errors)} failed · {bucketName(volume.bucket_seconds)} per
      bar{alignment && ` (${alignment})`} · UTC · drag across the bars to zoom in
      {asked !== null && volume.bucket_seconds > asked && ` · ${bucketName(asked)} bars would not fit`}
    </span>
  );
}
