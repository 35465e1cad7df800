import { useCallback, useRef, useState } from 'react';
import type { QueryRun } from '../../../shared/model/query.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { ApiRequestError } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; queryId: string; startedAt: number }
  | { status: 'done'; run: QueryRun; sql: string }
  | { status: 'failed'; message: string; cancelled: boolean; line: number | null };

/**
 * One query at a time in the console: running it, cancelling it, and letting the core drop
 * the previous result once a new one is shown. A hunt picked while a query runs starts
 * another run; whichever finishes first, only the latest run is shown, and an earlier one's
 * result is dropped in the core as soon as it arrives.
 */
export function useQueryRun(onSettled: () => void) {
  const client = useApiClient();
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const shown = useRef<string | null>(null);
  const latest = useRef<string | null>(null);
  const close = useCallback(
    (queryId: string) => void client.request('query:close', { query_id: queryId }).catch(() => undefined),
    [client],
  );

  const run = useCallback(
    (sql: string) => {
      const queryId = crypto.randomUUID();
      latest.current = queryId;
      setState({ status: 'running', queryId, startedAt: performance.now() });
      client.request('query:run', { query_id: queryId, sql }).then(
        (result) => {
          if (latest.current !== queryId) return close(queryId);
          if (shown.current) close(shown.current);
          shown.current = queryId;
          setState({ status: 'done', run: result, sql });
          onSettled();
        },
        (error: unknown) => {
          if (latest.current !== queryId) return;
          const message = errorText(error);
          const cancelled = error instanceof ApiRequestError && error.error.kind === 'cancelled';
          setState({ status: 'failed', message, cancelled, line: errorLine(message) });
          onSettled();
        },
      );
    },
    [client, close, onSettled],
  );

  const cancel = useCallback(() => {
    if (state.status === 'running') void client.request('query:cancel', { query_id: state.queryId });
  }, [client, state]);

  return { state, run, cancel };
}

/** DuckDB points at the failing line as "LINE 3: …". */
function errorLine(message: string): number | null {
  const match = /\bLINE (\d+):/.exec(message);
  return match ? Number(match[1]) : null;
}
