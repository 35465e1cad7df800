import { memo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ERROR_COLOR, OTHER_COLOR, SERIES_COLORS } from '../../../shared/chart-palette.ts';
import type { Volume, VolumeSeries } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count } from '../../components/numbers.ts';
import { NO_VALUE } from '../../filter/field-label.ts';
import { axisTicks, MARGIN, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './plot-geometry.ts';
import { bucketLabel, bucketSpan, spanOf } from './time-axis.ts';

/** A tooltip line holds an ARN whole; longer values are cut in the middle. */
const TOOLTIP_CHARS = 120;

export const seriesLabel = (s: VolumeSeries) =>
  s.other ? 'other' : s.value === null ? NO_VALUE : visibleText(s.value);
export const colorOf = (s: VolumeSeries, i: number) =>
  s.other ? OTHER_COLOR : SERIES_COLORS[i % SERIES_COLORS.length]!;

interface VolumePlotProps {
  volume: Volume;
  /** The chart's width in pixels, to space the time labels; 0 when not known. */
  width?: number;
}

/**
 * The stacked bars and the error line. Memoized: a drag redraws only the range laid over it,
 * since redrawing a few hundred bars on every pointer move made dragging lag by seconds.
 */
export const VolumePlot = memo(function VolumePlot({ volume, width = 0 }: VolumePlotProps) {
  const data = volume.buckets.map((b, index) => ({
    index,
    start: b.start,
    errors: b.errors > 0 ? b.errors : null,
    ...Object.fromEntries(b.counts.map((n, s) => [`s${s}`, n])),
  }));
  const span = spanOf(volume.buckets[0]!.start, volume.buckets[volume.buckets.length - 1]!.start);
  const label = (iso: string) => bucketLabel(iso, volume.bucket_seconds, span);
  const ticks = axisTicks(width, label(volume.buckets[0]!.start).length);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={MARGIN} barCategoryGap={1}>
        <CartesianGrid vertical={false} strokeOpacity={0.25} />
        <XAxis
          dataKey="start"
          height={X_AXIS_HEIGHT}
          tickFormatter={label}
          interval={Math.max(0, Math.ceil(data.length / ticks) - 1)}
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
  return (
    <div className="chart-tooltip">
      <div className="mono">{bucketSpan(bucket.start, volume.bucket_seconds)} UTC</div>
      {rows.map(({ s, i, n }) => (
        <div key={i} className="tooltip-row">
          <span className="swatch" style={{ background: colorOf(s, i) }} />
          <span className="tooltip-value">{middleClip(seriesLabel(s), TOOLTIP_CHARS)}</span> <b>{count(n)}</b>
        </div>
      ))}
      {bucket.errors > 0 && <div className="error">errors {count(bucket.errors)}</div>}
    </div>
  );
}
