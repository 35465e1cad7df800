import { useState } from 'react';
import type { ExploreFilter, Facet, FacetDimension } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count } from '../../components/numbers.ts';
import { useDebounced } from '../../components/use-debounced.ts';
import { fieldHint, fieldLabel, NO_VALUE } from '../../filter/field-label.ts';
import { isChosen } from '../../filter/filter-edits.ts';

const SHOWN = 8;
const FOUND = 20;
const VALUE_CHARS = 28;

interface FacetListProps {
  filter: ExploreFilter;
  onToggle: (dimension: FacetDimension, value: string | null) => void;
}

/** Every facet with its values' counts under the other filters; a click chooses or unchooses a value. */
export function FacetList({ filter, onToggle }: FacetListProps) {
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
        />
      ))}
    </div>
  );
}

function FacetBox({
  filter,
  facet,
  onToggle,
}: {
  filter: ExploreFilter;
  facet: Facet;
  onToggle: (value: string | null) => void;
}) {
  const [search, setSearch] = useState('');
  // Waits for a pause in typing, so each keystroke does not count the whole case again.
  const typed = useDebounced(search.trim(), 250);
  const label = fieldLabel(facet.dimension);
  const { [facet.dimension]: _own, ...others } = filter.fields ?? {};
  const searched = useApi(
    'explore:rank-values',
    typed ? { filter: { ...filter, fields: others }, dimension: facet.dimension, limit: FOUND, contains: typed } : null,
  );
  // A failed search finds nothing; until the one for the text as typed answers, the facet's own values show.
  const found = typed && typed === search.trim() ? (searched.error ? [] : (searched.data?.values ?? null)) : null;

  const values = found
    ? found.map((v) => ({ ...v, selected: isChosen(filter, facet.dimension, v.value) }))
    : facet.values;
  const max = Math.max(1, ...values.map((v) => v.count));
  return (
    <section className="facet" aria-label={label} data-testid={`facet-${facet.dimension}`}>
      <h3 title={fieldHint(facet.dimension)}>
        {label}{' '}
        <span className="muted small">
          {count(facet.distinct)} {facet.distinct === 1 ? 'value' : 'values'}
        </span>
      </h3>
      {facet.distinct > SHOWN && (
        <input
          type="search"
          className="facet-search"
          placeholder={`Find ${label.toLowerCase()}…`}
          aria-label={`Find a value of ${label}`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      <ul>
        {values.map((v) => (
          <li key={v.value ?? '\u0000null'}>
            <button
              type="button"
              className={`facet-value ${v.selected ? 'chosen' : ''}`}
              aria-pressed={v.selected}
              title={v.value === null ? NO_VALUE : visibleText(v.value)}
              onClick={() => onToggle(v.value)}
            >
              <span className="facet-bar" style={{ width: `${(v.count / max) * 100}%` }} />
              <span className={`facet-text ${v.value === null ? 'no-value' : ''}`}>
                {v.value === null ? NO_VALUE : middleClip(visibleText(v.value), VALUE_CHARS)}
              </span>
              <span className="facet-count">{count(v.count)}</span>
            </button>
          </li>
        ))}
        {found?.length === 0 && <li className="muted small">No value holds “{search}”.</li>}
      </ul>
    </section>
  );
}
