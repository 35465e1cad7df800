import type { DuckDBConnection } from '@duckdb/node-api';
import type { Heatmap } from '../../../shared/model/explore.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { heatmapCellsSql, heatmapOf } from './heatmap-cells.ts';
import { SPAN_SQL } from './volume-bucket.ts';

/**
 * Counts the whole case's charts again into `chart_summary` (migration 12): the volume chart's
 * span and the heat map. Part of the case summary's transaction (case-summary.ts).
 */
export async function writeChartSummary(db: DuckDBConnection): Promise<void> {
  await db.run('DELETE FROM chart_summary');
  await db.run(
    `INSERT INTO chart_summary (events, first_ms, last_ms, outside, heatmap)
     SELECT count(*), ${SPAN_SQL},
       (SELECT list(coalesce(c.n, 0) ORDER BY cell) FROM range(168) AS g(cell)
          LEFT JOIN (SELECT day * 24 + hour AS cell, n FROM (${heatmapCellsSql('true')})) AS c USING (cell))
     FROM events`,
  );
}

export async function chartSummaryCurrent(db: CaseReader, events: number): Promise<boolean> {
  return (await db.number('SELECT count(*) FROM chart_summary WHERE events = $events', { events })) > 0;
}

/** The volume chart's span over the whole case, null when the summary counted other events. */
export async function summarizedSpan(
  db: CaseReader,
  events: number,
): Promise<{ min: string | null; max: string | null; outside: string } | null> {
  const rows = await db.rows<{ min: string | null; max: string | null; outside: string }>(
    'SELECT first_ms AS min, last_ms AS max, outside FROM chart_summary WHERE events = $events',
    { events },
  );
  return rows[0] ?? null;
}

/** The whole case's heat map, null when the summary counted other events. */
export async function summarizedHeatmap(db: CaseReader, events: number): Promise<Heatmap | null> {
  const rows = await db.rows<{ heatmap: string[] }>('SELECT heatmap FROM chart_summary WHERE events = $events', {
    events,
  });
  const counts = rows[0]?.heatmap;
  return counts ? heatmapOf(counts.map((n, cell) => ({ day: Math.floor(cell / 24), hour: cell % 24, n }))) : null;
}
