import {
  accountPartition,
  type LakeColumn,
  type LakeTable,
  type LakeType,
  regionPartition,
  UNKNOWN_PARTITION,
} from './lake-layout.ts';

/** What the DDL needs of one table: its layout and its columns as written in the files. */
export interface LakeDdlTable {
  table: LakeTable;
  columns: readonly LakeColumn[];
}

/** The partition values the export wrote, from which Athena projects the events partitions. */
export interface LakePartitionValues {
  /** Every account folder (12 digits or `unknown`). */
  accounts: readonly string[];
  /** Every region folder (a region or `unknown`). */
  regions: readonly string[];
  /** The first date folder, YYYY-MM-DD; null when no events were written. */
  firstDate: string | null;
}

/** Where the user uploads the lake folder; the README tells them to replace it. */
export const S3_PLACEHOLDER = 's3://YOUR-BUCKET/PREFIX/';

export interface LakeDdl {
  athena: string;
  trino: string;
  spark: string;
}

export function lakeDdl(tables: readonly LakeDdlTable[], partitions: LakePartitionValues): LakeDdl {
  return {
    athena: statements(
      ATHENA_HEADER,
      tables.map((t) => athenaTable(t, partitions)),
    ),
    trino: statements(TRINO_HEADER, [
      'CREATE SCHEMA IF NOT EXISTS trailscope',
      ...tables.flatMap((t) => trinoTable(t)),
    ]),
    spark: statements(SPARK_HEADER, [
      'CREATE DATABASE IF NOT EXISTS trailscope',
      'USE trailscope',
      ...tables.flatMap((t) => sparkTable(t)),
    ]),
  };
}

const ATHENA_HEADER = `-- Amazon Athena (engine 3). Replace ${S3_PLACEHOLDER} with where the lake folder was uploaded,
-- choose the database in the query editor, and run one statement at a time.
-- Partition projection finds the events partitions: no crawler, no MSCK REPAIR TABLE.`;

const TRINO_HEADER = `-- Trino, Hive connector. Replace ${S3_PLACEHOLDER} with where the lake folder was uploaded and run
-- in the catalog of that connector: trino --catalog hive --schema trailscope -f ddl/trino.sql`;

const SPARK_HEADER = `-- Spark SQL. Replace ${S3_PLACEHOLDER} with where the lake folder was uploaded (s3a:// outside EMR).`;

function statements(header: string, list: readonly string[]): string {
  return `${header}\n\n${list.map((statement) => `${statement};\n`).join('\n')}`;
}

function location(table: LakeTable): string {
  return `${S3_PLACEHOLDER}${table.name}/`;
}

