import type { ErrorKind } from '../api/errors.ts';
import type { DetectDone, DetectProgress } from './detection.ts';
import type { IngestProgress, IngestSummary } from './ingest.ts';
import type { VerifyDone, VerifyProgress } from './integrity.ts';
import type { LakeExportProgress, LakeExportSummary } from './lake.ts';
import type { ReportExport, ReportFormat } from './report.ts';

/**
 * A job waiting its turn. Jobs of one lane (ingests, which write the evidence) run one at a
 * time, in the order they were started; until its turn comes a job reports this instead of
 * its own progress.
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

/** A report being written: the step it is on. */
export interface ReportProgress {
  kind: 'report';
  format: ReportFormat;
  /** Reading the case, writing the file, then (PDF only) printing it. */
  phase: 'gathering' | 'rendering' | 'printing';
  elapsedSeconds: number;
}

/**
 * Every kind of long work: the snapshot it reports while it runs and the value it ends with.
 * A new kind is one entry here; the compiler then asks for its lane (electron/core/jobs).
 */
export interface JobKinds {
  ingest: { progress: IngestProgress; value: IngestSummary };
  report: { progress: ReportProgress; value: ReportExport };
  verify: { progress: VerifyProgress; value: VerifyDone };
  detect: { progress: DetectProgress; value: DetectDone };
  'lake-export': { progress: LakeExportProgress; value: LakeExportSummary };
}

export type JobKind = keyof JobKinds;
export type JobProgress<K extends JobKind = JobKind> = JobKinds[K]['progress'];
export type JobValue<K extends JobKind = JobKind> = JobKinds[K]['value'];

/** How a job ended: its value, or the error a request would have answered with. */
export type JobOutcome<T> = { ok: true; value: T } | { ok: false; error: { kind: ErrorKind; message: string } };

/** A job's snapshot, told apart by the job's kind. */
export type JobProgressEvent<K extends JobKind = JobKind> = {
  [J in K]: { jobId: string; kind: J; progress: JobProgress<J> | QueuedProgress };
}[K];

/** A job's end, told apart by the job's kind. */
export type JobFinishedEvent<K extends JobKind = JobKind> = {
  [J in K]: { jobId: string; kind: J; outcome: JobOutcome<JobValue<J>> };
}[K];
