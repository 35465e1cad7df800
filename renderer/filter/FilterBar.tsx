import type { ExploreFilter } from '../../shared/model/explore.ts';
import { ActiveFilters } from './ActiveFilters.tsx';
import { toggleValue, withoutDetection, withoutSources, withRange } from './filter-edits.ts';
import { TimeRange } from './TimeRange.tsx';

/** The filter the explorer and the charts share: time range, bookmarked only, and the values chosen. */
export function FilterBar({ filter, onFilter }: { filter: ExploreFilter; onFilter: (filter: ExploreFilter) => void }) {
  return (
    <div className="filter-bar">
      <div className="filter-row">
        <TimeRange filter={filter} onRange={(from, to) => onFilter(withRange(filter, from, to))} />
        <label className="small">
          <input
            type="checkbox"
            checked={filter.bookmarked ?? false}
            onChange={(e) => onFilter({ ...filter, bookmarked: e.target.checked })}
          />{' '}
          Bookmarked only
        </label>
      </div>
      <ActiveFilters
        filter={filter}
        onRemove={(field, value) => onFilter(toggleValue(filter, field, value))}
        onShowAll={() => onFilter({ ...filter, bookmarked: false })}
        onRemoveSources={() => onFilter(withoutSources(filter))}
        onRemoveDetection={() => onFilter(withoutDetection(filter))}
        onClear={() => onFilter(withRange({}, filter.from, filter.to))}
      />
    </div>
  );
}

/** A range that ends before it starts selects nothing; the views say so instead of asking. */
export const rangeProblem = (filter: ExploreFilter) =>
  filter.from && filter.to && filter.from >= filter.to ? 'The time range ends before it starts.' : null;
