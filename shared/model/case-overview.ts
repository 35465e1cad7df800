/** One value of a field with the number of events that carry it. */
export interface RankedValue {
  value: string;
  count: number;
}

/** The most frequent values of a field, most events first, and how many distinct values it has in all. */
export interface Ranked {
  values: RankedValue[];
  distinct: number;
  /** Console SQL listing every value with its count, for a field with more than the list holds. */
  sql: string;
}

/** The fields the case summary ranks; each is a facet of the explorer, so any value pivots there. */
export const rankedFields = [
  'recipient_account_id',
  'aws_region',
  'event_source',
  'event_name',
  'principal',
  'error_code',
] as const;
export type RankedField = (typeof rankedFields)[number];

/**
 * The case summary beyond its counts: ranked values, what did not load, and what contradicts
 * itself. Computed by DuckDB over the whole case; lists stop at `RANKED_LIMIT` values.
 */
export interface CaseOverview {
  ranked: Record<RankedField, Ranked>;
  /** Events whose call failed (an error code is set). */
  failed_calls: number;
  /**
   * Input files (archives are counted by their members) by how they loaded: whole, in part
   * (some records or bytes could not be loaded, the rest were), not at all, or skipped as the
   * copy of another file.
   */
  files: { loaded: number; partly_loaded: number; not_loaded: number; duplicates: number };
  /** Records judged unloadable (rejected_records), the files they came from, and their most frequent reasons. */
  rejected: { records: number; files: number; reasons: RankedValue[] };
  /** Events delivered with bodies that differ, and the differing deliveries (event_conflicts). */
  conflicts: { events: number; deliveries: number };
  /** Entries of the chain of custody: the case log and the ingests. */
  log_entries: number;
}

export const RANKED_LIMIT = 100;

/**
 * A source file's status in words. The case stores `error` for any file with a problem; a
 * file that still gave records (436 loaded, 3 rejected) is partly loaded, not a failure.
 */
export type LoadState = 'loaded' | 'partly loaded' | 'not loaded' | 'duplicate file';

export function loadState(source: { status: string; record_count: number }): LoadState {
  if (source.status === 'ok') return 'loaded';
  if (source.status === 'duplicate-file') return 'duplicate file';
  return source.record_count > 0 ? 'partly loaded' : 'not loaded';
}
