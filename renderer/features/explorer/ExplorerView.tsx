import { useCallback, useState } from 'react';
import type { ExploreFilter, FilterField } from '../../../shared/model/explore.ts';
import { useViewState } from '../../app/view-state.tsx';
import { FilterBar, rangeProblem } from '../../filter/FilterBar.tsx';
import { pivotTo, toggleExcluded, toggleValue, withRange, withText } from '../../filter/filter-edits.ts';
import { VolumeChart } from '../charts/VolumeChart.tsx';
import { EventList } from './EventList.tsx';
import { FacetList } from './FacetList.tsx';
import { RecordPanel } from './RecordPanel.tsx';

interface ExplorerViewProps {
  filter: ExploreFilter;
  onFilter: (filter: ExploreFilter) => void;
}

/** Facets, the volume chart, every matching event, and the one opened: the case narrowed step by step. */
export function ExplorerView({ filter, onFilter }: ExplorerViewProps) {
  const [selected, setSelected] = useViewState<string | null>('explorer.selected', null);
  // Bookmarks made here since the list's rows were fetched: the star shows without fetching them again.
  const [bookmarks, setBookmarks] = useState<ReadonlyMap<string, boolean>>(new Map());
  const toggle = (field: FilterField, value: string | null) => onFilter(toggleValue(filter, field, value));
  const exclude = (field: FilterField, value: string | null) => onFilter(toggleExcluded(filter, field, value));
  const onRange = useCallback((from: string, to: string) => onFilter(withRange(filter, from, to)), [filter, onFilter]);
  const onBookmark = useCallback((key: string, on: boolean) => setBookmarks((old) => new Map(old).set(key, on)), []);
  const problem = rangeProblem(filter);

  return (
    <div className={`explorer ${selected ? 'with-record' : ''}`}>
      <aside className="facets panel" aria-label="Facets">
        {!problem && <FacetList filter={filter} onToggle={toggle} onExclude={exclude} />}
      </aside>
      <section className="explorer-main">
        <FilterBar filter={filter} onFilter={onFilter} />
        {problem ? (
          <p className="error" role="alert">
            {problem}
          </p>
        ) : (
          <>
            <div className="panel chart-panel">
              <VolumeChart filter={filter} onRange={onRange} onToggle={toggle} height={140} />
            </div>
            <EventList filter={filter} selected={selected} onSelect={setSelected} bookmarks={bookmarks} />
          </>
        )}
      </section>
      {selected && (
        <RecordPanel
          key={selected}
          eventKey={selected}
          onClose={() => setSelected(null)}
          onFilter={(field, value) => onFilter(toggleValue(filter, field, value))}
          onExclude={(field, value) => onFilter(toggleExcluded(filter, field, value))}
          onPivot={(field, value) => onFilter(pivotTo(field, value))}
          onRange={onRange}
          onSearch={(text) => onFilter(withText(filter, text))}
          onBookmark={onBookmark}
        />
      )}
    </div>
  );
}
