import type { ApiEvent } from '../../shared/api/contract.ts';
import type { JobKind, JobOutcome, JobProgress, JobValue, QueuedProgress } from '../../shared/model/job.ts';

export interface JobWatch<K extends JobKind> {
  /** Starts the job with its request and answers its id. */
  start: () => Promise<{ jobId: string }>;
  /** Each snapshot, queued or its own, in order. */
  onProgress: (progress: JobProgress<K> | QueuedProgress) => void;
  /** Once its id is known: what a face needs to cancel it. */
  onStarted?: (jobId: string) => void;
}

/**
 * Starts a job and follows it through the same events every face gets, resolving with how it
 * ended. A job can report, and a small one even end, before its start has answered with its
 * id: what arrives meanwhile is kept and applied once the id is known.
 */
export async function watchJob<K extends JobKind>(
  subscribe: (listener: (event: ApiEvent) => void) => () => void,
  kind: K,
  watch: JobWatch<K>,
): Promise<JobOutcome<JobValue<K>>> {
  let jobId: string | null = null;
  const early: ApiEvent[] = [];
  let settle!: (outcome: JobOutcome<JobValue<K>>) => void;
  const finished = new Promise<JobOutcome<JobValue<K>>>((resolve) => (settle = resolve));
  const take = (event: ApiEvent) => {
    if (event.name === 'app:show' || event.payload.jobId !== jobId || event.payload.kind !== kind) return;
    if (event.name === 'job:progress') watch.onProgress(event.payload.progress as JobProgress<K> | QueuedProgress);
    else settle(event.payload.outcome as JobOutcome<JobValue<K>>);
  };
  const unsubscribe = subscribe((event) => (jobId === null ? early.push(event) : take(event)));
  try {
    jobId = (await watch.start()).jobId;
    watch.onStarted?.(jobId);
    early.forEach(take);
    return await finished;
  } finally {
    unsubscribe();
  }
}
