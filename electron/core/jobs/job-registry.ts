import { randomUUID } from 'node:crypto';
import { TrailscopeError, messageOf } from '../../../shared/api/errors.ts';
import type { ErrorKind } from '../../../shared/api/errors.ts';

export interface JobListener<P, T> {
  progress(jobId: string, progress: P): void;
  finished(jobId: string, outcome: { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string } }): void;
}

interface RunningJob {
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Long work (ingest now, long queries and reports later) runs as a job: it gets an id at
 * once, reports complete progress snapshots, and can be cancelled. Closing waits for every
 * job to stop cleanly, so a case is never closed under a running commit.
 */
export class JobRegistry<P, T> {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly listener: JobListener<P, T>) {}

  start(work: (signal: AbortSignal, progress: (p: P) => void) => Promise<T>): string {
    const jobId = randomUUID();
    const abort = new AbortController();
    const done = work(abort.signal, (p) => this.listener.progress(jobId, p))
      .then(
        (value) => this.listener.finished(jobId, { ok: true, value }),
        (error: unknown) => {
          const kind = error instanceof TrailscopeError ? error.kind : 'internal';
          this.listener.finished(jobId, { ok: false, error: { kind, message: messageOf(error) } });
        },
      )
      .finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, { abort, done });
    return jobId;
  }

  /** Asks a job to stop; false when no such job is running (it may have finished already). */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.abort.abort();
    return job !== undefined;
  }

  get running(): number {
    return this.jobs.size;
  }

  /** Cancels every job and waits until all have stopped. */
  async stopAll(): Promise<void> {
    for (const job of this.jobs.values()) job.abort.abort();
    await Promise.all([...this.jobs.values()].map((job) => job.done));
  }
}
