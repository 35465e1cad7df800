import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent, EventPayloads, JobOutcome } from '../../../shared/api/contract.ts';
import { useApiClient } from '../../api/api-client-context.tsx';

export interface IngestJobState {
  jobId: string | null;
  /** Its last snapshot: the ingest's own, or that it waits behind another job. */
  progress: EventPayloads['job:progress']['progress'] | null;
  outcome: JobOutcome | null;
  cancelling: boolean;
}

const idle: IngestJobState = { jobId: null, progress: null, outcome: null, cancelling: false };

type Seen = Pick<IngestJobState, 'progress' | 'outcome'>;

/**
 * One ingest at a time: start it, follow its snapshots, cancel it, keep how it ended.
 * Events can outrun the answer to ingest:start (a small ingest may finish first), so what
 * arrives for any job is kept and applied once its id is known.
 */
export function useIngestJob(onFinished: () => void) {
  const client = useApiClient();
  const [state, setState] = useState<IngestJobState>(idle);
  const seen = useRef(new Map<string, Seen>());

  useEffect(
    () =>
      client.onEvent((event: ApiEvent) => {
        if (event.name === 'app:show') return;
        const { jobId } = event.payload;
        const before = seen.current.get(jobId) ?? { progress: null, outcome: null };
        const after: Seen = event.name === 'job:progress' ? { ...before, progress: event.payload.progress } : { ...before, outcome: event.payload.outcome };
        seen.current.set(jobId, after);
        setState((current) => (current.jobId === jobId ? { ...current, ...after, cancelling: after.outcome ? false : current.cancelling } : current));
      }),
    [client],
  );

  useEffect(() => {
    if (state.outcome) onFinished();
  }, [state.outcome, onFinished]);

  const start = useCallback(
    async (paths: string[]) => {
      setState(idle);
      const { jobId } = await client.request('ingest:start', { paths });
      setState({ ...idle, jobId, ...seen.current.get(jobId) });
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
