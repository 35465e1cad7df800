import { useCallback, useEffect, useRef, useState } from 'react';
import type { QuerySort } from '../../../shared/model/query.ts';
import { useApi } from '../../api/use-api.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { useViewState } from '../../app/view-state.tsx';
import { ExportButtons } from './ExportButtons.tsx';
import { QueryFinding } from './QueryFinding.tsx';
import { QueryShelf } from './QueryShelf.tsx';
import { ResultGrid } from './ResultGrid.tsx';
import { RunStatus } from './RunStatus.tsx';
import { SaveQuery } from './SaveQuery.tsx';
import { type EditorHandle, SqlEditor } from './SqlEditor.tsx';
import { type QueryOrigin, useQueryRun } from './use-query-run.ts';

const FIRST_QUERY = `-- Ctrl+Enter runs. Several statements may run; the last one's rows are shown.
SELECT event_time, event_source, event_name, identity_arn, source_ip, error_code
FROM events
ORDER BY event_time DESC`;

/** A query sent from another view: written into the editor, and run when `run` is true. */
export interface ConsoleRequest {
  sql: string;
  run: boolean;
  /** Tells two sends of the same text apart: each is carried out once. */
  id: string;
}

/** DuckDB SQL over the case, with results of any size, a library of hunts, and exports. */
export function ConsoleView() {
  const editor = useRef<EditorHandle | null>(null);
  const navigation = useNavigation();
  const [text, setText] = useViewState('console.sql', FIRST_QUERY);
  const [request, setRequest] = useViewState<ConsoleRequest | null>('console.request', null);
  // The hunt or saved query last put in the editor: a finding made of it takes its name.
  const [origin, setOrigin] = useViewState<QueryOrigin | null>('console.origin', null);
  // Without the schema the editor still works, completing SQL keywords only.
  const schema = useApi('query:describe-schema', {}).data;
  const [sort, setSort] = useViewState<QuerySort | null>('console.sort', null);
  const { state, settled, runner } = useQueryRun();
  // Bumped when a query is saved, so the shelf lists it.
  const [saves, setSaves] = useState(0);

  const start = useCallback(() => {
    setSort(null);
    runner.run(editor.current?.text() ?? text, origin);
  }, [runner, text, origin, setSort]);

  const load = useCallback(
    (sql: string, runNow: boolean, named: QueryOrigin | null) => {
      editor.current?.setText(sql);
      setOrigin(named);
      if (runNow) {
        setSort(null);
        runner.run(sql, named);
      }
    },
    [runner, setOrigin, setSort],
  );

  useEffect(() => {
    if (!request) return;
    setRequest(null);
    load(request.sql, request.run, null);
  }, [request, setRequest, load]);

  useEffect(() => {
    if (state.status === 'failed' && state.line !== null) editor.current?.goTo(state.line);
  }, [state]);

  return (
    <div className="console-view">
      <QueryShelf refreshKey={`${settled}/${saves}`} onPick={load} />
      <section className="console-main" aria-label="SQL console">
        <SqlEditor
          initial={text}
          schema={schema}
          onRun={start}
          onChange={setText}
          handle={(h) => (editor.current = h)}
        />
        <div className="console-toolbar">
          <button
            type="button"
            onClick={start}
            disabled={state.status === 'running'}
            title="Ctrl+Enter (⌘+Enter on a Mac)"
          >
            Run
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => runner.cancel()}
            disabled={!(state.status === 'running' || (state.status === 'done' && state.run.total === null))}
          >
            Cancel
          </button>
          <RunStatus state={state} />
          <span className="spacer" />
          <SaveQuery sql={text} onSaved={() => setSaves((n) => n + 1)} />
          {state.status === 'done' && <ExportButtons queryId={state.run.query_id} sort={sort} />}
          {state.status === 'done' && <QueryFinding sql={state.sql} rows={state.run.total} origin={state.origin} />}
        </div>
        {state.status === 'failed' && (
          <pre className={`query-error ${state.cancelled ? 'muted' : 'error'}`} role="alert">
            {state.message}
          </pre>
        )}
        {state.status === 'done' && (
          <ResultGrid
            run={state.run}
            sort={sort}
            onSort={setSort}
            onExplore={navigation.explore}
            onRunAgain={() => runner.run(state.sql, state.origin)}
          />
        )}
      </section>
    </div>
  );
}
