import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { evidenceTables, migrations } from '../../electron/core/case/migrations/index.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();

async function columns(store: CaseStore, table: string): Promise<string[]> {
  const result = await store.writer.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`,
  );
  return result.getRows().map((row) => String(row[0]));
}

/** A case file as an older Trailscope left it: migrations up to `schema` applied, then `setup`. */
async function caseAtSchema(file: string, schema: number, setup = ''): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const db = await instance.connect();
  await db.run(
    `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
  );
  for (const m of migrations.slice(0, schema)) {
    await db.run(m.sql);
    await db.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now())`);
  }
  if (setup) await db.run(setup);
  db.closeSync();
  instance.closeSync();
}

describe('case file migrations', () => {
  it('are numbered 1, 2, … with no gap', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('1 creates the evidence tables with every normalized column of DESIGN.md §4', async () => {
    const store = await CaseStore.open(path.join(dir, 'one.duckdb'), { create: true });
    expect(await columns(store, 'events')).toEqual([
      'event_key',
      'event_id',
      'event_time',
      'event_version',
      'event_source',
      'event_name',
      'aws_region',
      'source_ip',
      'user_agent',
      'event_type',
      'event_category',
      'read_only',
      'management_event',
      'error_code',
      'error_message',
      'request_id',
      'shared_event_id',
      'recipient_account_id',
      'vpc_endpoint_id',
      'identity_type',
      'principal_id',
      'identity_arn',
      'identity_account_id',
      'access_key_id',
      'user_name',
      'session_issuer_arn',
      'session_mfa',
      'session_created_at',
      'invoked_by',
      'tls_version',
      'request_parameters',
      'response_elements',
      'additional_event_data',
      'resources',
      'service_event_details',
      'user_identity',
      'record',
      'source_id',
      'record_index',
    ]);
    expect(await columns(store, 'event_sources')).toEqual(['event_key', 'source_id', 'record_index', 'record_hash']);
    expect(await columns(store, 'sources')).toContain('sha256_content');
    store.close();
  });

  it('2 creates the analyst tables and the case log', async () => {
    const store = await CaseStore.open(path.join(dir, 'two.duckdb'), { create: true });
    for (const table of ['case_log', 'notes', 'bookmarks', 'tags', 'saved_queries', 'query_history', 'findings']) {
      expect((await columns(store, table)).length).toBeGreaterThan(1);
    }
    store.close();
  });

  it('bring a case at schema 1 up to date when it is opened', async () => {
    const file = path.join(dir, 'old.duckdb');
    await caseAtSchema(file, 1);
    const store = await CaseStore.open(file);
    const applied = await store.writer.runAndReadAll('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.getRows().map((r) => Number(r[0]))).toEqual(migrations.map((m) => m.version));
    store.close();
  });

  it('upgrade a case whole or not at all: a migration that fails leaves none of the pending ones applied', async () => {
    const file = path.join(dir, 'blocked.duckdb');
    // A table of migration 4's name, made by hand, makes migration 4 fail after 2 and 3 ran.
    await caseAtSchema(file, 1, 'CREATE TABLE case_details (x INTEGER)');
    await expect(CaseStore.open(file)).rejects.toThrow(/Migration 4 \(case-details\) failed/);
    const instance = await DuckDBInstance.create(file);
    const db = await instance.connect();
    const rows = await db.runAndReadAll(
      `SELECT (SELECT max(version) FROM schema_migrations),
              (SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('analyst_log', 'case_log', 'pipeline_calls'))`,
    );
    db.closeSync();
    instance.closeSync();
    expect(rows.getRows()[0]!.map(Number)).toEqual([1, 0]);
  });

  it('3 indexes the CodePipeline calls of events already in a case, by pipeline', async () => {
    const file = path.join(dir, 'three.duckdb');
    await caseAtSchema(
      file,
      2,
      `INSERT INTO events (event_key, event_time, event_source, event_name, recipient_account_id, aws_region, request_parameters, record, source_id, record_index) VALUES
      ('a@1', '2026-11-01T00:00:00Z', 'codepipeline.amazonaws.com', 'StopPipelineExecution', '111122223333', 'eu-west-1', '{"pipelineName":"web","pipelineExecutionId":"x"}', '{}', 1, 0),
      ('b@1', '2026-11-01T00:00:00Z', 'datapipeline.amazonaws.com', 'CreatePipeline', '111122223333', 'eu-west-1', '{"name":"not-codepipeline"}', '{}', 1, 1)`,
    );
    const store = await CaseStore.open(file);
    const rows = await store.writer.runAndReadAll(
      'SELECT event_key, event_name, account, region, pipeline_name FROM pipeline_calls',
    );
    expect(rows.getRowObjectsJson()).toEqual([
      {
        event_key: 'a@1',
        event_name: 'StopPipelineExecution',
        account: '111122223333',
        region: 'eu-west-1',
        pipeline_name: 'web',
      },
    ]);
    store.close();
  });

  it('4 adds the case details, one row at most', async () => {
    const file = path.join(dir, 'four.duckdb');
    await caseAtSchema(file, 3);
    const store = await CaseStore.open(file);
    expect(await columns(store, 'case_details')).toEqual([
      'only_row',
      'case_name',
      'investigator',
      'opened_on',
      'closed_on',
      'updated_at',
    ]);
    await store.writer.run(`INSERT INTO case_details VALUES (TRUE, 'a', NULL, NULL, NULL, now())`);
    await expect(
      store.writer.run(`INSERT INTO case_details VALUES (FALSE, 'b', NULL, NULL, NULL, now())`),
    ).rejects.toThrow(/CHECK/i);
    store.close();
  });

  it('5 escapes % and @ in the eventID part of event keys, in every table that names events by key', async () => {
    const file = path.join(dir, 'five.duckdb');
    const event = (key: string, id: string | null, account: string, index: number) =>
      `('${key}', ${id === null ? 'NULL' : `'${id}'`}, '2024-01-02T03:04:05Z', 'codepipeline.amazonaws.com', 'StartPipelineExecution', '${account}', 'eu-west-1', '{"name":"web"}', '{}', 1, ${index})`;
    await caseAtSchema(
      file,
      4,
      `INSERT INTO events (event_key, event_id, event_time, event_source, event_name, recipient_account_id, aws_region, request_parameters, record, source_id, record_index) VALUES
        ${event('a@b@111122223333', 'a@b', '111122223333', 0)},
        ${event('50%off@111122223333', '50%off', '111122223333', 1)},
        ${event('0b9f6c1e-uuid@111122223333', '0b9f6c1e-uuid', '111122223333', 2)},
        ${event('md5:5d41402abc4b2a76b9719d911017c592', null, '111122223333', 3)};
      INSERT INTO event_sources SELECT event_key, 1, record_index, 'h' FROM events;
      INSERT INTO event_sources VALUES ('a@b@111122223333', 2, 0, 'other');
      INSERT INTO pipeline_calls (event_key, event_name, event_time, account, region) SELECT event_key, event_name, event_time, '111122223333', 'eu-west-1' FROM events;
      INSERT INTO bookmarks VALUES ('a@b@111122223333', now()), ('0b9f6c1e-uuid@111122223333', now());
      INSERT INTO tags VALUES ('a@b@111122223333', 'suspicious', now()), ('50%off@111122223333', 'suspicious', now());
      INSERT INTO notes VALUES (1, '50%off@111122223333', 'look', now(), now()), (2, NULL, 'case note', now(), now());`,
    );
    const store = await CaseStore.open(file);
    const keysOf = async (sql: string) =>
      (await store.writer.runAndReadAll(sql)).getRows().map((r) => (r[0] === null ? null : String(r[0])));
    const escaped = [
      '0b9f6c1e-uuid@111122223333',
      '50%25off@111122223333',
      'a%40b@111122223333',
      'md5:5d41402abc4b2a76b9719d911017c592',
    ];
    expect(await keysOf('SELECT event_key FROM events ORDER BY event_key')).toEqual(escaped);
    expect(await keysOf('SELECT event_key FROM event_sources ORDER BY event_key, source_id')).toEqual([
      escaped[0],
      escaped[1],
      escaped[2],
      escaped[2],
      escaped[3],
    ]);
    expect(await keysOf('SELECT event_key FROM pipeline_calls ORDER BY event_key')).toEqual(escaped);
    expect(await keysOf('SELECT event_key FROM bookmarks ORDER BY event_key')).toEqual([
      '0b9f6c1e-uuid@111122223333',
      'a%40b@111122223333',
    ]);
    expect(await keysOf('SELECT event_key FROM tags ORDER BY event_key')).toEqual([
      '50%25off@111122223333',
      'a%40b@111122223333',
    ]);
    expect(await keysOf('SELECT event_key FROM notes ORDER BY note_id')).toEqual(['50%25off@111122223333', null]);
    const logged = await store.writer.runAndReadAll(`SELECT action, detail->'keys' FROM case_log`);
    expect(logged.getRows().map(([action, keys]) => [action, JSON.parse(String(keys))])).toEqual([
      [
        'event-keys-escaped',
        expect.arrayContaining([
          { from: 'a@b@111122223333', to: 'a%40b@111122223333' },
          { from: '50%off@111122223333', to: '50%25off@111122223333' },
        ]),
      ],
    ]);
    store.close();
  });

  it('5 changes nothing and logs nothing in a case whose eventIDs need no escape', async () => {
    const file = path.join(dir, 'five-plain.duckdb');
    await caseAtSchema(
      file,
      4,
      `INSERT INTO events (event_key, event_id, event_time, record, source_id, record_index) VALUES ('e-1@1', 'e-1', '2024-01-02T03:04:05Z', '{}', 1, 0)`,
    );
    const store = await CaseStore.open(file);
    expect((await store.writer.runAndReadAll('SELECT event_key FROM events')).getRows()).toEqual([['e-1@1']]);
    expect((await store.writer.runAndReadAll('SELECT count(*)::INTEGER FROM case_log')).getRows()).toEqual([[0]]);
    store.close();
  });

  it('8 adds the table of conflicting deliveries, empty in a case from before, as evidence', async () => {
    const file = path.join(dir, 'eight.duckdb');
    await caseAtSchema(
      file,
      7,
      `INSERT INTO events (event_key, event_time, record, source_id, record_index) VALUES ('a@1', '2026-11-01T00:00:00Z', '{}', 1, 0)`,
    );
    const store = await CaseStore.open(file);
    expect(await columns(store, 'event_conflicts')).toEqual([
      'event_key',
      'kept_source_id',
      'kept_record_index',
      'kept_sha256',
      'source_id',
      'record_index',
      'sha256',
      'record',
    ]);
    expect((await store.writer.runAndReadAll('SELECT count(*)::INTEGER FROM event_conflicts')).getRows()).toEqual([
      [0],
    ]);
    expect(evidenceTables).toContain('event_conflicts');
    store.close();
  });

  it('9 stores each record of a new case with zstd, in the columns and order migration 1 made', async () => {
    const file = path.join(dir, 'nine.duckdb');
    const store = await CaseStore.open(file, { create: true });
    const record = (i: number) =>
      `{"eventID":"e-${i}","eventTime":"2026-11-01T00:00:00Z","requestParameters":{"n":${i}}}`;
    await store.writer.run(`INSERT INTO events (event_key, event_time, record, source_id, record_index)
      SELECT 'e-' || i || '@1', '2026-11-01T00:00:00Z', '{"eventID":"e-' || i || '","eventTime":"2026-11-01T00:00:00Z","requestParameters":{"n":' || i || '}}', 1, i
      FROM range(5000) t(i)`);
    await store.writer.run('CHECKPOINT');
    const compression = await store.writer.runAndReadAll(
      `SELECT DISTINCT compression FROM pragma_storage_info('events') WHERE column_name = 'record' AND segment_type <> 'VALIDITY'`,
    );
    expect(compression.getRows().map((r) => String(r[0]))).toEqual(['ZSTD']);
    const back = await store.writer.runAndReadAll('SELECT record FROM events WHERE record_index = 4321');
    expect(back.getRows()).toEqual([[record(4321)]]);
    const fresh = await DuckDBInstance.create(':memory:');
    const reference = await fresh.connect();
    await reference.run(migrations[0]!.sql);
    const expected = await reference.runAndReadAll(
      `SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'events' ORDER BY column_index`,
    );
    const actual = await store.writer.runAndReadAll(
      `SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'events' ORDER BY column_index`,
    );
    expect(actual.getRows()).toEqual(expected.getRows());
    reference.closeSync();
    fresh.closeSync();
    store.close();
  });

  it.each([
    [
      'holds events',
      `INSERT INTO events (event_key, event_time, record, source_id, record_index) VALUES ('a@1', '2026-11-01T00:00:00Z', '{ "eventID" : "a" }', 1, 0)`,
      'BASE TABLE',
    ],
    [
      "is a lake's side case",
      `DROP TABLE events; CREATE VIEW events AS SELECT 'a@1' AS event_key, '{}' AS record`,
      'VIEW',
    ],
  ])('9 leaves events as they are in a case that %s', async (_, setup, kind) => {
    const file = path.join(dir, `nine-${kind.replace(' ', '-')}.duckdb`);
    await caseAtSchema(file, 8, setup);
    const store = await CaseStore.open(file);
    const applied = await store.writer.runAndReadAll('SELECT bool_or(version = 9) FROM schema_migrations');
    expect(applied.getRows()).toEqual([[true]]);
    const table = await store.writer.runAndReadAll(
      `SELECT table_type FROM information_schema.tables WHERE table_name = 'events'`,
    );
    expect(table.getRows()).toEqual([[kind]]);
    const events = await store.writer.runAndReadAll('SELECT event_key, record::VARCHAR FROM events');
    expect(events.getRows()[0]).toEqual(kind === 'VIEW' ? ['a@1', '{}'] : ['a@1', '{ "eventID" : "a" }']);
    store.close();
  });

  it('refuse a case written by a newer Trailscope', async () => {
    const file = path.join(dir, 'new.duckdb');
    const store = await CaseStore.open(file, { create: true });
    await store.writer.run(`INSERT INTO schema_migrations VALUES (99, 'future', now())`);
    store.close();
    await expect(CaseStore.open(file)).rejects.toThrow(/written by a newer Trailscope \(schema 99/);
  });

  it('refuse a DuckDB database that is not a case', async () => {
    const file = path.join(dir, 'other.duckdb');
    const instance = await DuckDBInstance.create(file);
    const db = await instance.connect();
    await db.run('CREATE TABLE customers (id INTEGER)');
    db.closeSync();
    instance.closeSync();
    await expect(CaseStore.open(file)).rejects.toThrow(/a DuckDB database but not a Trailscope case/);
  });
});
