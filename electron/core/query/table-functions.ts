/**
 * The table functions console SQL may call: scans of the case's own tables and DuckDB's
 * functions that only compute or describe. Everything else is refused, because DuckDB ships
 * table functions that read files (read_text, glob, parquet_metadata…), change the case file
 * or the instance (checkpoint, enable_logging…) or run serialized SQL past any check
 * (json_execute_serialized_sql). A list of what is allowed, not of what is not: a function a
 * new DuckDB adds is refused until someone has looked at it.
 */
const READS_ONLY = new Set([
  'seq_scan',
  'range',
  'generate_series',
  'unnest',
  'repeat',
  'repeat_row',
  'json_each',
  'json_tree',
  'summary',
  'histogram',
  'histogram_values',
  'duckdb_columns',
  'duckdb_constraints',
  'duckdb_databases',
  'duckdb_dependencies',
  'duckdb_functions',
  'duckdb_indexes',
  'duckdb_keywords',
  'duckdb_schemas',
  'duckdb_sequences',
  'duckdb_settings',
  'duckdb_tables',
  'duckdb_types',
  'duckdb_views',
  'duckdb_memory',
  'duckdb_temporary_files',
  'pragma_table_info',
  'pragma_show',
  'pragma_database_size',
  'pragma_storage_info',
  'pragma_metadata_info',
  'pragma_version',
  'pragma_platform',
  'pragma_collations',
  'icu_calendar_names',
  'pg_timezone_names',
]);

const READS_FILES = /^(read_|parquet_|sniff_csv$|glob$)/;

/** Why console SQL may not call this table function, or null when it may. */
export function tableFunctionRefusal(name: string): string | null {
  if (READS_ONLY.has(name)) return null;
  if (READS_FILES.test(name))
    return 'reads files from disk (console SQL reads the case only; files go in through ingest)';
  if (/checkpoint$/.test(name)) return 'writes the case file';
  return 'is not one of the functions console SQL may call';
}
