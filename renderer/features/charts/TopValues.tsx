import { useRef } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES_COLORS } from '../../../shared/chart-palette.ts';
import type { ExploreFilter, FacetDimension } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { clipApart } from '../../components/clip-apart.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count, plural } from '../../components/numbers.ts';
import { NO_VALUE } from '../../filter/field-label.ts';
import { noEventsText } from './no-events.ts';
import { useWidth } from './use-width.ts';

const TOP = 10;
/**
 * The labels take this share of the panel's width, at 6.8 px a character of 11 px type (digits
 * and capitals are wider than the average), less the tick mark's 12 px.
 */
const TICK_SHARE = 0.65;
const TICK_CHAR_PX = 6.8;
const TICK_MARK_PX = 12;
/** Before the panel is measured: an IP or an access key whole, an ARN cut where it differs from the others. */
const TICK_WIDTH = 230;
const TOOLTIP_CHARS = 160;
const BAR_HEIGHT = 22;

interface TopValuesProps {
  filter: ExploreFilter;
  dimension: FacetDimension;
  title: string;
  onToggle: (dimension: FacetDimension, value: string | null) => void;
}

interface TickProps {
  x?: number;
  y?: number;
  payload?: { value: string };
}

/** The ten most frequent values of one dimension among the filtered events; a click on a bar filters on it. */
export function TopValues({ filter, dimension, title, onToggle }: TopValuesProps) {
  const answer = useApi('explore:rank-values', { filter, dimension, limit: TOP }, { keepPrevious: true });
  const panel = useRef<HTMLElement>(null);
  const width = useWidth(panel);
  // At 1920 px an ARN shows whole; at 1280 px it is cut where it differs from the others.
  const tickWidth = width ? Math.round(width * TICK_SHARE) : TICK_WIDTH;
  // A failed request shows its error alone, not the values of the filter before.
  const top = answer.error ? null : answer.data;

  const data =
    top?.values.map((v) => ({ label: v.value === null ? NO_VALUE : visibleText(v.value), count: v.count })) ?? [];
  const ticks = new Map(
    clipApart(
      data.map((d) => d.label),
      Math.floor((tickWidth - TICK_MARK_PX) / TICK_CHAR_PX),
    ).map((shown, i) => [data[i]!.label, shown]),
  );
  const Tick = ({ x = 0, y = 0, payload }: TickProps) => (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={11} fill="currentColor">
      <title>{payload?.value}</title>
      {ticks.get(payload?.value ?? '') ?? payload?.value}
    </text>
  );
  return (
    <section className="top-values panel" aria-label={title} data-testid={`top-${dimension}`} ref={panel}>
      <h3>
        {title} {top && <span className="muted small">of {plural(top.total, 'event', 'events')}</span>}
      </h3>
      {answer.error && (
        <p className="error" role="alert">
          {answer.error}
        </p>
      )}
      {top && data.length === 0 && <p className="empty-state">{noEventsText(filter)}</p>}
      {data.length > 0 && (
        <div style={{ height: data.length * BAR_HEIGHT + 24 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="label" width={tickWidth} interval={0} tick={<Tick />} />
              <Tooltip
                isAnimationActive={false}
                cursor={{ fillOpacity: 0.1 }}
                labelFormatter={(label) => middleClip(String(label), TOOLTIP_CHARS)}
                formatter={(n) => [count(Number(n)), 'events']}
                contentStyle={{ maxWidth: 420, whiteSpace: 'normal', overflowWrap: 'anywhere' }}
              />
              <Bar
                dataKey="count"
                fill={SERIES_COLORS[0]}
                minPointSize={2}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(_, index) => top && onToggle(dimension, top.values[index]?.value ?? null)}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
