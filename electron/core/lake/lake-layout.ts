/**
 * The layout of a Parquet lake (`trailscope export --parquet DIR`), shared by the export, the
 * DDL and the reader that opens a lake again. Pure: names, types and the manifest's shape.
 *
 *   DIR/MANIFEST.json, README.md, summary.json (the explorer's summary: lake-summary.ts)
 *   DIR/events/account=…/region=…/date=YYYY-MM-DD/part-<export>-<n>.parquet
 *   DIR/<table>/part-<export>-<n>.parquet          the other tables, not partitioned
 *   DIR/ddl/{athena,trino,spark}.sql, DIR/detections/athena/<rule-id>.sql, DIR/detections/UNPORTABLE.md
 *
 * Table and column names are the case's, so a detection's SQL only changes dialect.
 */

/** A table of the case the lake carries. */
export interface LakeTable {
  name: LakeTableName;
  /** Hive partition columns (folders), derived at export and not stored in the files. */
  partitions: readonly LakePartition[];
  /** The column rows are sorted by within each file. */
  sortBy: string | null;
  /** Written only when the case has rows (integrity results exist only after a validation). */
  onlyWhenRows: boolean;
}

export const LAKE_TABLE_NAMES = [
  'events',
  'sources',
  'event_sources',
  'pipeline_calls',
  'event_conflicts',
  'integrity_runs',
  'integrity_files',
  'integrity_gaps',
  'integrity_trails',
] as const;
export type LakeTableName = (typeof LAKE_TABLE_NAMES)[number];

export interface LakePartition {
  name: 'account' | 'region' | 'date';
  type: 'VARCHAR' | 'DATE';
}

/** Value of a partition that could not be told from the event (or held something else than an id). */
export const UNKNOWN_PARTITION = 'unknown';

export const EVENT_PARTITIONS: readonly LakePartition[] = [
  { name: 'account', type: 'VARCHAR' },
  { name: 'region', type: 'VARCHAR' },
  { name: 'date', type: 'DATE' },
];

export const LAKE_TABLES: readonly LakeTable[] = [
  { name: 'events', partitions: EVENT_PARTITIONS, sortBy: 'event_time', onlyWhenRows: false },
  { name: 'sources', partitions: [], sortBy: 'source_id', onlyWhenRows: false },
  { name: 'event_sources', partitions: [], sortBy: 'source_id', onlyWhenRows: false },
  { name: 'pipeline_calls', partitions: [], sortBy: 'event_time', onlyWhenRows: false },
  // Deliveries contradicting their event: evidence of tampering, which a lake must carry too.
  { name: 'event_conflicts', partitions: [], sortBy: 'source_id', onlyWhenRows: true },
  { name: 'integrity_runs', partitions: [], sortBy: 'run_id', onlyWhenRows: true },
  { name: 'integrity_files', partitions: [], sortBy: 'run_id', onlyWhenRows: true },
  { name: 'integrity_gaps', partitions: [], sortBy: 'run_id', onlyWhenRows: true },
  { name: 'integrity_trails', partitions: [], sortBy: 'run_id', onlyWhenRows: true },
];

export function lakeTable(name: LakeTableName): LakeTable {
  const table = LAKE_TABLES.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`no lake table ${name}`);
  return table;
}

/*
 * Partition values become folder names, and the strings they come from are written by whoever
 * wrote the logs: only an exact account id or region shape is used, anything else is
 * `unknown`, so no value can name another folder. The patterns are anchored by the full-match
 * functions that use them (DuckDB's regexp_full_match, RegExp with ^$ here).
 */
export const ACCOUNT_PATTERN = '[0-9]{12}';
/** us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1. */
export const REGION_PATTERN = '[a-z]{2}(-[a-z]+)+-[0-9]{1,2}';

export function accountPartition(value: string | null | undefined): string {
  return value != null && new RegExp(`^${ACCOUNT_PATTERN}$`).test(value) ? value : UNKNOWN_PARTITION;
}

export function regionPartition(value: string | null | undefined): string {
  return value != null && new RegExp(`^${REGION_PATTERN}$`).test(value) ? value : UNKNOWN_PARTITION;
}

/** The types Athena (engine 3), Trino and Spark all read from Parquet; nothing else goes in a lake. */
export const LAKE_TYPES = ['VARCHAR', 'BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP'] as const;
export type LakeType = (typeof LAKE_TYPES)[number];

/** A column of a lake table: its name (the case's), its type in the files, and the SQL that reads it from the case. */
export interface LakeColumn {
  name: string;
  type: LakeType;
  /** An expression over the case's column, giving the lake type. */
  select: string;
  /** The case's type, which a reader casts back to. */
  caseType: string;
}

/** One row of DuckDB's `DESCRIBE <table>`. */
export interface DescribedColumn {
  column_name: string;
  column_type: string;
}

