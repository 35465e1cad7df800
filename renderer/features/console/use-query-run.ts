import { useCallback, useRef, useState } from 'react';
import type { QueryRun } from '../../../shared/model/query.ts';
import { ApiRequestError, type ApiClient } from '../../api/client.ts';

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; queryId: string; startedAt: number }
  | { status: 'done'; run: QueryRun; sql: string }
  | { status: 'failed'; message: string; cancelled: boolean; line: number | null };

/**
 * One query at a time in the console: running it, cancelling it, and letting the core drop
 * the previous result once a new one is shown.
 */
export function useQueryRun(client: ApiClient, onSettled: () => void) {
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const shown = useRef<string | null>(null);

  const run = useCallback(
    (sql: string) => {
      const queryId = crypto.randomUUID();
      setState({ status: 'running', queryId, startedAt: performance.now() });
      client.request('query:run', { query_id: queryId, sql }).then(
        (result) => {
          if (shown.current) void client.request('query:close', { query_id: shown.current }).catch(() => undefined);
          shown.current = queryId;
          setState({ status: 'done', run: result, sql });
          onSettled();
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          const cancelled = error instanceof ApiRequestError && error.error.kind === 'cancelled';
          setState({ status: 'failed', message, cancelled, line: errorLine(message) });
          onSettled();
        },
      );
    },
    [client, onSettled],
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
