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
export async function querySchema(store: CaseStore): Promise<QuerySchema> {
  const db = await store.connectReader();
  try {
    const columns = await db.runAndReadAll(
      `SELECT table_name, column_name, data_type FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' AND table_name <> 'schema_migrations'
       ORDER BY table_name, column_index`,
    );
    const tables = new Map<string, { name: string; type: string }[]>();
    for (const [table, name, type] of columns.getRows()) {
      const list = tables.get(String(table)) ?? [];
      list.push({ name: String(name), type: String(type) });
      tables.set(String(table), list);
    }
    const paths = await db.runAndReadAll(
      `WITH sample AS (SELECT ${JSON_COLUMNS.join(', ')} FROM events LIMIT ${SAMPLED_EVENTS}),
       leaves AS (
         ${JSON_COLUMNS.map((c) => `SELECT '${c}' AS col, t.fullkey FROM sample, json_tree(sample.${c}) t WHERE t.type NOT IN ('OBJECT', 'ARRAY') AND t.fullkey NOT LIKE '%[%'`).join(' UNION ALL ')}
       ),
       counted AS (SELECT col, fullkey, count(*)::INTEGER AS n, row_number() OVER (PARTITION BY col ORDER BY count(*) DESC, fullkey) AS rank FROM leaves GROUP BY col, fullkey)
       SELECT col, fullkey, n FROM counted WHERE rank <= ${PATHS_PER_COLUMN} ORDER BY col, n DESC, fullkey`,
    );
    return {
      tables: [...tables].map(([name, cols]) => ({ name, columns: cols })),
      json_paths: paths.getRows().map(([column, path, count]) => ({ column: String(column), path: String(path), count: Number(count) })),
    };
  } finally {
    db.closeSync();
  }
}
