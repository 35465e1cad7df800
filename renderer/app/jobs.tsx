import { createContext, type ReactNode, useContext, useEffect, useRef } from 'react';
import type { ApiEvent } from '../../shared/api/contract.ts';
import type { JobKind, JobOutcome, JobProgress, JobValue, QueuedProgress } from '../../shared/model/job.ts';
import { useApiClient } from '../api/api-client-context.tsx';

export interface JobState<K extends JobKind> {
  jobId: string | null;
  /** Its last snapshot: the job's own, or that it waits behind another job. */
  progress: JobProgress<K> | QueuedProgress | null;
  outcome: JobOutcome<JobValue<K>> | null;
  cancelling: boolean;
}

// One object, so that a snapshot of a kind with no job yet is the same from read to read.
const IDLE: JobState<JobKind> = Object.freeze({ jobId: null, progress: null, outcome: null, cancelling: false });

type Seen = Pick<JobState<JobKind>, 'progress' | 'outcome'>;

/**
 * The job of each kind that a view started, followed for as long as the case is open: a view
 * left while its ingest runs finds it where it is on coming back, and hears how it ended once.
 * Events can outrun the answer to the start (a small job may even end first), so what arrives
 * for any job is kept and applied once its id is known.
 */
export class JobTracker {
  private readonly current = new Map<JobKind, JobState<JobKind>>();
  private readonly seen = new Map<string, Seen>();
  private readonly delivered = new Set<string>();
  private readonly listeners = new Set<() => void>();

  get<K extends JobKind>(kind: K): JobState<K> {
    return (this.current.get(kind) ?? IDLE) as JobState<K>;
  }

  /** A job of `kind` was just asked for: forget the last one until its id is known. */
  starting(kind: JobKind) {
    this.put(kind, IDLE);
  }

  started(kind: JobKind, jobId: string) {
    this.put(kind, { ...IDLE, jobId, ...this.seen.get(jobId) });
  }

  cancelling(kind: JobKind) {
    this.put(kind, { ...this.get(kind), cancelling: true });
  }

  heard(event: ApiEvent) {
    if (event.name === 'app:show') return;
    const { jobId, kind } = event.payload;
    const before = this.seen.get(jobId) ?? { progress: null, outcome: null };
    const after: Seen =
      event.name === 'job:progress'
        ? { ...before, progress: event.payload.progress }
        : { ...before, outcome: event.payload.outcome };
    this.seen.set(jobId, after);
    const shown = this.get(kind);
    if (shown.jobId !== jobId) return;
    this.put(kind, { ...shown, ...after, cancelling: after.outcome ? false : shown.cancelling });
  }

  /** True the first time it is asked about a finished job: its outcome is acted on once. */
  deliver(jobId: string) {
    if (this.delivered.has(jobId)) return false;
    this.delivered.add(jobId);
    return true;
  }

  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private put(kind: JobKind, state: JobState<JobKind>) {
    this.current.set(kind, state);
    for (const listener of this.listeners) listener();
  }
}

const TrackerContext = createContext<JobTracker | null>(null);

export function JobsProvider({ children }: { children: ReactNode }) {
  const client = useApiClient();
  const tracker = useRef<JobTracker | null>(null);
  tracker.current ??= new JobTracker();
  const jobs = tracker.current;
  useEffect(() => client.onEvent((event) => jobs.heard(event)), [client, jobs]);
  return <TrackerContext.Provider value={jobs}>{children}</TrackerContext.Provider>;
}

export function useJobTracker(): JobTracker {
  const tracker = useContext(TrackerContext);
  if (!tracker) throw new Error('useJob needs a JobsProvider above it');
  return tracker;
}
