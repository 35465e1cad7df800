import type { ExploreFilter } from '../../shared/model/explore.ts';
import { ActiveFilters } from './ActiveFilters.tsx';
import {
  toggleExcluded,
  toggleValue,
  withoutDetection,
  withoutEventKeys,
  withoutSources,
  withRange,
  withText,
} from './filter-edits.ts';
import { SearchBox } from './SearchBox.tsx';
import { TimeRange } from './TimeRange.tsx';

/** The filter the explorer and the charts share: a search, the time range, bookmarked only, and the values chosen or excluded. */
export function FilterBar({ filter, onFilter }: { filter: ExploreFilter; onFilter: (filter: ExploreFilter) => void }) {
  return (
    <div className="filter-bar">
      <div className="filter-row">
        <SearchBox text={filter.text ?? ''} onSearch={(text) => onFilter(withText(filter, text))} />
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
        onRemoveExcluded={(field, value) => onFilter(toggleExcluded(filter, field, value))}
        onRemoveText={() => onFilter(withText(filter, ''))}
        onShowAll={() => onFilter({ ...filter, bookmarked: false })}
        onRemoveSources={() => onFilter(withoutSources(filter))}
        onRemoveDetection={() => onFilter(withoutDetection(filter))}
        onRemoveEventKeys={() => onFilter(withoutEventKeys(filter))}
        onClear={() => onFilter(withRange({}, filter.from, filter.to))}
      />
    </div>
  );
}

/** A range that ends before it starts selects nothing; the views say so instead of asking. */
export const rangeProblem = (filter: ExploreFilter) =>
  filter.from && filter.to && filter.from >= filter.to ? 'The time range ends before it starts.' : null;
