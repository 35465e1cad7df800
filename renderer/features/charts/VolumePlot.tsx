import { memo } from 'react';
import type { MouseHandlerDataParam } from 'recharts';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ERROR_COLOR, OTHER_COLOR, SERIES_COLORS } from '../../../shared/chart-palette.ts';
import type { Volume } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { bucketEnd } from '../../../shared/volume-buckets.ts';
import { count } from '../../components/numbers.ts';
import { NO_VALUE } from '../../filter/field-label.ts';
import { bucketLabel } from './time-axis.ts';

const LABEL_CHARS = 60;
const shownTime = (iso: string) => iso.replace('T', ' ').replace('Z', '');
/** Labels along the time axis. A fixed count spares measuring every label's width to drop those that collide. */
const AXIS_TICKS = 8;
const Y_AXIS_WIDTH = 48;
const X_AXIS_HEIGHT = 30;
const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

/** Where the bars are drawn inside the chart, for what is laid over them. */
export const PLOT_INSETS = {
  left: MARGIN.left + Y_AXIS_WIDTH,
  right: MARGIN.right,
  top: MARGIN.top,
  bottom: X_AXIS_HEIGHT,
};

type Series = Volume['series'][number];
export const seriesLabel = (s: Series) => (s.other ? 'other' : s.value === null ? NO_VALUE : visibleText(s.value));
export const clipLabel = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS)}…` : text);
export const colorOf = (s: Series, i: number) => (s.other ? OTHER_COLOR : SERIES_COLORS[i % SERIES_COLORS.length]!);

const indexOf = (state: MouseHandlerDataParam): number | null => {
  const index = Number(state.activeTooltipIndex ?? state.activeIndex);
  return Number.isInteger(index) ? index : null;
};

interface VolumePlotProps {
  volume: Volume;
  /** The bucket under the pointer when the button goes down, and each bucket it moves over. */
  onPress: (index: number) => void;
  onHover: (index: number) => void;
}

/**
 * The stacked bars and the error line. Memoized: a drag redraws only the range laid over it,
 * since redrawing a few hundred bars on every mouse move made dragging lag by seconds.
 */
export const VolumePlot = memo(function VolumePlot({ volume, onPress, onHover }: VolumePlotProps) {
  const data = volume.buckets.map((b, index) => ({
    index,
    start: b.start,
    errors: b.errors > 0 ? b.errors : null,
    ...Object.fromEntries(b.counts.map((n, s) => [`s${s}`, n])),
  }));
  const [first, last] = [volume.buckets[0]!.start, volume.buckets[volume.buckets.length - 1]!.start];
  const span = { days: first.slice(0, 10) !== last.slice(0, 10), years: first.slice(0, 4) !== last.slice(0, 4) };
  const at = (handler: (index: number) => void) => (state: MouseHandlerDataParam) => {
    const index = indexOf(state);
    if (index !== null) handler(index);
  };
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={MARGIN} barCategoryGap={1} onMouseDown={at(onPress)} onMouseMove={at(onHover)}>
        <CartesianGrid vertical={false} strokeOpacity={0.25} />
        <XAxis
          dataKey="start"
          height={X_AXIS_HEIGHT}
          tickFormatter={(v: string) => bucketLabel(v, volume.bucket_seconds, span)}
          interval={Math.ceil(data.length / AXIS_TICKS) - 1}
          tick={{ fontSize: 11 }}
        />
        <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} tick={{ fontSize: 11 }} />
        <Tooltip content={<BucketTooltip volume={volume} />} isAnimationActive={false} />
        {volume.series.map((s, i) => (
          <Bar key={i} dataKey={`s${i}`} stackId="volume" fill={colorOf(s, i)} isAnimationActive={false} />
        ))}
        <Line
          dataKey="errors"
          stroke={ERROR_COLOR}
          strokeWidth={2}
          dot={{ r: 3.5, fill: ERROR_COLOR }}
          isAnimationActive={false}
          connectNulls={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
});

interface BucketTooltipProps {
  volume: Volume;
  active?: boolean;
  label?: string | number;
}

/** The bucket under the pointer: its span and each series' count, as text. */
function BucketTooltip({ volume, active, label }: BucketTooltipProps) {
  const bucket = active ? volume.buckets.find((b) => b.start === label) : undefined;
  if (!bucket) return null;
  const rows = volume.series.map((s, i) => ({ s, i, n: bucket.counts[i] ?? 0 })).filter((r) => r.n > 0);
  const end = bucketEnd(bucket.start, volume.bucket_seconds);
  return (
    <div className="chart-tooltip">
      <div className="mono">
        {shownTime(bucket.start)} –{' '}
        {end.slice(0, 10) === bucket.start.slice(0, 10) ? end.slice(11, 19) : shownTime(end)} UTC
      </div>
      {rows.map(({ s, i, n }) => (
        <div key={i} className="tooltip-row">
          <span className="swatch" style={{ background: colorOf(s, i) }} /> {clipLabel(seriesLabel(s))}{' '}
          <b>{count(n)}</b>
        </div>
      ))}
      {bucket.errors > 0 && <div className="error">errors {count(bucket.errors)}</div>}
    </div>
  );
}
