import { useState } from 'react';
import { attackTechnique } from '../../../shared/attack-techniques.ts';
import type { Detection } from '../../../shared/model/detection.ts';
import type { SavedQuery } from '../../../shared/model/query.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { useTimeFormat } from '../../components/time-zone.ts';

type Shelf = 'hunts' | 'saved' | 'history';

interface QueryShelfProps {
  /** Changes after every run and save, so the saved list and the history are read again. */
  refreshKey: number;
  onPick: (sql: string, runNow: boolean) => void;
}

/** The technique's name, for a tooltip and the filter; an id the catalogue lacks names nothing. */
const techniqueName = (id: string) => attackTechnique(id)?.name ?? '';

/** A rule matches the filter by its words, its id, its family and its techniques' ids and names. */
const huntTexts = (h: Detection) => [
  h.id,
  h.title,
  h.description,
  h.family,
  ...h.attack,
  ...h.attack.map(techniqueName),
];

/** The pack's rules as hunts, the case's saved queries and its query history, each one click from the editor. */
export function QueryShelf({ refreshKey, onPick }: QueryShelfProps) {
  const time = useTimeFormat();
  const [shelf, setShelf] = useState<Shelf>('hunts');
  const [filter, setFilter] = useState('');
  const huntList = useApi('query:list-hunts', {});
  const savedList = useApi('query:list-saved', {}, { version: refreshKey, keepPrevious: true });
  const historyList = useApi('query:list-history', { limit: 200 }, { version: refreshKey, keepPrevious: true });
  const deletion = useApiCall();
  const hunts = huntList.data ?? [];
  const saved = savedList.data ?? [];
  const history = historyList.data ?? [];
  const problem = deletion.error ?? huntList.error ?? savedList.error ?? historyList.error;

  const needle = filter.trim().toLowerCase();
  const matches = (...texts: (string | null)[]) => !needle || texts.some((t) => t?.toLowerCase().includes(needle));
  const remove = (query: SavedQuery) =>
    deletion.run((client) => client.request('query:delete-saved', { query_id: query.query_id }), savedList.reload);

  const tab = (id: Shelf, label: string, n: number) => (
    <button
      type="button"
      role="tab"
      aria-selected={shelf === id}
      className={`nav ${shelf === id ? 'current' : ''}`}
      onClick={() => setShelf(id)}
    >
      {label} <span className="badge">{n}</span>
    </button>
  );

  return (
    <aside className="query-shelf panel" aria-label="Queries">
      <div role="tablist" className="views">
        {tab('hunts', 'Hunts', hunts.length)}
        {tab('saved', 'Saved', saved.length)}
        {tab('history', 'History', history.length)}
      </div>
      <input
        type="search"
        aria-label="Filter queries"
        placeholder="Filter…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {problem && (
        <p className="error small" role="alert">
          {problem}
        </p>
      )}
      <ul className="shelf-list">
        {shelf === 'hunts' &&
          hunts
            .filter((h) => matches(...huntTexts(h)))
            .map((hunt) => (
              <li key={hunt.id} className="shelf-item">
                <button
                  type="button"
                  className="shelf-pick"
                  onClick={() => onPick(hunt.sql, true)}
                  title="Run this hunt"
                >
                  <span className="shelf-title">{hunt.title}</span>
                  <span>
                    <span className={`severity-badge ${hunt.severity}`}>{hunt.severity}</span>
                    {hunt.attack[0] && (
                      <span className="badge" title={techniqueName(hunt.attack[0])}>
                        {hunt.attack[0]}
                      </span>
                    )}
                  </span>
                </button>
                <p className="small muted">{hunt.description}</p>
                <button type="button" className="link small" onClick={() => onPick(hunt.sql, false)}>
                  Open in editor
                </button>
              </li>
            ))}
        {shelf === 'saved' &&
          saved
            .filter((q) => matches(q.title, q.description, q.sql))
            .map((query) => (
              <li key={query.query_id} className="shelf-item">
                <button type="button" className="shelf-pick" onClick={() => onPick(query.sql, true)}>
                  <span className="shelf-title">{query.title}</span>
                </button>
                {query.description && <p className="small muted">{query.description}</p>}
                <button type="button" className="link small" onClick={() => onPick(query.sql, false)}>
                  Open in editor
                </button>{' '}
                <button type="button" className="link small" onClick={() => remove(query)}>
                  Delete
                </button>
              </li>
            ))}
        {shelf === 'history' &&
          history
            .filter((h) => matches(h.sql, h.error))
            .map((entry) => (
              <li key={entry.history_id} className="shelf-item">
                <button
                  type="button"
                  className="shelf-pick history"
                  onClick={() => onPick(entry.sql, false)}
                  title="Open in editor"
                >
                  <code className="shelf-sql">{entry.sql}</code>
                </button>
                <p className="small muted">
                  {time(entry.ran_at)} ·{' '}
                  {entry.error ? (
                    <span className="error">{entry.error.split('\n')[0]}</span>
                  ) : (
                    `${(entry.row_count ?? 0).toLocaleString('en-US')} rows, ${entry.duration_ms ?? '?'} ms`
                  )}
                </p>
              </li>
            ))}
      </ul>
    </aside>
  );
}
