import type { DuckDBConnection } from '@duckdb/node-api';
import { CaseReader } from '../case/case-reader.ts';
import { sqlString } from '../case/sql.ts';

/**
 * The (source_id, record_index) of every record a batch staged, kept as runs of consecutive
 * indexes (one per file, nearly always), and the check that DuckDB read exactly those from the
 * staging files. Staging makes a forged line impossible by construction (`staging-file.ts`);
 * this check is the second wall: were a line ever forged, it would name a pair JS did not
 * stage, or name one twice, and the batch would be rolled back instead of committed.
 */
export class StagedPairs {
  // Flat triples: source, first index, index after the last.
  private runs: number[] = [];

  add(sourceId: number, index: number): void {
    const last = this.runs.length - 3;
    if (last >= 0 && this.runs[last] === sourceId && this.runs[last + 2] === index) this.runs[last + 2] = index + 1;
    else this.runs.push(sourceId, index, index + 1);
  }

  /**
   * The runs as JSON, [[source, first, after-last], ...]. DuckDB parses this in 2 ms where a
   * list literal of 800 runs took 30-60 ms to bind (measured).
   */
  json(): string {
    const triples: string[] = [];
    for (let i = 0; i < this.runs.length; i += 3)
      triples.push(`[${this.runs[i]},${this.runs[i + 1]},${this.runs[i + 2]}]`);
    return `[${triples.join(',')}]`;
  }
}

/** Row counts of the tables a batch appends to, taken before it appends to them. */
export interface RowMarks {
  events: number;
  links: number;
  rejected: number;
}

export async function rowMarks(db: DuckDBConnection): Promise<RowMarks> {
  const counts = await new CaseReader(db).row<Record<keyof RowMarks, string>>(
    'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM event_sources) AS links, (SELECT count(*) FROM rejected_records) AS rejected',
  );
  return { events: Number(counts!.events), links: Number(counts!.links), rejected: Number(counts!.rejected) };
}

/**
 * Throws unless what the batch wrote from its staging files is exactly what JS staged: every
 * record read from them is linked in event_sources or rejected by DuckDB (rows appended since
 * `marks`), so per source those must be the staged indexes, none twice, none unknown, none
 * missing; and every event stored must be one of them (an event comes from a line read, so
 * once each when no pair was read twice).
 *
 * Counted per source rather than joined pair by pair: n distinct indexes between the first
 * and the last of a run of n are that run. For 200,000 records that took 150-190 ms inside the
 * ingest's transaction, most of it the distinct count, where joining with every staged pair
 * took 250-330 ms on committed rows alone (measured). A source with gaps in what it staged
 * (records JS refused) is also checked pair by pair, which costs only such sources.
 */
export async function verifyStagedPairs(db: DuckDBConnection, pairs: StagedPairs, marks: RowMarks): Promise<void> {
  const result = await new CaseReader(db).row<{ n: string; first: string | null }>(`
    WITH runs AS (
      SELECT run[1] AS source_id, run[2] AS first, run[3] AS after
      FROM (SELECT unnest(json_transform(${sqlString(pairs.json())}, '[["INTEGER"]]')) AS run)),
    staged AS (
      SELECT source_id, count(*) AS runs, sum(after - first) AS n, min(first) AS lo, max(after) - 1 AS hi
      FROM runs GROUP BY source_id),
    gapped AS (
      SELECT source_id, unnest(range(first, after))::INTEGER AS record_index
      FROM runs WHERE source_id IN (SELECT source_id FROM staged WHERE runs > 1)),
    read AS (
      SELECT source_id, record_index FROM event_sources WHERE rowid >= ${marks.links}
      UNION ALL SELECT source_id, record_index FROM rejected_records WHERE rowid >= ${marks.rejected}),
    stored AS (SELECT source_id, record_index FROM events WHERE rowid >= ${marks.events}),
    read_by_source AS (
      SELECT source_id, count(*) AS n, count(DISTINCT record_index) AS distinct_n, min(record_index) AS lo, max(record_index) AS hi
      FROM read GROUP BY source_id),
    stored_by_source AS (SELECT source_id, count(*) AS n, min(record_index) AS lo, max(record_index) AS hi FROM stored GROUP BY source_id),
    mismatches AS (
      SELECT format('source {}: DuckDB read {} record(s), {} distinct, indexes {} to {}; ingest staged {}, indexes {} to {}',
          source_id, coalesce(r.n, 0), coalesce(r.distinct_n, 0), r.lo, r.hi, coalesce(s.n, 0), s.lo, s.hi) AS problem, 1 AS rank
        FROM read_by_source r FULL JOIN staged s USING (source_id)
        WHERE r.n IS DISTINCT FROM s.n OR r.distinct_n IS DISTINCT FROM s.n OR r.lo IS DISTINCT FROM s.lo OR r.hi IS DISTINCT FROM s.hi
      UNION ALL
      SELECT format('source {}: DuckDB read record {}, which was not staged', source_id, record_index), 2
        FROM (SELECT * FROM read WHERE source_id IN (SELECT source_id FROM gapped) EXCEPT ALL SELECT * FROM gapped)
      UNION ALL
      SELECT format('source {}: {} event(s) stored from records {} to {}, not all of them staged', source_id, t.n, t.lo, t.hi), 3
        FROM stored_by_source t LEFT JOIN staged s USING (source_id)
        WHERE s.n IS NULL OR t.n > s.n OR t.lo < s.lo OR t.hi > s.hi
      UNION ALL
      SELECT format('source {}: an event was stored from record {}, which was not staged', source_id, record_index), 4
        FROM (SELECT * FROM stored WHERE source_id IN (SELECT source_id FROM gapped) EXCEPT ALL SELECT * FROM gapped))
    SELECT count(*) AS n, arg_min(problem, (rank, problem)) AS first FROM mismatches`);
  const count = Number(result?.n ?? 0);
  const first = result?.first;
  if (count > 0) {
    throw new Error(
      `The staging files did not hold what ingest wrote (${count} mismatch(es), first: ${first}), so nothing of the batch was committed. Please report this with the input files.`,
    );
  }
}
