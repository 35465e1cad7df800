import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { Detection } from '../../../shared/model/detection.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import { quoteIdentifier } from '../case/sql.ts';
import { isoTime } from '../explore/field-sql.ts';
import { checkConsoleSql } from '../query/console-guard.ts';
import { inReadOnlyTransaction } from '../query/read-only-transaction.ts';

/** Hits kept per rule; a rule past it is noise, and its exact total still says how much. */
export const HITS_KEPT = 5_000;
/** Events kept per hit (a burst may rest on many more); its `event_count` stays exact. */
export const EVENTS_KEPT = 1_000;

export interface RuleHit {
  hit: number;
  first_time: string;
  last_time: string;
  /** Every event the hit rests on, exactly. */
  event_count: number;
  /** The first EVENTS_KEPT of them, oldest first. */
  event_keys: string[];
  /** The rule's own columns for this hit (event_keys left out): who, what, how many. */
  context: Record<string, JsonValue>;
}

export interface RuleHits {
  /** Every hit the rule found, exactly; `hits` keeps the oldest HITS_KEPT. */
  hit_total: number;
  hits: RuleHit[];
}

interface RuleColumn {
  name: string;
  time: boolean;
}

/** Each rule's columns, read once per process: binding a rule costs as much as running it on a small case. */
const columnsBySql = new Map<string, RuleColumn[]>();

/**
 * Runs one detection on `db` in a read-only transaction, so a rule can only read, and reads its
 * hits oldest first. A case's own rule (Sigma) passes the console's guard first, as console SQL
 * does; the pack's rules are ours, and the pack's tests pass each through the guard. A rule that
 * lists events makes one hit per row; one that groups them names every event of a group in
 * `event_keys`, and the hit spans those events' times.
 */
export async function readRuleHits(
  db: DuckDBConnection,
  detection: Detection,
  viewScans?: ReadonlySet<string>,
): Promise<RuleHits> {
  let text = detection.sql.trim();
  if (detection.origin !== 'pack') {
    const statements = await checkConsoleSql(db, detection.sql, viewScans);
    if (statements.length !== 1) throw new TrailscopeError('query', `${detection.id} must be one SELECT statement.`);
    text = statements[0]!.text;
  }
  // A trailing line comment would swallow the closing parenthesis of the subquery.
  const rule = `(${text}\n)`;
  return inReadOnlyTransaction(db, async () => {
    let columns = columnsBySql.get(text);
    if (!columns) {
      const probe = await db.runAndReadAll(`SELECT * FROM ${rule} LIMIT 0`);
      const types = probe.columnTypes();
      columns = probe.columnNames().map((name, i) => ({ name, time: /^TIMESTAMP/.test(String(types[i])) }));
      columnsBySql.set(text, columns);
    }
    const names = columns.map((c) => c.name);
    for (const needed of ['event_time', 'event_key'])
      if (!names.includes(needed))
        throw new TrailscopeError(
          'query',
          `${detection.id} returns no ${needed} column; every hit must lead to an event.`,
        );
    const grouped = names.includes('event_keys');
    // Times in the context read as everywhere else (ISO 8601 UTC), not as DuckDB prints them.
    const context = columns
      .filter((c) => c.name !== 'event_keys')
      .map((c) => {
        const value = `r.${quoteIdentifier(c.name)}`;
        return `${quoteIdentifier(c.name)} := ${c.time ? isoTime(value) : value}`;
      })
      .join(', ');
    const keys = grouped ? 'list_distinct(r.event_keys::VARCHAR[])' : '[r.event_key::VARCHAR]';
    // A grouped hit spans its events' times and keeps its oldest ones, read here for the kept hits only:
    // an ordered list in the rule would be built for every group, hits or not.
    const spans = grouped
      ? `SELECT k.hit, min(e.event_time) AS first, max(e.event_time) AS last, count(*) AS event_count,
                list(e.event_key ORDER BY e.event_time, e.event_key)[1:${EVENTS_KEPT}] AS event_keys
         FROM (SELECT hit, unnest(keys) AS event_key FROM kept) k JOIN events e USING (event_key)
         GROUP BY k.hit`
      : 'SELECT hit, event_time AS first, event_time AS last, 1 AS event_count, keys AS event_keys FROM kept';
    const reader = await db.runAndReadAll(
      `WITH h AS (
         SELECT row_number() OVER (ORDER BY r.event_time, r.event_key) AS hit, r.event_time, ${keys} AS keys,
                to_json(struct_pack(${context}))::VARCHAR AS context
         FROM ${rule} r
       ), kept AS (
         SELECT *, count(*) OVER () AS hit_total FROM h ORDER BY hit LIMIT ${HITS_KEPT}
       ), spans AS (${spans})
       SELECT hit, hit_total, ${isoTime('first')} AS first, ${isoTime('last')} AS last, event_count, event_keys, context
       FROM kept JOIN spans USING (hit) ORDER BY hit`,
    );
    const rows = reader.getRowObjectsJson() as {
      hit: string | number;
      hit_total: string | number;
      first: string;
      last: string;
      event_count: string | number;
      event_keys: string[];
      context: string;
    }[];
    return {
      hit_total: rows.length === 0 ? 0 : Number(rows[0]!.hit_total),
      hits: rows.map((row) => ({
        hit: Number(row.hit),
        first_time: row.first,
        last_time: row.last,
        event_count: Number(row.event_count),
        event_keys: row.event_keys,
        context: JSON.parse(row.context) as Record<string, JsonValue>,
      })),
    };
  });
}
