import { randomUUID } from 'node:crypto';
import { TrailscopeError, messageOf } from '../../../shared/api/errors.ts';
import type { ErrorKind } from '../../../shared/api/errors.ts';
import type { QueuedProgress } from '../../../shared/model/job.ts';

export type JobOutcome<T> = { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string } };

export interface JobListener<P, T> {
  progress(jobId: string, progress: P | QueuedProgress): void;
  finished(jobId: string, outcome: JobOutcome<T>): void;
}

export type JobWork<P, T> = (signal: AbortSignal, progress: (p: P) => void) => Promise<T>;

interface Job<P, T> {
  id: string;
  label: string;
  work: JobWork<P, T>;
  abort: AbortController;
  /** Set once the job has started; until then it waits in line. */
  running: Promise<void> | null;
  /** Settles when the job has ended, whether it ran, failed or was cancelled in line. */
  ended: Promise<void>;
  end: () => void;
}

/**
 * Long work (ingest now, long queries and reports later) runs as a job: it gets an id at
 * once, reports complete progress snapshots, and can be cancelled. Jobs run one at a time in
 * the order they were started: two ingests share the case's writer connection and staging,
 * and run together they lost each other's events. A job waiting its turn says so, and
 * behind which job, and can be cancelled before it starts. Closing waits for every job to
 * stop cleanly, so a case is never closed under a running commit.
 */
export class JobRegistry<P, T> {
  /** The running job first, then the queued ones in order. */
  private readonly line: Job<P, T>[] = [];

  constructor(private readonly listener: JobListener<P, T>) {}

  /** Starts the work now, or queues it behind the jobs already here; returns its id at once. */
  start(work: JobWork<P, T>, label: string): string {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const job: Job<P, T> = { id: randomUUID(), label, work, abort: new AbortController(), running: null, ended, end };
    this.line.push(job);
    if (this.line.length === 1) this.run(job);
    else this.reportQueued(job);
    return job.id;
  }

  /**
   * Asks a running job to stop at its next safe point, or takes a queued one out of line
   * before it starts; false when no such job is here (it may have finished already).
   */
  cancel(jobId: string): boolean {
    const job = this.line.find((j) => j.id === jobId);
    if (!job) return false;
    if (job.running) job.abort.abort();
    else this.dropQueued(job);
    return true;
  }

  /** Cancels every job, queued ones first so none starts, and waits until all have stopped. */
  async stopAll(): Promise<void> {
    const all = [...this.line];
    for (const job of all.filter((j) => !j.running)) this.dropQueued(job);
    for (const job of all) job.abort.abort();
    await Promise.all(all.map((job) => job.ended));
  }

  private run(job: Job<P, T>): void {
    // Through a promise, so that work throwing before its first await still ends as a failure.
    job.running = new Promise<T>((resolve) => resolve(job.work(job.abort.signal, (p) => this.listener.progress(job.id, p))))
      .then(
        (value) => this.listener.finished(job.id, { ok: true, value }),
        (error: unknown) => {
          const kind = error instanceof TrailscopeError ? error.kind : 'internal';
          this.listener.finished(job.id, { ok: false, error: { kind, message: messageOf(error) } });
        },
      )
      .finally(() => {
        this.remove(job);
        const next = this.line[0];
        if (next && !next.running) this.run(next);
      });
  }

  private dropQueued(job: Job<P, T>): void {
    this.remove(job);
    this.listener.finished(job.id, { ok: false, error: { kind: 'cancelled', message: 'Cancelled before it started: nothing was done.' } });
  }

  /** Takes a job out of line and tells the ones after it where they now stand. */
  private remove(job: Job<P, T>): void {
    const index = this.line.indexOf(job);
    if (index < 0) return;
    this.line.splice(index, 1);
    job.end();
    for (const later of this.line.slice(index)) if (!later.running) this.reportQueued(later);
  }

  private reportQueued(job: Job<P, T>): void {
    const position = this.line.indexOf(job);
    const ahead = this.line[position - 1];
    if (!ahead) return;
    this.listener.progress(job.id, { kind: 'queued', behind: ahead.id, behindLabel: ahead.label, position });
  }
}
