import type { QuerySchema } from '../../../shared/model/query.ts';
import type { CaseStore } from '../case/case-store.ts';

const JSON_COLUMNS = ['request_parameters', 'response_elements', 'user_identity', 'additional_event_data'] as const;
/**
 * The paths come from the first events in storage order (a true sample would read every
 * row's JSON): enough to find the paths that matter, few enough to answer at once.
 */
const SAMPLED_EVENTS = 20_000;
const PATHS_PER_COLUMN = 150;

/**
 * The case's tables and columns, and the JSON paths its records use most. Paths
 * inside arrays are left out: their index makes them specific to one record's shape.
 */
export function querySchema(store: CaseStore): Promise<QuerySchema> {
  return store.read(async (db) => {
    const columns = await db.rows<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' AND table_name <> 'schema_migrations'
       ORDER BY table_name, column_index`,
    );
    const tables = new Map<string, { name: string; type: string }[]>();
    for (const { table_name, column_name, data_type } of columns) {
      const list = tables.get(table_name) ?? [];
      list.push({ name: column_name, type: data_type });
      tables.set(table_name, list);
    }
    const paths = await db.rows<QuerySchema['json_paths'][number]>(
      `WITH sample AS (SELECT ${JSON_COLUMNS.join(', ')} FROM events LIMIT ${SAMPLED_EVENTS}),
       leaves AS (
         ${JSON_COLUMNS.map((c) => `SELECT '${c}' AS col, t.fullkey FROM sample, json_tree(sample.${c}) t WHERE t.type NOT IN ('OBJECT', 'ARRAY') AND t.fullkey NOT LIKE '%[%'`).join(' UNION ALL ')}
       ),
       counted AS (SELECT col, fullkey, count(*)::INTEGER AS n, row_number() OVER (PARTITION BY col ORDER BY count(*) DESC, fullkey) AS rank FROM leaves GROUP BY col, fullkey)
       SELECT col AS "column", fullkey AS path, n AS "count" FROM counted WHERE rank <= ${PATHS_PER_COLUMN} ORDER BY col, n DESC, fullkey`,
    );
    return { tables: [...tables].map(([name, cols]) => ({ name, columns: cols })), json_paths: paths };
  });
}