/**
 * The lake columns of a case table, from its DESCRIBE; `alias` qualifies the column in `select`. A type with no safe counterpart throws,
 * rather than writing a column some engine would refuse or misread.
 *
 * TIMESTAMPTZ is written as a naive TIMESTAMP holding the UTC wall-clock time, which DuckDB
 * annotates isAdjustedToUTC=false. The other annotation (DuckDB's TIMESTAMPTZ) is not read alike:
 * Trino's Hive connector, and so Athena, shifts UTC-adjusted INT64 timestamps into
 * `hive.parquet.time-zone`, the JVM's zone by default (Trino issue 31050, PR 22577), while
 * an unadjusted one is read as written. Spark reads both as the same instant into a `TIMESTAMP`
 * column (ParquetVectorUpdaterFactory takes the INT64 micros as they are). So the naive UTC value
 * gives the same time in all three, whatever their zone settings.
 */
export function lakeColumns(described: readonly DescribedColumn[], alias?: string): LakeColumn[] {
  return described.map(({ column_name, column_type }) => {
    const quoted = `${alias ? `${alias}.` : ''}"${column_name.replaceAll('"', '""')}"`;
    const caseType = column_type.toUpperCase();
    const mapped = TYPE_MAP[caseType];
    if (!mapped) throw new Error(`column ${column_name} has type ${column_type}, which a lake cannot carry`);
    return { name: column_name, type: mapped.type, select: mapped.select(quoted), caseType };
  });
}

const same =
  (type: LakeType) =>
  (column: string): string =>
    `CAST(${column} AS ${type})`;

const TYPE_MAP: Record<string, { type: LakeType; select: (column: string) => string }> = {
  VARCHAR: { type: 'VARCHAR', select: same('VARCHAR') },
  JSON: { type: 'VARCHAR', select: same('VARCHAR') },
  BOOLEAN: { type: 'BOOLEAN', select: same('BOOLEAN') },
  TINYINT: { type: 'INTEGER', select: same('INTEGER') },
  SMALLINT: { type: 'INTEGER', select: same('INTEGER') },
  INTEGER: { type: 'INTEGER', select: same('INTEGER') },
  UTINYINT: { type: 'INTEGER', select: same('INTEGER') },
  USMALLINT: { type: 'INTEGER', select: same('INTEGER') },
  UINTEGER: { type: 'BIGINT', select: same('BIGINT') },
  BIGINT: { type: 'BIGINT', select: same('BIGINT') },
  FLOAT: { type: 'DOUBLE', select: same('DOUBLE') },
  DOUBLE: { type: 'DOUBLE', select: same('DOUBLE') },
  DATE: { type: 'DATE', select: same('DATE') },
  TIMESTAMP: { type: 'TIMESTAMP', select: same('TIMESTAMP') },
  'TIMESTAMP WITH TIME ZONE': { type: 'TIMESTAMP', select: (column) => `timezone('UTC', ${column})` },
};

/** A data file's name: the export that wrote it, then DuckDB's counter within its folder. */
export function partFilePattern(exportNumber: number): string {
  return `part-${exportLabel(exportNumber)}-{i}`;
}

export function exportLabel(exportNumber: number): string {
  return String(exportNumber).padStart(4, '0');
}

export const MANIFEST_FILE = 'MANIFEST.json';
export const README_FILE = 'README.md';
export const DDL_FILES = { athena: 'ddl/athena.sql', trino: 'ddl/trino.sql', spark: 'ddl/spark.sql' } as const;
export const DETECTIONS_FOLDER = 'detections/athena';
export const UNPORTABLE_FILE = 'detections/UNPORTABLE.md';

/** MANIFEST.json. Paths are relative to the lake folder, with forward slashes. */
export interface LakeManifest {
  format: 'trailscope-lake';
  version: 1;
  /** The case the lake came from, and its source manifest at the last export. */
  case: {
    path: string;
    sources: number;
    /** SHA-256 over the sources' rows (id, stored file hash, path, member), in source order. */
    sourcesSha256: string;
  };
  exports: LakeExport[];
  files: Record<string, LakeFile>;
}

/** One run of the export into this folder. */
export interface LakeExport {
  export: number;
  exportedAt: string;
  trailscopeVersion: string;
  /** The window asked for (event_time, ISO, end exclusive); null when open. */
  since: string | null;
  until: string | null;
  /**
   * What the export covered: the events of its window from sources up to this id, and the
   * integrity runs up to this id. Together the exports so far say which rows are already in the lake.
   */
  lastSourceId: number;
  lastIntegrityRunId: number;
  /** The event times actually written, or null when the export wrote no events. */
  firstEventTime: string | null;
  lastEventTime: string | null;
  rows: Partial<Record<LakeTableName, number>>;
}

export interface LakeFile {
  sha256: string;
  bytes: number;
  /** The export that wrote it. */
  export: number;
}
