import type { QuerySchema } from '../../../shared/model/query.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { sqlString } from '../case/sql.ts';
import { rowKey } from '../explore/filter-sql.ts';
import { type JsonSample, jsonPaths } from './json-paths.ts';

const JSON_COLUMNS = ['request_parameters', 'response_elements', 'user_identity', 'additional_event_data'] as const;

/**
 * Records of one kind (event source, event name, failed or not) share their shape, so paths
 * are read from this many records of every kind, spread over the case by a hash of their
 * row: the keys of a rare event (`ipPermissions` of one AuthorizeSecurityGroupIngress among a
 * million events) are found whatever the case's size. Reading every record's JSON instead took
 * 31 s for `request_parameters` alone at 1M events.
 */
const RECORDS_PER_KIND = 64;
/**
 * Kinds are log content: a crafted archive can have a million event names. Past this many
 * records in all, each kind gives fewer, at least one.
 */
const SAMPLED_RECORDS = 40_000;
/** A record may hold 4 MiB of JSON with a key every few bytes; a longer value is not walked. */
const WALKED_CHARS = 262_144;
/** Far above any real case (the 1M-event benchmark case has 110), and a bound on what the editor carries. */
const PATHS_PER_COLUMN = 5_000;

/** What the cached schema was read from: it is read again once an ingest added events or files. */
const VERSION_SQL = "SELECT (SELECT count(*) FROM events) || '/' || (SELECT coalesce(max(source_id), 0) FROM sources)";

const cache = new WeakMap<CaseStore, { version: string; schema: Promise<QuerySchema> }>();

/**
 * The case's tables and columns, and the JSON paths its records use, keys inside arrays
 * included. Read once per case and again after an ingest added to it: each visit to the
 * console asks for it.
 */
export async function querySchema(store: CaseStore): Promise<QuerySchema> {
  const version = String(await store.read((db) => db.value(VERSION_SQL)));
  const kept = cache.get(store);
  if (kept?.version === version) return kept.schema;
  const schema = store.read((db) => readSchema(db, store));
  cache.set(store, { version, schema });
  schema.catch(() => {
    if (cache.get(store)?.schema === schema) cache.delete(store);
  });
  return schema;
}

async function readSchema(db: CaseReader, store: CaseStore): Promise<QuerySchema> {
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
  const records = await sampledRecords(db, store);
  const samples = records.flatMap((record): JsonSample[] =>
    JSON_COLUMNS.map((column) => ({ column, eventName: record.kind, json: record[column] })),
  );
  return {
    tables: [...tables].map(([name, cols]) => ({ name, columns: cols })),
    json_paths: jsonPaths(samples, PATHS_PER_COLUMN),
  };
}

type SampledRecord = { kind: string } & Record<(typeof JSON_COLUMNS)[number], string | null>;

/**
 * The sampled records, chosen from three narrow columns first and then read by row id: DuckDB
 * then reads the JSON of the vectors holding them (0.1–0.5 s at 1M events), where a join or
 * `IN (SELECT …)` read every record's JSON. A lake's events are a view with no row id, so
 * there they are named by event key and the Parquet files are read through.
 */
async function sampledRecords(db: CaseReader, store: CaseStore): Promise<SampledRecord[]> {
  const key = rowKey(store);
  const kinds = await db.rows<{ ids: (string | number)[] }>(
    `SELECT min_by(${key}, hash(${key}), ${RECORDS_PER_KIND}) AS ids FROM events
     GROUP BY event_source, event_name, error_code IS NULL`,
  );
  const perKind = Math.max(1, Math.floor(SAMPLED_RECORDS / Math.max(kinds.length, 1)));
  const ids = kinds.flatMap(({ ids }) => ids.slice(0, perKind));
  if (ids.length === 0) return [];
  const named = ids.map((id) => (key === 'rowid' ? String(BigInt(id)) : sqlString(String(id))));
  const walked = (column: string) =>
    `CASE WHEN length(${column}::VARCHAR) <= ${WALKED_CHARS} THEN ${column}::VARCHAR END AS ${column}`;
  return db.rows<SampledRecord>(
    `SELECT coalesce(event_name, '') AS kind, ${JSON_COLUMNS.map(walked).join(', ')}
     FROM events WHERE ${key} IN (${named.join(', ')})`,
  );
}
