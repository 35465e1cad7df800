/** A Parquet lake being written (`trailscope export --parquet DIR`): the step it is on. */
export interface LakeExportProgress {
  kind: 'lake-export';
  /** Checking the files already in the folder, writing the tables, moving the files in, then the DDL and manifest. */
  phase: 'checking' | 'writing' | 'moving' | 'describing' | 'summarizing';
  /** The table being written, while writing. */
  table: string | null;
  tablesDone: number;
  tablesTotal: number;
  /** Events written so far, of those this export adds (0 of 0 until they are counted). */
  eventsDone: number;
  eventsTotal: number;
  elapsedSeconds: number;
}

/** Rows per lake table (events, sources, …). */
export type LakeRowCounts = Record<string, number>;

/** What one export did to the lake folder, and what it found there. */
export interface LakeExportSummary {
  dir: string;
  /** This export's number in the folder, or null when nothing was new and nothing was written. */
  export: number | null;
  since: string | null;
  until: string | null;
  added: { files: string[]; bytes: number; rows: LakeRowCounts };
  /** What earlier exports had written: files the manifest lists, rows by table. */
  alreadyThere: { exports: number; files: number; rows: LakeRowCounts };
  /** Files the manifest lists whose bytes are no longer what it recorded: reported, never replaced. */
  changed: string[];
  /** Files the manifest lists that are gone. */
  missing: string[];
  /**
   * Descriptive files (DDL, README, detections) that were still as an earlier export wrote them
   * and now describe the lake as it grew: rewritten, and listed here.
   */
  updated: string[];
  /** Descriptive files someone changed (or the lake never wrote) whose text differs from this export's: kept as they are. */
  kept: string[];
  /** The SHA-256 of MANIFEST.json as it is now (the case log records each one written); null when there is none. */
  manifestSha256: string | null;
  seconds: number;
}
