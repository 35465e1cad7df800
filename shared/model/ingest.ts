/** Where a batch's commit is: storing its events, checking deliveries and what was staged, writing to disk. */
export type CommitStep = 'events' | 'checking' | 'writing';

/** A complete picture of a running ingest; each snapshot stands on its own. */
export interface IngestProgress {
  kind: 'ingest';
  /**
   * loading: files are being read, and each full batch is committed while the next one fills;
   * committing: every file is read and only commits are left.
   */
  phase: 'scanning' | 'loading' | 'committing' | 'done' | 'cancelled' | 'failed';
  filesDone: number;
  /** Files found so far; grows while archives are still being walked. */
  filesSeen: number;
  bytesDone: number;
  /** Bytes on disk of every input given; bytesDone / bytesTotal is how far reading is. */
  bytesTotal: number;
  /** Records read and staged so far. */
  records: number;
  /** Records of the batches committed so far: these are in the case, and stay there after a cancel. */
  recordsCommitted: number;
  eventsAdded: number;
  batchesCommitted: number;
  /** How many batches the ingest makes: known once every file is read, null before. */
  batchesTotal: number | null;
  /** The batch being committed (numbered from 1), its records, and the step it is on. */
  committing: { batch: number; records: number; step: CommitStep } | null;
  /** Deliveries found so far whose body contradicts the event stored under their key. */
  conflicts: number;
  errors: number;
  /**
   * How far the whole ingest is, 0 to 1: records committed of the records expected (those read,
   * and while files remain, scaled up by the bytes not yet read). Committing is most of an
   * ingest's time, so reading alone never reaches the end.
   */
  fraction: number;
  elapsedSeconds: number;
  eventsPerSecond: number;
  /** Null until a batch is committed to estimate from. */
  etaSeconds: number | null;
  currentPath: string | null;
}

export interface IngestError {
  path: string;
  message: string;
}

export interface IngestSummary {
  /** Files read whose batch was committed (after a cancel, the files kept). */
  files: number;
  /** Files skipped because the same path and bytes were ingested before. */
  unchanged: number;
  records: number;
  events_added: number;
  /** Records whose event was already in the case or came twice in this ingest. */
  duplicates: number;
  rejected: number;
  /** Deliveries recorded as conflicting with their event's stored body (the table event_conflicts). */
  conflicts: number;
  /** Batches committed; each is in the case whole. */
  batches: number;
  /** After a cancel: what was read but not kept, its batch discarded whole. Null when nothing was. */
  discarded: { files: number; records: number } | null;
  /** The first LISTED_INGEST_ERRORS files with errors, in the order read; every one is in `sources`. */
  errors: IngestError[];
  /** Files with errors, all of them: a forged archive of a million broken members has a million. */
  error_files: number;
  cancelled: boolean;
  seconds: number;
}

/** The most files with errors an ingest's summary names (the CLI prints them, the UI lists them). */
export const LISTED_INGEST_ERRORS = 1000;
