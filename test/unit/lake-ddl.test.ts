import { describe, expect, it } from 'vitest';
import { type LakeDdlTable, lakeDdl } from '../../electron/core/lake/lake-ddl.ts';
import { lakeColumns, lakeTable } from '../../electron/core/lake/lake-layout.ts';
import { lakeReadme } from '../../electron/core/lake/lake-readme.ts';

const tables: LakeDdlTable[] = [
  {
    table: lakeTable('events'),
    columns: lakeColumns([
      { column_name: 'event_time', column_type: 'TIMESTAMP WITH TIME ZONE' },
      { column_name: 'event_key', column_type: 'VARCHAR' },
      { column_name: 'request_parameters', column_type: 'JSON' },
      { column_name: 'read_only', column_type: 'BOOLEAN' },
    ]),
  },
  { table: lakeTable('sources'), columns: lakeColumns([{ column_name: 'source_id', column_type: 'INTEGER' }]) },
];

const partitions = {
  accounts: ['222233334444', '111122223333', 'unknown'],
  regions: ['us-east-1'],
  firstDate: '2024-05-01',
};

describe('lakeDdl', () => {
  const ddl = lakeDdl(tables, partitions);

  it('declares Athena tables with the lake types and the events partitions projected', () => {
    expect(ddl.athena).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `events` (\n  `event_time` TIMESTAMP,');
    expect(ddl.athena).toContain('`request_parameters` STRING');
    expect(ddl.athena).toContain('PARTITIONED BY (`account` STRING, `region` STRING, `date` STRING)');
    expect(ddl.athena).toContain("'projection.account.values' = '111122223333,222233334444,unknown'");
    expect(ddl.athena).toContain("'projection.date.range' = '2024-05-01,NOW'");
    expect(ddl.athena).toContain(
      "'storage.location.template' = 's3://YOUR-BUCKET/PREFIX/events/account=${account}/region=${region}/date=${date}/'",
    );
    expect(ddl.athena).toContain("STORED AS PARQUET\nLOCATION 's3://YOUR-BUCKET/PREFIX/sources/';");
  });

  it('projects no partitions for a table without them', () => {
    const sources = ddl.athena.slice(ddl.athena.indexOf('`sources`'));
    expect(sources).not.toContain('projection');
  });

  it('puts the partition columns last for Trino, names them in partitioned_by and syncs them', () => {
    expect(ddl.trino).toMatch(
      /"read_only" boolean,\n {2}"account" varchar,\n {2}"region" varchar,\n {2}"date" date\n\)/,
    );
    expect(ddl.trino).toContain("partitioned_by = ARRAY['account', 'region', 'date']");
    expect(ddl.trino).toContain("external_location = 's3://YOUR-BUCKET/PREFIX/events/'");
    expect(ddl.trino).toContain("CALL system.sync_partition_metadata('trailscope', 'events', 'ADD');");
  });

  it('declares Spark data source tables partitioned by the folders and repairs them', () => {
    expect(ddl.spark).toContain('USING parquet\nPARTITIONED BY (`account`, `region`, `date`)');
    expect(ddl.spark).toContain('MSCK REPAIR TABLE `events`;');
    expect(ddl.spark).not.toContain('MSCK REPAIR TABLE `sources`');
  });

  it('lets no written value that is not an account or a region into the DDL', () => {
    const hostile = lakeDdl(tables, {
      accounts: ["1111'; DROP TABLE events; --"],
      regions: ['us-east-1/../../x'],
      firstDate: "2024-05-01', 'x",
    });
    expect(hostile.athena).toContain("'projection.account.values' = 'unknown'");
    expect(hostile.athena).toContain("'projection.region.values' = 'unknown'");
    expect(hostile.athena).toContain("'projection.date.range' = 'NOW,NOW'");
  });
});

describe('lakeReadme', () => {
  it('explains the upload, each engine’s DDL and what to run after another export', () => {
    const readme = lakeReadme({ tables: ['events', 'sources'], translatedDetections: 97, unportableDetections: 49 });
    expect(readme).toContain('aws s3 sync . s3://YOUR-BUCKET/PREFIX/');
    expect(readme).toContain('ddl/athena.sql');
    expect(readme).toContain("CALL system.sync_partition_metadata('trailscope', 'events', 'ADD')");
    expect(readme).toContain('MSCK REPAIR TABLE events');
    expect(readme).toContain('holds 97 of');
    expect(readme).toContain('no Athena or Trino was at hand');
  });
});
