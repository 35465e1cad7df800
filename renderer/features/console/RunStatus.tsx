import { useEffect, useState } from 'react';
import type { RunState } from './use-query-run.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** How long a query has been running, or what it gave. */
export function RunStatus({ state }: { state: RunState }) {
  const [now, setNow] = useState(performance.now());
  useEffect(() => {
    if (state.status !== 'running') return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [state.status]);

  if (state.status === 'running') {
    return (
      <span className="run-status" role="status">
        Running… {((now - state.startedAt) / 1000).toFixed(1)} s
      </span>
    );
  }
  if (state.status === 'failed')
    return (
      <span className="run-status" role="status">
        {state.cancelled ? 'Cancelled' : 'Failed'}
      </span>
    );
  if (state.status === 'idle') return <span className="run-status muted">Not run yet</span>;
  const { total, rows_ready, statements, elapsed_ms, complete } = state.run;
  return (
    <span className="run-status" role="status" data-testid="run-status">
      {total === null ? (
        <>
          first <strong>{count(rows_ready)}</strong> rows shown, counting the rest… ·{' '}
        </>
      ) : (
        <>
          <strong>{count(total)}</strong> {total === 1 ? 'row' : 'rows'} ·{' '}
        </>
      )}
      {elapsed_ms < 1000 ? `${elapsed_ms} ms` : `${(elapsed_ms / 1000).toFixed(1)} s`}
      {statements > 1 && ` · ${statements} statements, the last one shown`}
      {!complete && ' · only the first rows are kept for this kind of statement'}
    </span>
  );
}
