import { useSyncExternalStore } from 'react';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useViewState } from '../../app/view-state.tsx';
import { QueryRunner } from './query-runner.ts';

export type { QueryOrigin, RunState } from './query-runner.ts';

/**
 * The console's runner, kept in the view store: the view can be left and remounted while a
 * query runs or a result is shown, and finds both as they are.
 */
export function useQueryRun() {
  const client = useApiClient();
  const [runner] = useViewState('console.runner', () => new QueryRunner(client));
  const state = useSyncExternalStore(runner.subscribe, () => runner.state);
  const settled = useSyncExternalStore(runner.subscribe, () => runner.settled);
  return { state, settled, runner };
}
