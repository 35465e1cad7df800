import type { DuckDBConnection } from '@duckdb/node-api';
import { CaseReader } from '../case/case-reader.ts';
import { chartSummaryCurrent, writeChartSummary } from './chart-summary.ts';
import { facetSummaryCurrent, writeFacetSummary } from './facet-summary.ts';

/**
 * Counts the whole case's facets and charts again, in one transaction: a reader sees the old
 * summary or the new one. Run at the end of an ingest, and when a lake whose summary is missing
 * or stale opens. Each part is read only while it counted the events the case holds.
 */
export async function writeCaseSummary(db: DuckDBConnection): Promise<void> {
  await db.run('BEGIN TRANSACTION');
  try {
    await writeFacetSummary(db);
    await writeChartSummary(db);
    await db.run('COMMIT');
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Writes the summary unless it already counted `events`, the events the case holds: an ingest
 * that added nothing, or a lake opened again, costs no recount. `takenInstead`, when given, may
 * store a summary counted elsewhere first (a lake's own: lake-summary.ts) and says whether it did.
 */
export async function refreshCaseSummary(
  db: DuckDBConnection,
  events: number,
  takenInstead?: () => Promise<boolean>,
): Promise<void> {
  const reader = new CaseReader(db);
  if ((await facetSummaryCurrent(reader, events)) && (await chartSummaryCurrent(reader, events))) return;
  if (!(await takenInstead?.())) await writeCaseSummary(db);
}
