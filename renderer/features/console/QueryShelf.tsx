import { useState } from 'react';
import { attackTechnique } from '../../../shared/attack-techniques.ts';
import type { Detection, DetectionResult } from '../../../shared/model/detection.ts';
import type { SavedQuery } from '../../../shared/model/query.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { useDetectJobs } from '../detections/use-detect-jobs.ts';
import type { QueryOrigin } from './query-runner.ts';
import { sqlPreview, sqlTitle } from './sql-preview.ts';

type Shelf = 'hunts' | 'saved' | 'history';

interface QueryShelfProps {
  /** Changes after every run and save, so the saved list and the history are read again. */
  refreshKey: number | string;
  /** `origin` names the query when it is a hunt or a saved query. */
  onPick: (sql: string, runNow: boolean, origin: QueryOrigin | null) => void;
}

const NAMES: Record<Shelf, string> = { hunts: 'hunt', saved: 'saved query', history: 'query of the history' };
const EMPTY: Record<Shelf, string> = {
  hunts: 'No hunts.',
  saved: 'No saved queries yet: “Save…” keeps the query in the editor under a title.',
  history: 'No query has been run on this case yet.',
};

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

const huntOrigin = (hunt: Detection): QueryOrigin => ({
  sql: hunt.sql,
  title: hunt.title,
  severity: hunt.severity,
  attack: hunt.attack,
  description: hunt.description,
});

const savedOrigin = (query: SavedQuery): QueryOrigin => ({
  sql: query.sql,
  title: query.title,
  ...(query.description ? { description: query.description } : {}),
});

/** A hunt's hits in this case, as the detections run after the last ingest counted them. */
function HitCount({ result, counting }: { result: DetectionResult | null | undefined; counting: boolean }) {
  if (result === undefined) return null;
  if (result === null)
    return (
      <span className="hit-count muted" title="Detections have not run on this case since this rule was added.">
        {counting ? 'counting…' : 'not run'}
      </span>
    );
  if (result.error)
    return (
      <span className="hit-count error" title={result.error}>
        failed
      </span>
    );
  return (
    <span
      className={`hit-count ${result.hit_total > 0 ? 'hits' : 'muted'}`}
      title={`Rows this hunt returns in the case, counted by the detections run after the last ingest${counting ? '; a new run is counting them again' : ''}.`}
    >
      {result.hit_total > 0 ? plural(result.hit_total, 'hit', 'hits') : 'no hits'}
    </span>
  );
}

/** The pack's rules as hunts, the case's saved queries and its query history, each one click from the editor. */
export function QueryShelf({ refreshKey, onPick }: QueryShelfProps) {
  const time = useTimeFormat();
  const [shelf, setShelf] = useState<Shelf>('hunts');
  const [filter, setFilter] = useState('');
  const huntList = useApi('query:list-hunts', {});
  // The pack runs after every ingest and stores what each rule found: the counts are read, never recomputed here.
  const detectJobs = useDetectJobs();
  const overview = useApi('detect:overview', {}, { version: detectJobs.finished, keepPrevious: true });
  const results = new Map(overview.data?.rules.map((rule) => [rule.detection.id, rule.result]));
  const counting = detectJobs.running.size > 0;
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

  const lists = { hunts: huntList, saved: savedList, history: historyList };
  const shown = {
    hunts: () => hunts.filter((h) => matches(...huntTexts(h))).length,
    saved: () => saved.filter((q) => matches(q.title, q.description, q.sql)).length,
    history: () => history.filter((h) => matches(h.sql, h.error)).length,
  }[shelf]();

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
        {shown === 0 && lists[shelf].data !== null && (
          <li className="shelf-empty muted small">
            {needle ? `No ${NAMES[shelf]} matches this filter.` : EMPTY[shelf]}
          </li>
        )}
        {shelf === 'hunts' &&
          hunts
            .filter((h) => matches(...huntTexts(h)))
            .map((hunt) => (
              <li key={hunt.id} className="shelf-item">
                <button
                  type="button"
                  className="shelf-pick hunt"
                  onClick={() => onPick(hunt.sql, true, huntOrigin(hunt))}
                  title="Run this hunt"
                >
                  <span className="shelf-title">{hunt.title}</span>
                  <span className="shelf-badges">
                    <HitCount result={overview.data ? (results.get(hunt.id) ?? null) : undefined} counting={counting} />
                    <span className={`severity-badge ${hunt.severity}`}>{hunt.severity}</span>
                    {hunt.attack[0] && (
                      <span className="badge" title={techniqueName(hunt.attack[0])}>
                        {hunt.attack[0]}
                      </span>
                    )}
                  </span>
                </button>
                <p className="small muted">{hunt.description}</p>
                <button type="button" className="link small" onClick={() => onPick(hunt.sql, false, huntOrigin(hunt))}>
                  Open in editor
                </button>
              </li>
            ))}
        {shelf === 'saved' &&
          saved
            .filter((q) => matches(q.title, q.description, q.sql))
            .map((query) => (
              <li key={query.query_id} className="shelf-item">
                <button
                  type="button"
                  className="shelf-pick"
                  onClick={() => onPick(query.sql, true, savedOrigin(query))}
                >
                  <span className="shelf-title">{query.title}</span>
                </button>
                {query.description && <p className="small muted">{query.description}</p>}
                <button
                  type="button"
                  className="link small"
                  onClick={() => onPick(query.sql, false, savedOrigin(query))}
                >
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
                  onClick={() => onPick(entry.sql, false, null)}
                  title={`Open in editor:\n${sqlTitle(entry.sql)}`}
                >
                  <code className="shelf-sql">{sqlPreview(entry.sql).text}</code>
                </button>
                <p className="small muted">
                  {time(entry.ran_at)} ·{' '}
                  {entry.error ? (
                    <span className="error">{entry.error.split('\n')[0]}</span>
                  ) : (
                    `${entry.row_count === null ? 'stopped at its row limit' : plural(entry.row_count, 'row', 'rows')}, ${entry.duration_ms ?? '?'} ms`
                  )}
                </p>
              </li>
            ))}
      </ul>
    </aside>
  );
}
