import type { Severity } from '../../../shared/model/finding.ts';
import type { QueryRun } from '../../../shared/model/query.ts';
import type { ApiClient } from '../../api/client.ts';
import { ApiRequestError } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';

/** Where a query came from when it has a name of its own: a hunt of the pack or a saved query. */
export interface QueryOrigin {
  sql: string;
  title: string;
  severity?: Severity;
  /** ATT&CK technique ids, most fitting first. */
  attack?: string[];
  description?: string;
}

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; queryId: string; startedAt: number }
  | { status: 'done'; run: QueryRun; sql: string; origin: QueryOrigin | null }
  | { status: 'failed'; message: string; cancelled: boolean; line: number | null };

/**
 * The console's one query at a time: running it, cancelling it, and letting the core drop a
 * result once another is shown. It lives in the view store, not in the view, so a run keeps
 * going and its result stays shown while the analyst is in another view, and is there again
 * when they come back (or when the view is remounted after an ingest).
 *
 * The core keeps a result (its temp table) under its query id until told to close it. The
 * one shown stays open for as long as it is shown; it is closed when another result replaces
 * it, and a run that finishes after a later one started is closed as it arrives.
 */
export class QueryRunner {
  private current: RunState = { status: 'idle' };
  /** Counts the runs that settled, done or failed: the history is read again at each. */
  private settledRuns = 0;
  /** The query id whose result the core keeps for the state shown. */
  private shown: string | null = null;
  /** The run started last: only its outcome is ever shown. */
  private latest: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly client: ApiClient) {}

  get state(): RunState {
    return this.current;
  }

  get settled(): number {
    return this.settledRuns;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Runs `sql`; `origin` names it when it is exactly a hunt's or a saved query's text. */
  run(sql: string, origin: QueryOrigin | null = null): void {
    const queryId = crypto.randomUUID();
    this.latest = queryId;
    this.set({ status: 'running', queryId, startedAt: performance.now() });
    const named = origin && origin.sql.trim() === sql.trim() ? origin : null;
    this.client.request('query:run', { query_id: queryId, sql }).then(
      (result) => {
        if (this.latest !== queryId) return this.close(queryId);
        if (this.shown) this.close(this.shown);
        this.shown = queryId;
        this.settledRuns++;
        this.set({ status: 'done', run: result, sql, origin: named });
        if (result.total === null) this.count(queryId);
      },
      (error: unknown) => {
        if (this.latest !== queryId) return;
        const message = errorText(error);
        const cancelled = error instanceof ApiRequestError && error.error.kind === 'cancelled';
        // The failure is shown in place of the result, which nothing shows any more.
        if (this.shown) this.close(this.shown);
        this.shown = null;
        this.settledRuns++;
        this.set({ status: 'failed', message, cancelled, line: errorLine(message) });
      },
    );
  }

  /** Stops a run, or the counting of a result already shown. */
  cancel(): void {
    const state = this.current;
    if (state.status === 'running') void this.client.request('query:cancel', { query_id: state.queryId });
    else if (state.status === 'done' && state.run.total === null)
      void this.client.request('query:cancel', { query_id: state.run.query_id });
  }

  /** The first rows show while the core keeps the rest; the exact count follows. */
  private count(queryId: string): void {
    const shown = () => {
      const state = this.current;
      return state.status === 'done' && state.run.query_id === queryId ? state : null;
    };
    this.client.request('query:total', { query_id: queryId }).then(
      ({ total }) => {
        const state = shown();
        if (state) this.set({ ...state, run: { ...state.run, total } });
      },
      (error: unknown) => {
        if (!shown()) return;
        const cancelled = error instanceof ApiRequestError && error.error.kind === 'cancelled';
        this.close(queryId);
        this.shown = null;
        this.set({ status: 'failed', message: errorText(error), cancelled, line: errorLine(errorText(error)) });
      },
    );
  }

  private close(queryId: string): void {
    void this.client.request('query:close', { query_id: queryId }).catch(() => undefined);
  }

  private set(state: RunState): void {
    this.current = state;
    for (const listener of this.listeners) listener();
  }
}

/** DuckDB points at the failing line as "LINE 3: …". */
function errorLine(message: string): number | null {
  const match = /\bLINE (\d+):/.exec(message);
  return match ? Number(match[1]) : null;
}
