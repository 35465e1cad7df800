/**
 * A job waiting its turn. Jobs that write a case run one at a time, in the order they were
 * started; until its turn comes a job reports this instead of its own progress.
 */
export interface QueuedProgress {
  kind: 'queued';
  /** The job just ahead of it in line, running or queued itself. */
  behind: string;
  /** What that job is, in a few words: "ingest of /cases/acme/AWSLogs and 2 more". */
  behindLabel: string;
  /** How many jobs are ahead of it, the running one included. */
  position: number;
}
