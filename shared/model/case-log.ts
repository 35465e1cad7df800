import type { JsonValue } from './json.ts';

/**
 * One step of the chain of custody: an entry of the case log (`action` as logged, with its
 * detail), or an ingest (from the `ingests` table, which records every ingest with its inputs:
 * `action` is `ingest`, and the detail carries what it added).
 */
export interface CaseLogEntry {
  /** `log-N` for case-log entries, `ingest-N` for ingests: unique across both. */
  id: string;
  at: string;
  action: string;
  detail: JsonValue;
}

export interface CaseLogPage {
  entries: CaseLogEntry[];
  total: number;
}
