import { randomUUID } from 'node:crypto';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';
import type {
  JobFinishedEvent,
  JobKind,
  JobOutcome,
  JobProgress,
  JobProgressEvent,
  JobValue,
  QueuedProgress,
} from '../../../shared/model/job.ts';
import { jobLanes } from './job-lanes.ts';

export interface JobListener {
  progress(event: JobProgressEvent): void;
  finished(event: JobFinishedEvent): void;
}

export type JobWork<K extends JobKind> = (
  signal: AbortSignal,
  progress: (p: JobProgress<K>) => void,
) => Promise<JobValue<K>>;

interface Job {
  id: string;
  kind: JobKind;
  label: string;
  work: (signal: AbortSignal, progress: (p: JobProgress) => void) => Promise<JobValue>;
  abort: AbortController;
  /** Set once the job has started; until then it waits in line. */
  running: Promise<void> | null;
  /** Settles when the job has ended, whether it ran, failed or was cancelled in line. */
  ended: Promise<void>;
  end: () => void;
}

/**
 * Jobs that may wait in one lane. Each job that leaves a lane tells every one behind it where it
 * now stands, so a line of n jobs sends about n²/2 events: 400 queued ingests took an unread
 * event stream past 4 GB.
 */
export const MAX_WAITING = 100;
/** A label as long as this at most: it goes out again with every job queued behind its job. */
const MAX_LABEL_CHARS = 300;

/**
 * Long work (ingests, reports) runs as a job: it gets an id at once, reports complete
 * progress snapshots, and can be cancelled. Each kind of job runs in its lane (job-lanes.ts):
 * jobs of one lane run one at a time in the order they were started, so two ingests never
 * write the case together, while a report need not wait for them. A job waiting its turn
 * says so, and behind which job, and can be cancelled before it starts. Stopping waits for
 * every job to end cleanly, so a case is never closed under a running commit.
 */
export class JobRegistry {
  /** Per lane: the running job first, then the queued ones in order. */
  private readonly lanes = new Map<string, Job[]>();

  constructor(private readonly listener: JobListener) {}

  /** Starts the work now, or queues it behind the jobs of its lane; returns its id at once. */
  start<K extends JobKind>(kind: K, label: string, work: JobWork<K>): string {
    const line = this.line(kind);
    if (line.length > MAX_WAITING)
      throw new TrailscopeError(
        'invalid-input',
        `${MAX_WAITING} jobs already wait in line behind the one running: start this one when some have finished.`,
      );
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const job: Job = {
      id: randomUUID(),
      kind,
      label: label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label,
      work: work as Job['work'],
      abort: new AbortController(),
      running: null,
      ended,
      end,
    };
    line.push(job);
    if (line.length === 1) this.run(job);
    else this.reportQueued(job);
    return job.id;
  }

  /**
   * Asks a running job to stop at its next safe point, or takes a queued one out of line
   * before it starts; false when no such job is here (it may have finished already).
   */
  cancel(jobId: string): boolean {
    const job = this.all().find((j) => j.id === jobId);
    if (!job) return false;
    if (job.running) job.abort.abort();
    else this.dropQueued(job);
    return true;
  }

  /** Cancels every job, queued ones first so none starts, and waits until all have stopped. */
  async stopAll(): Promise<void> {
    const all = this.all();
    for (const job of all.filter((j) => !j.running)) this.dropQueued(job);
    for (const job of all) job.abort.abort();
    await Promise.all(all.map((job) => job.ended));
  }

  private line(kind: JobKind): Job[] {
    const lane = jobLanes[kind];
    const line = this.lanes.get(lane) ?? [];
    this.lanes.set(lane, line);
    return line;
  }

  private all(): Job[] {
    return [...this.lanes.values()].flat();
  }

  private run(job: Job): void {
    const progress = (p: JobProgress) =>
      this.listener.progress({ jobId: job.id, kind: job.kind, progress: p } as JobProgressEvent);
    // Through a promise, so that work throwing before its first await still ends as a failure.
    job.running = new Promise<JobValue>((resolve) => resolve(job.work(job.abort.signal, progress)))
      .then(
        (value) => this.finish(job, { ok: true, value }),
        (error: unknown) =>
          this.finish(job, {
            ok: false,
            error: { kind: error instanceof TrailscopeError ? error.kind : 'internal', message: messageOf(error) },
          }),
      )
      .finally(() => {
        const line = this.line(job.kind);
        this.remove(job);
        const next = line[0];
        if (next && !next.running) this.run(next);
      });
  }

  private finish(job: Job, outcome: JobOutcome<JobValue>): void {
    this.listener.finished({ jobId: job.id, kind: job.kind, outcome } as JobFinishedEvent);
  }

  private dropQueued(job: Job): void {
    this.remove(job);
    this.finish(job, {
      ok: false,
      error: { kind: 'cancelled', message: 'Cancelled before it started: nothing was done.' },
    });
  }

  /** Takes a job out of its line and tells the ones after it where they now stand. */
  private remove(job: Job): void {
    const line = this.line(job.kind);
    const index = line.indexOf(job);
    if (index < 0) return;
    line.splice(index, 1);
    job.end();
    for (const later of line.slice(index)) if (!later.running) this.reportQueued(later);
  }

  private reportQueued(job: Job): void {
    const line = this.line(job.kind);
    const position = line.indexOf(job);
    const ahead = line[position - 1];
    if (!ahead) return;
    const queued: QueuedProgress = { kind: 'queued', behind: ahead.id, behindLabel: ahead.label, position };
    this.listener.progress({ jobId: job.id, kind: job.kind, progress: queued } as JobProgressEvent);
  }
}
