import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES_COLORS } from '../../../shared/chart-palette.ts';
import type { ExploreFilter, FacetDimension } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { plural } from '../../components/numbers.ts';
import { NO_VALUE } from '../../filter/field-label.ts';

const TOP = 10;
const TICK_CHARS = 30;
const BAR_HEIGHT = 22;

interface TopValuesProps {
  filter: ExploreFilter;
  dimension: FacetDimension;
  title: string;
  onToggle: (dimension: FacetDimension, value: string | null) => void;
}

/** The ten most frequent values of one dimension among the filtered events; a click on a bar filters on it. */
export function TopValues({ filter, dimension, title, onToggle }: TopValuesProps) {
  const { data: top, error: problem } = useApi(
    'explore:rank-values',
    { filter, dimension, limit: TOP },
    { keepPrevious: true },
  );

  const data =
    top?.values.map((v) => ({ label: v.value === null ? NO_VALUE : visibleText(v.value), count: v.count })) ?? [];
  return (
    <section className="top-values panel" aria-label={title} data-testid={`top-${dimension}`}>
      <h3>
        {title} {top && <span className="muted small">of {plural(top.total, 'event', 'events')}</span>}
      </h3>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {top && data.length === 0 && <p className="muted">No events.</p>}
      {data.length > 0 && (
        <div style={{ height: data.length * BAR_HEIGHT + 24 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
              <YAxis
                type="category"
                dataKey="label"
                width={210}
                interval={0}
                tick={{ fontSize: 11 }}
                tickFormatter={(v: string) => middleClip(v, TICK_CHARS)}
              />
              <Tooltip isAnimationActive={false} cursor={{ fillOpacity: 0.1 }} />
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