/** Hive DDL type names, which Athena's CREATE EXTERNAL TABLE and Spark take. */
const HIVE_TYPES: Record<LakeType, string> = {
  VARCHAR: 'STRING',
  BOOLEAN: 'BOOLEAN',
  INTEGER: 'INT',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

const TRINO_TYPES: Record<LakeType, string> = {
  VARCHAR: 'varchar',
  BOOLEAN: 'boolean',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  DOUBLE: 'double',
  DATE: 'date',
  // The Hive connector gives a table the catalog's timestamp precision; it refuses another one in DDL.
  TIMESTAMP: 'timestamp',
};

const backtick = (name: string) => `\`${name.replaceAll('`', '``')}\``;
const doubleQuote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;

function columnList(lines: readonly string[]): string {
  return `(\n${lines.map((line) => `  ${line}`).join(',\n')}\n)`;
}

/**
 * Athena projects partitions from table properties. Account and region are enums of the values
 * written, so a query need not name them (an injected key would refuse any query that does not
 * fix it, and the pack's detections do not); the date is a range from the first day to NOW, so
 * later exports' days need no change. Athena's own examples declare a date-projected key as
 * STRING: it is compared as 'YYYY-MM-DD'.
 */
function athenaTable({ table, columns }: LakeDdlTable, partitions: LakePartitionValues): string {
  const lines = columns.map((c) => `${backtick(c.name)} ${HIVE_TYPES[c.type]}`);
  let ddl = `CREATE EXTERNAL TABLE IF NOT EXISTS ${backtick(table.name)} ${columnList(lines)}`;
  if (table.partitions.length > 0)
    ddl += `\nPARTITIONED BY (${table.partitions.map((p) => `${backtick(p.name)} STRING`).join(', ')})`;
  ddl += `\nSTORED AS PARQUET\nLOCATION ${quoted(location(table))}`;
  if (table.partitions.length === 0) return ddl;
  const template = `${location(table)}${table.partitions.map((p) => `${p.name}=\${${p.name}}`).join('/')}/`;
  const properties: [string, string][] = [['projection.enabled', 'true']];
  for (const partition of table.partitions) {
    const key = `projection.${partition.name}`;
    if (partition.name === 'date') {
      const first = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(partitions.firstDate ?? '') ? partitions.firstDate : 'NOW';
      properties.push(
        [`${key}.type`, 'date'],
        [`${key}.format`, 'yyyy-MM-dd'],
        [`${key}.range`, `${first},NOW`],
        [`${key}.interval`, '1'],
        [`${key}.interval.unit`, 'DAYS'],
      );
    } else {
      // Folder names were checked when written; checked again, since they become DDL text here.
      const values =
        partition.name === 'account'
          ? partitions.accounts.map(accountPartition)
          : partitions.regions.map(regionPartition);
      const listed = [...new Set(values)].sort().join(',');
      properties.push([`${key}.type`, 'enum'], [`${key}.values`, listed || UNKNOWN_PARTITION]);
    }
  }
  properties.push(['storage.location.template', template]);
  return `${ddl}\nTBLPROPERTIES ${columnList(properties.map(([k, v]) => `${quoted(k)} = ${quoted(v)}`))}`;
}

/** The Hive connector wants the partition columns last, in partitioned_by's order, and learns the folders from sync_partition_metadata. */
function trinoTable({ table, columns }: LakeDdlTable): string[] {
  const lines = [
    ...columns.map((c) => `${doubleQuote(c.name)} ${TRINO_TYPES[c.type]}`),
    ...table.partitions.map((p) => `${doubleQuote(p.name)} ${TRINO_TYPES[p.type]}`),
  ];
  const properties = [`external_location = ${quoted(location(table))}`, `format = 'PARQUET'`];
  if (table.partitions.length > 0)
    properties.push(`partitioned_by = ARRAY[${table.partitions.map((p) => quoted(p.name)).join(', ')}]`);
  const create = `CREATE TABLE IF NOT EXISTS ${doubleQuote(table.name)} ${columnList(lines)}\nWITH ${columnList(properties)}`;
  if (table.partitions.length === 0) return [create];
  return [create, `CALL system.sync_partition_metadata('trailscope', ${quoted(table.name)}, 'ADD')`];
}

/** A Spark data source table over the folder; MSCK REPAIR TABLE registers the partitions found there. */
function sparkTable({ table, columns }: LakeDdlTable): string[] {
  const lines = [
    ...columns.map((c) => `${backtick(c.name)} ${HIVE_TYPES[c.type]}`),
    ...table.partitions.map((p) => `${backtick(p.name)} ${HIVE_TYPES[p.type]}`),
  ];
  let create = `CREATE TABLE IF NOT EXISTS ${backtick(table.name)} ${columnList(lines)}\nUSING parquet`;
  if (table.partitions.length > 0)
    create += `\nPARTITIONED BY (${table.partitions.map((p) => backtick(p.name)).join(', ')})`;
  create += `\nLOCATION ${quoted(location(table))}`;
  if (table.partitions.length === 0) return [create];
  return [create, `MSCK REPAIR TABLE ${backtick(table.name)}`];
}
