import { useEffect, useState } from 'react';
import type { ExploreFilter, Facet, FacetDimension, ValueCount } from '../../../shared/model/explore.ts';
import type { ApiClient } from '../../api/client.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { isChosen } from './filter-edits.ts';
import { NO_VALUE, count, errorText, fieldLabel } from './format.ts';

const SHOWN = 8;
const FOUND = 20;
const VALUE_CHARS = 28;

interface FacetListProps {
  client: ApiClient;
  filter: ExploreFilter;
  onToggle: (dimension: FacetDimension, value: string | null) => void;
}

/** Every facet with its values' counts under the other filters; a click chooses or unchooses a value. */
export function FacetList({ client, filter, onToggle }: FacetListProps) {
  const [facets, setFacets] = useState<Facet[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.request('explore:facets', { filter, limit: SHOWN }).then(
      (value) => live && (setFacets(value), setProblem(null)),
      (e: unknown) => live && setProblem(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, filter]);

  if (problem) return <p className="error" role="alert">{problem}</p>;
  if (!facets) return <p className="muted">Counting…</p>;
  return (
    <div className="facet-list">
      {facets.map((facet) => (
        <FacetBox key={facet.dimension} client={client} filter={filter} facet={facet} onToggle={(value) => onToggle(facet.dimension, value)} />
      ))}
    </div>
  );
}

function FacetBox({ client, filter, facet, onToggle }: { client: ApiClient; filter: ExploreFilter; facet: Facet; onToggle: (value: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ValueCount[] | null>(null);
  const label = fieldLabel(facet.dimension);

  useEffect(() => {
    setFound(null);
    if (search.trim() === '') return;
    let live = true;
    // Waits for a pause in typing, so each keystroke does not count the whole case again.
    const timer = setTimeout(() => {
      const { [facet.dimension]: _own, ...others } = filter.fields ?? {};
      client.request('explore:top', { filter: { ...filter, fields: others }, dimension: facet.dimension, limit: FOUND, contains: search.trim() }).then(
        (top) => live && setFound(top.values),
        () => live && setFound([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, filter, facet.dimension, search]);

  const values = found ? found.map((v) => ({ ...v, selected: isChosen(filter, facet.dimension, v.value) })) : facet.values;
  const max = Math.max(1, ...values.map((v) => v.count));
  return (
    <section className="facet" aria-label={label} data-testid={`facet-${facet.dimension}`}>
      <h3>
        {label} <span className="muted small">{count(facet.distinct)} {facet.distinct === 1 ? 'value' : 'values'}</span>
      </h3>
      {facet.distinct > SHOWN && (
        <input type="search" className="facet-search" placeholder={`Find ${label.toLowerCase()}…`} aria-label={`Find a value of ${label}`} value={search} onChange={(e) => setSearch(e.target.value)} />
      )}
      <ul>
        {values.map((v) => (
          <li key={v.value ?? '\u0000null'}>
            <button type="button" className={`facet-value ${v.selected ? 'chosen' : ''}`} aria-pressed={v.selected} title={v.value === null ? NO_VALUE : visibleText(v.value)} onClick={() => onToggle(v.value)}>
              <span className="facet-bar" style={{ width: `${(v.count / max) * 100}%` }} />
              <span className={`facet-text ${v.value === null ? 'no-value' : ''}`}>{v.value === null ? NO_VALUE : middleClip(visibleText(v.value), VALUE_CHARS)}</span>
              <span className="facet-count">{count(v.count)}</span>
            </button>
          </li>
        ))}
        {found?.length === 0 && <li className="muted small">No value holds “{search}”.</li>}
      </ul>
    </section>
  );
}
