import { useCallback } from 'react';
import type { ExploreFilter, FacetDimension, FilterField } from '../../../shared/model/explore.ts';
import { FilterBar, rangeProblem } from '../../filter/FilterBar.tsx';
import { toggleValue, withRange } from '../../filter/filter-edits.ts';
import { HourHeatmap } from './HourHeatmap.tsx';
import { TopValues } from './TopValues.tsx';
import { VolumeChart } from './VolumeChart.tsx';

interface ChartsViewProps {
  filter: ExploreFilter;
  onFilter: (filter: ExploreFilter) => void;
}

const TOPS: { dimension: FacetDimension; title: string }[] = [
  { dimension: 'principal', title: 'Top principals' },
  { dimension: 'source_ip', title: 'Top source IPs' },
  { dimension: 'event_name', title: 'Top event names' },
];

/** The filtered events at a glance: volume over time, who, from where, what, and when in the week. */
export function ChartsView({ filter, onFilter }: ChartsViewProps) {
  const toggle = (field: FilterField, value: string | null) => onFilter(toggleValue(filter, field, value));
  const onRange = useCallback((from: string, to: string) => onFilter(withRange(filter, from, to)), [filter, onFilter]);
  const problem = rangeProblem(filter);
  return (
    <div className="charts-view">
      <FilterBar filter={filter} onFilter={onFilter} />
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : (
        <>
          <div className="panel">
            <VolumeChart filter={filter} onRange={onRange} onToggle={toggle} height={260} detail />
          </div>
          <div className="top-grid">
            {TOPS.map(({ dimension, title }) => (
              <TopValues key={dimension} filter={filter} dimension={dimension} title={title} onToggle={toggle} />
            ))}
          </div>
          <HourHeatmap filter={filter} />
        </>
      )}
    </div>
  );
}
