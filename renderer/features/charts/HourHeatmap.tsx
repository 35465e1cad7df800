import { HEAT_COLOR } from '../../../shared/chart-palette.ts';
import type { ExploreFilter } from '../../../shared/model/explore.ts';
import { useApi } from '../../api/use-api.ts';
import { plural } from '../../components/numbers.ts';
import { noEventsText } from './no-events.ts';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CELL_W = 26;
const CELL_H = 20;
const LEFT = 36;
const TOP = 16;

/** Events by hour of day and day of week, UTC: work that happens at 3 a.m. on a Sunday stands out. */
export function HourHeatmap({ filter }: { filter: ExploreFilter }) {
  const answer = useApi('explore:chart-heatmap', { filter }, { keepPrevious: true });
  // A failed request shows its error alone, not the map of the filter before.
  const map = answer.error ? null : answer.data;

  const max = Math.max(1, ...(map?.cells.flat() ?? []));
  return (
    <section className="heatmap panel" aria-label="Hour of day by day of week" data-testid="heatmap">
      <h3>
        Hour of day × day of week{' '}
        <span className="muted small">UTC{map && `, ${plural(map.total, 'event', 'events')}`}</span>
      </h3>
      {answer.error && (
        <p className="error" role="alert">
          {answer.error}
        </p>
      )}
      {map?.total === 0 && <p className="empty-state">{noEventsText(filter)}</p>}
      {map && map.total > 0 && (
        <svg
          width={LEFT + 24 * CELL_W}
          height={TOP + 7 * CELL_H}
          role="img"
          aria-label="Heat map of events by hour and weekday"
        >
          {Array.from({ length: 24 }, (_, hour) =>
            hour % 3 === 0 ? (
              <text key={hour} x={LEFT + hour * CELL_W + CELL_W / 2} y={11} className="heat-label" textAnchor="middle">
                {String(hour).padStart(2, '0')}
              </text>
            ) : null,
          )}
          {map.cells.map((row, day) => (
            <g key={day}>
              <text x={0} y={TOP + day * CELL_H + CELL_H * 0.7} className="heat-label">
                {DAYS[day]}
              </text>
              {row.map((n, hour) => (
                <rect
                  key={hour}
                  x={LEFT + hour * CELL_W}
                  y={TOP + day * CELL_H}
                  width={CELL_W - 2}
                  height={CELL_H - 2}
                  rx={2}
                  fill={HEAT_COLOR}
                  fillOpacity={n === 0 ? 0.04 : 0.15 + 0.85 * (n / max)}
                  data-count={n}
                >
                  <title>{`${DAYS[day]} ${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00 UTC: ${plural(n, 'event', 'events')}`}</title>
                </rect>
              ))}
            </g>
          ))}
        </svg>
      )}
    </section>
  );
}
