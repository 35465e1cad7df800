/** A complete picture of a running ingest; each snapshot stands on its own. */
export interface IngestProgress {
  kind: 'ingest';
  phase: 'scanning' | 'loading' | 'committing' | 'done' | 'cancelled' | 'failed';
  filesDone: number;
  /** Files found so far; grows while archives are still being walked. */
  filesSeen: number;
  bytesDone: number;
  /** Bytes on disk of every input given; bytesDone / bytesTotal is how far the ingest is. */
  bytesTotal: number;
  records: number;
  eventsAdded: number;
  errors: number;
  elapsedSeconds: number;
  eventsPerSecond: number;
  /** Null until there is enough to estimate from, or while the total is still unknown. */
  etaSeconds: number | null;
  currentPath: string | null;
}

export interface IngestError {
  path: string;
  message: string;
}

export interface IngestSummary {
  files: number;
  /** Files skipped because the same path and bytes were ingested before. */
  unchanged: number;
  records: number;
  events_added: number;
  /** Records whose event was already in the case or came twice in this ingest. */
  duplicates: number;
  rejected: number;
  errors: IngestError[];
  cancelled: boolean;
  seconds: number;
}
