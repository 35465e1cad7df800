import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { JobKind, JobOutcome, JobValue } from '../../shared/model/job.ts';
import { type JobState, useJobTracker } from '../app/jobs.tsx';
import { useApiClient } from './api-client-context.tsx';
import type { ApiClient } from './client.ts';

/**
 * One job of a kind at a time: start it with its request, follow its snapshots, cancel it,
 * keep how it ended. The job is followed above the views (app/jobs.tsx), so it outlives the
 * component that started it. An `onFinished` hears each outcome once, even when given by another
 * component than the one that started the job, and on coming back if the job ended while its
 * view was away.
 */
export function useJob<K extends JobKind>(kind: K, onFinished?: (outcome: JobOutcome<JobValue<K>>) => void) {
  const client = useApiClient();
  const tracker = useJobTracker();
  const subscribe = useCallback((listener: () => void) => tracker.subscribe(listener), [tracker]);
  const state: JobState<K> = useSyncExternalStore(subscribe, () => tracker.get(kind));

  useEffect(() => {
    if (onFinished && state.outcome && state.jobId && tracker.deliver(state.jobId)) onFinished(state.outcome);
  });

  const start = useCallback(
    async (request: (client: ApiClient) => Promise<{ jobId: string }>) => {
      tracker.starting(kind);
      const { jobId } = await request(client);
      tracker.started(kind, jobId);
    },
    [client, tracker, kind],
  );

  const { jobId } = state;
  const cancel = useCallback(async () => {
    if (!jobId) return;
    tracker.cancelling(kind);
    await client.request('job:cancel', { jobId });
  }, [client, tracker, kind, jobId]);

  return { ...state, running: state.jobId !== null && state.outcome === null, start, cancel };
}
