import type { ValueCount, VolumeSeries } from '../../../shared/model/explore.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { clipped, clippedSql, LISTED_CHARS } from './field-sql.ts';
import type { SqlParams } from './filter-sql.ts';

/** Stacks beyond this many values get unreadable; the rest is summed as "other". */
export const STACKED_VALUES = 8;
/** The rarest values listed beside the chart: the StopLogging an "other" would hide. */
export const RARE_VALUES = 8;

export interface StackedSeries {
  series: VolumeSeries[];
  /** SQL giving an event's series number: its value's place among `series`, else the "other" one. */
  seriesSql: string;
  rare: ValueCount[];
}

/**
 * The series of a stacked chart: the pinned values first, whether the events have them or
 * not, then the most frequent others up to STACKED_VALUES in all, then "other" if any value
 * is left; and the rarest values left without a series. `where` selects the charted events;
 * the values of `params` are those it uses, and the series' values are added to them.
 */
export async function stackedSeries(
  db: CaseReader,
  expr: string,
  where: string,
  params: SqlParams,
  pinned: (string | null)[],
): Promise<StackedSeries> {
  const pins = [...new Set(pinned)].slice(0, STACKED_VALUES);
  const countParams = params.fork();
  // Counts per value, materialized once for both ends: the most frequent (enough to fill the
  // stack around the pins, and one more to know whether "other" is needed) and the rarest
  // (enough to list RARE_VALUES once those with a series are set aside). Top values come back
  // whole, since events are matched against them; rare ones are only listed, so cut.
  const rows = await db.rows<{ value: string | null; n: string; side: 'top' | 'rare' }>(
    `WITH counted AS MATERIALIZED (SELECT ${expr} AS value, count(*) AS n FROM events WHERE ${where} GROUP BY ALL)
     (SELECT value, n, 'top' AS side FROM counted ORDER BY n DESC, value NULLS LAST LIMIT ${countParams.add(STACKED_VALUES + pins.length + 1)})
     UNION ALL
     (SELECT ${clippedSql('value', LISTED_CHARS)}, n, 'rare' FROM counted ORDER BY n, value NULLS LAST LIMIT ${countParams.add(RARE_VALUES + STACKED_VALUES)})`,
    countParams.values,
  );
  const ranked = rows.filter((r) => r.side === 'top' && !pins.includes(r.value)).map((r) => r.value);
  const named = [...pins, ...ranked.slice(0, STACKED_VALUES - pins.length)];
  const other = ranked.length > named.length - pins.length;

  const shown = new Set(named.map((v) => (v === null ? null : clipped(v, LISTED_CHARS))));
  const rare = rows
    .filter((r) => r.side === 'rare' && !shown.has(r.value))
    .slice(0, other ? RARE_VALUES : 0)
    .map((r) => ({ value: r.value, count: Number(r.n) }));

  // With no value to rank (no events, no pins) every event is "other", and there is none.
  // list_position finds a null among the values too. A CASE chain of comparisons took 350 ms
  // against 210 for the counts of the 5M-event bench case by principal (eight values).
  const listed = named.map((v) => (v === null ? 'NULL' : params.add(v))).join(', ');
  return {
    series: [
      ...named.map((value, i) => ({
        value: value === null || i < pins.length ? value : clipped(value, LISTED_CHARS),
        other: false,
        ...(i < pins.length ? { pinned: true } : {}),
      })),
      ...(other ? [{ value: null, other: true }] : []),
    ],
    seriesSql: named.length ? `coalesce(list_position([${listed}]::VARCHAR[], ${expr}) - 1, ${named.length})` : '0',
    rare,
  };
}
