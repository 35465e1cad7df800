import type { ExploreFilter, Facet, FacetDimension, FacetValue } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { useViewState } from '../../app/view-state.tsx';
import { MiddleFit } from '../../components/MiddleFit.tsx';
import { count, plural } from '../../components/numbers.ts';
import { useDebounced } from '../../components/use-debounced.ts';
import { fieldHint, fieldLabel, NO_VALUE } from '../../filter/field-label.ts';
import { filterKey } from '../../filter/filter-edits.ts';

const SHOWN = 8;
/** Values per page once a facet shows all of them. */
const PAGE = 50;

interface FacetListProps {
  filter: ExploreFilter;
  onToggle: (dimension: FacetDimension, value: string | null) => void;
  onExclude: (dimension: FacetDimension, value: string | null) => void;
}

/**
 * Every facet with its values' counts under the other filters: a click on a value chooses or
 * unchooses it, "≠" leaves its events out. A facet shows its top values, or all of them a page
 * at a time, searchable, for the rare ones that matter (a single StopLogging).
 */
export function FacetList({ filter, onToggle, onExclude }: FacetListProps) {
  const { data: facets, error: problem } = useApi(
    'explore:count-facets',
    { filter, limit: SHOWN },
    { keepPrevious: true },
  );

  if (problem)
    return (
      <p className="error" role="alert">
        {problem}
      </p>
    );
  if (!facets) return <p className="muted">Counting…</p>;
  return (
    <div className="facet-list">
      {facets.map((facet) => (
        <FacetBox
          key={facet.dimension}
          filter={filter}
          facet={facet}
          onToggle={(value) => onToggle(facet.dimension, value)}
          onExclude={(value) => onExclude(facet.dimension, value)}
        />
      ))}
    </div>
  );
}

interface FacetBoxProps {
  filter: ExploreFilter;
  facet: Facet;
  onToggle: (value: string | null) => void;
  onExclude: (value: string | null) => void;
}

function FacetBox({ filter, facet, onToggle, onExclude }: FacetBoxProps) {
  const { dimension } = facet;
  const label = fieldLabel(dimension);
  // Kept with the view: a facet opened to all its values, and its search, are still there on return.
  const [all, setAll] = useViewState(`explorer.facet.${dimension}.all`, false);
  const [search, setSearch] = useViewState(`explorer.facet.${dimension}.search`, '');
  // Waits for a pause in typing, so each keystroke does not count the whole case again.
  const typed = useDebounced(search.trim(), 250);
  // A page belongs to the values it was turned in: other filters or another search start at the first.
  const listKey = `${filterKey(filter)} ${typed}`;
  const [paging, setPaging] = useViewState(`explorer.facet.${dimension}.page`, { listKey, page: 0 });
  const page = paging.listKey === listKey ? paging.page : 0;
  const setPage = (next: number) => setPaging({ listKey, page: next });
  const listing = all || typed !== '';
  const paged = useApi(
    'explore:list-facet-values',
    listing ? { filter, dimension, offset: page * PAGE, limit: PAGE, ...(typed ? { contains: typed } : {}) } : null,
    { keepPrevious: true },
  );
  const listed = listing ? (paged.data?.dimension === dimension ? paged.data : null) : null;
  const values = listing ? (listed?.values ?? []) : facet.values;
  const max = Math.max(1, ...values.map((v) => v.count));

  return (
    <section className="facet" aria-label={label} data-testid={`facet-${dimension}`}>
      <h3 title={fieldHint(dimension)}>
        {label} <span className="muted small">{plural(facet.distinct, 'value', 'values')}</span>
      </h3>
      {(facet.distinct > SHOWN || search !== '') && (
        <input
          type="search"
          className="facet-search"
          placeholder={`Find ${label.toLowerCase()}…`}
          aria-label={`Find a value of ${label}`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      {listing && paged.error && (
        <p className="error small" role="alert">
          {paged.error}
        </p>
      )}
      <ul className={listing ? 'facet-all' : ''}>
        {values.map((v) => (
          <FacetValueRow
            key={v.value ?? '\u0000null'}
            label={label}
            value={v}
            max={max}
            onToggle={() => onToggle(v.value)}
            onExclude={() => onExclude(v.value)}
          />
        ))}
        {listing && !listed && !paged.error && <li className="muted small">Counting…</li>}
        {listed?.values.length === 0 && (
          <li className="muted small">{typed ? `No value holds “${typed}”.` : 'No values under these filters.'}</li>
        )}
      </ul>
      {listing && listed && (
        <Pager
          label={label}
          offset={listed.offset}
          shown={listed.values.length}
          matching={listed.matching}
          searched={typed !== ''}
          onPage={(delta) => setPage(page + delta)}
        />
      )}
      {facet.distinct > SHOWN && (
        <button
          type="button"
          className="link small facet-more"
          onClick={() => {
            setAll(!all);
            setPage(0);
          }}
        >
          {all ? `Show the top ${SHOWN}` : `Show all ${count(facet.distinct)} values`}
        </button>
      )}
    </section>
  );
}

function FacetValueRow({
  label,
  value: v,
  max,
  onToggle,
  onExclude,
}: {
  label: string;
  value: FacetValue;
  max: number;
  onToggle: () => void;
  onExclude: () => void;
}) {
  const text = v.value === null ? NO_VALUE : visibleText(v.value);
  return (
    <li className="facet-row">
      <button
        type="button"
        className={`facet-value ${v.selected ? 'chosen' : ''} ${v.excluded ? 'excluded' : ''}`}
        aria-pressed={v.selected}
        title={v.excluded ? `${text} (left out)` : text}
        onClick={onToggle}
      >
        <span className="facet-bar" style={{ width: `${(v.count / max) * 100}%` }} />
        <span className={`facet-text ${v.value === null ? 'no-value' : ''}`}>
          {v.value === null ? NO_VALUE : <MiddleFit text={v.value} />}
        </span>
        <span className="facet-count">{count(v.count)}</span>
      </button>
      <button
        type="button"
        className={`facet-exclude ${v.excluded ? 'on' : ''}`}
        aria-pressed={v.excluded}
        aria-label={`${v.excluded ? 'Stop excluding' : 'Exclude'} ${label} ${text}`}
        title={v.excluded ? 'Show the events with this value again' : 'Leave out the events with this value'}
        onClick={onExclude}
      >
        ≠
      </button>
    </li>
  );
}

function Pager({
  label,
  offset,
  shown,
  matching,
  searched,
  onPage,
}: {
  label: string;
  offset: number;
  shown: number;
  matching: number;
  searched: boolean;
  onPage: (delta: number) => void;
}) {
  if (matching <= PAGE && offset === 0) return null;
  return (
    <p className="facet-pager small" aria-label={`Pages of ${label}`}>
      <button type="button" className="link" disabled={offset === 0} onClick={() => onPage(-1)}>
        ‹ Previous
      </button>
      <span className="muted">
        {shown === 0 ? count(offset) : `${count(offset + 1)}–${count(offset + shown)}`} of{' '}
        {plural(matching, searched ? 'match' : 'value', searched ? 'matches' : 'values')}
      </span>
      <button type="button" className="link" disabled={offset + shown >= matching} onClick={() => onPage(1)}>
        Next ›
      </button>
    </p>
  );
}
