import type { JobKind } from '../../../shared/model/job.ts';

/**
 * Which jobs wait for which. Jobs of one lane run one at a time, in the order they were
 * started; lanes run side by side.
 */
export const jobLanes: Record<JobKind, string> = {
  // Writers of evidence: two ingests share the case's writer connection and staging, and
  // run together they lost each other's events.
  ingest: 'evidence',
  // A report reads only committed data and writes a file of its own, so it need not wait for
  // an ingest. Reports wait for each other: each may run a Chromium, and the machine has few cores.
  report: 'report',
  // A verification reads the evidence an ingest writes: queued behind it, it verifies what
  // the ingest added, and an ingest behind it waits for the run to be stored.
  verify: 'evidence',
  // Detections read what an ingest committed: queued behind it (each ingest queues a run),
  // they see its events, and the next ingest waits for their results to be stored.
  detect: 'evidence',
  // An export reads one consistent view of the case; queued behind an ingest, it exports what
  // the ingest added. Two exports into one folder must not number their files alike.
  'lake-export': 'evidence',
};
