import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent } from '../../shared/api/contract.ts';
import type { JobKind, JobOutcome, JobProgress, JobValue, QueuedProgress } from '../../shared/model/job.ts';
import { useApiClient } from './api-client-context.tsx';
import type { ApiClient } from './client.ts';

export interface JobState<K extends JobKind> {
  jobId: string | null;
  /** Its last snapshot: the job's own, or that it waits behind another job. */
  progress: JobProgress<K> | QueuedProgress | null;
  outcome: JobOutcome<JobValue<K>> | null;
  cancelling: boolean;
}

const idle = <K extends JobKind>(): JobState<K> => ({ jobId: null, progress: null, outcome: null, cancelling: false });

interface Seen<K extends JobKind> {
  progress: JobState<K>['progress'];
  outcome: JobState<K>['outcome'];
}

/**
 * One job of a kind at a time: start it with its request, follow its snapshots, cancel it,
 * keep how it ended; `onFinished` hears each outcome once. Events can outrun the answer to
 * the start (a small job may even end first), so what arrives for any job of this kind is
 * kept and applied once its id is known.
 */
export function useJob<K extends JobKind>(kind: K, onFinished?: (outcome: JobOutcome<JobValue<K>>) => void) {
  const client = useApiClient();
  const [state, setState] = useState<JobState<K>>(idle);
  const seen = useRef(new Map<string, Seen<K>>());
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(
    () =>
      client.onEvent((event: ApiEvent) => {
        if (event.name === 'app:show' || event.payload.kind !== kind) return;
        const { jobId } = event.payload;
        const before = seen.current.get(jobId) ?? { progress: null, outcome: null };
        const after: Seen<K> =
          event.name === 'job:progress'
            ? { ...before, progress: event.payload.progress as JobState<K>['progress'] }
            : { ...before, outcome: event.payload.outcome as JobState<K>['outcome'] };
        seen.current.set(jobId, after);
        setState((current) =>
          current.jobId === jobId
            ? { ...current, ...after, cancelling: after.outcome ? false : current.cancelling }
            : current,
        );
      }),
    [client, kind],
  );

  useEffect(() => {
    if (state.outcome) finished.current?.(state.outcome);
  }, [state.outcome]);

  const start = useCallback(
    async (request: (client: ApiClient) => Promise<{ jobId: string }>) => {
      setState(idle());
      const { jobId } = await request(client);
      setState({ ...idle<K>(), jobId, ...seen.current.get(jobId) });
    },
    [client],
  );

  const cancel = useCallback(async () => {
    if (!state.jobId) return;
    setState((current) => ({ ...current, cancelling: true }));
    await client.request('job:cancel', { jobId: state.jobId });
  }, [client, state.jobId]);

  return { ...state, running: state.jobId !== null && state.outcome === null, start, cancel };
}
