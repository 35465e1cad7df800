import { useCallback, useEffect, useRef, useState } from 'react';
import type { QuerySort } from '../../../shared/model/query.ts';
import { useApi } from '../../api/use-api.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { QueryFinding } from './QueryFinding.tsx';
import { QueryShelf } from './QueryShelf.tsx';
import { ResultGrid } from './ResultGrid.tsx';
import { RunStatus } from './RunStatus.tsx';
import { SaveQuery } from './SaveQuery.tsx';
import { type EditorHandle, SqlEditor } from './SqlEditor.tsx';
import { useQueryRun } from './use-query-run.ts';

const FIRST_QUERY = `-- Ctrl+Enter runs. Several statements may run; the last one's rows are shown.
SELECT event_time, event_source, event_name, identity_arn, source_ip, error_code
FROM events
ORDER BY event_time DESC`;

/** DuckDB SQL over the case, with results of any size, a library of hunts, and exports. */
export function ConsoleView() {
  const editor = useRef<EditorHandle | null>(null);
  const [text, setText] = useState(FIRST_QUERY);
  // Without the schema the editor still works, completing SQL keywords only.
  const schema = useApi('query:describe-schema', {}).data;
  const [sort, setSort] = useState<QuerySort | null>(null);
  // Bumped when a run settles, so the history shows it.
  const [runs, setRuns] = useState(0);
  const settled = useCallback(() => setRuns((n) => n + 1), []);
  const { state, run, cancel } = useQueryRun(settled);

  const start = useCallback(() => {
    setSort(null);
    run(editor.current?.text() ?? text);
  }, [run, text]);

  const load = useCallback(
    (sql: string, runNow: boolean) => {
      editor.current?.setText(sql);
      if (runNow) {
        setSort(null);
        run(sql);
      }
    },
    [run],
  );

  useEffect(() => {
    if (state.status === 'failed' && state.line !== null) editor.current?.goTo(state.line);
  }, [state]);

  return (
    <div className="console-view">
      <QueryShelf refreshKey={runs} onPick={load} />
      <section className="console-main" aria-label="SQL console">
        <SqlEditor
          initial={FIRST_QUERY}
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
          <button type="button" className="secondary" onClick={cancel} disabled={state.status !== 'running'}>
            Cancel
          </button>
          <RunStatus state={state} />
          <span className="spacer" />
          <SaveQuery sql={text} onSaved={settled} />
          {state.status === 'done' && <ExportButtons queryId={state.run.query_id} sort={sort} />}
          {state.status === 'done' && <QueryFinding sql={state.sql} rows={state.run.total} />}
        </div>
        {state.status === 'failed' && (
          <pre className={`query-error ${state.cancelled ? 'muted' : 'error'}`} role="alert">
            {state.message}
          </pre>
        )}
        {state.status === 'done' && <ResultGrid run={state.run} sort={sort} onSort={setSort} />}
      </section>
    </div>
  );
}
