import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import {
  accountPartition,
  LAKE_TYPES,
  type LakeManifest,
  regionPartition,
} from '../../electron/core/lake/lake-layout.ts';
import { writeFile } from '../helpers/archives.ts';
import { trailscope, trailscopeJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The demo case exported through the CLI, then read back with DuckDB as Athena, Trino or Spark
 * would read it (Hive partitions from the folder names), and compared with the case itself.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'demo.duckdb');
const lake = path.join(dir, 'lake');

interface Summary {
  export: number | null;
  added: { files: string[]; bytes: number; rows: Record<string, number> };
  already_there: { exports: number; files: number; rows: Record<string, number> };
  changed: string[];
  missing: string[];
  updated: string[];
  kept: string[];
  manifest_sha256: string;
}

const exportCli = (...args: string[]) =>
  trailscopeJson<Summary>('export', '--case', caseFile, '--parquet', lake, '--json', ...args);
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const manifestOf = (folder: string) =>
  JSON.parse(fs.readFileSync(path.join(folder, 'MANIFEST.json'), 'utf8')) as LakeManifest;
const parquet = (folder: string, table: string) => sqlString(path.join(folder, table, '**', '*.parquet'));

/** A plain DuckDB, not a locked case: it reads the lake folder and the case file side by side. */
async function withDuckDB<T>(work: (rows: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>) {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run(`SET TimeZone = 'UTC'`);
    await db.run(`ATTACH ${sqlString(caseFile)} AS c (READ_ONLY)`);
    return await work(async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const record = (id: string, time: string, account: string, region: string) =>
  JSON.stringify({
    eventVersion: '1.08',
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: region,
    eventID: id,
    recipientAccountId: account,
  });

let first: Summary;

beforeAll(() => {
  const run = trailscope('ingest', '--case', caseFile, 'samples/demo-archive');
  if (run.code !== 0) throw new Error(run.stderr);
  first = exportCli();
});

describe('trailscope export --parquet', () => {
  it('writes every table with its rows, and a manifest whose hashes are the files on disk', () => {
    expect(first.export).toBe(1);
    expect(first.added.rows).toEqual({ events: 413, sources: 575, event_sources: 413, pipeline_calls: 7 });
    const manifest = manifestOf(lake);
    expect(manifest.case.path).toBe(caseFile);
    expect(manifest.case.sources).toBe(575);
    const onDisk = fs
      .readdirSync(lake, { recursive: true })
      .map(String)
      .filter((name) => fs.statSync(path.join(lake, name)).isFile() && name !== 'MANIFEST.json')
      .sort();
    expect(Object.keys(manifest.files).sort()).toEqual(onDisk);
    for (const [name, file] of Object.entries(manifest.files))
      expect(sha256(path.join(lake, name)), name).toBe(file.sha256);
    expect(sha256(path.join(lake, 'MANIFEST.json'))).toBe(first.manifest_sha256);
    expect(onDisk.filter((name) => name.startsWith('events/'))).not.toHaveLength(0);
    for (const name of onDisk.filter((n) => n.endsWith('.parquet')))
      expect(name).toMatch(
        /^(events\/account=\d{12}\/region=[a-z0-9-]+\/date=\d{4}-\d{2}-\d{2}|[a-z_]+)\/part-0001-\d+\.parquet$/,
      );
  });

  it('puts each event in the partition of its account, region and UTC day, with the same key columns as the case', async () => {
    await withDuckDB(async (rows) => {
      const fromCase = await rows(`SELECT e.event_key, e.recipient_account_id, s.account_id, e.identity_account_id,
          e.aws_region, s.region, strftime(e.event_time, '%Y-%m-%d') AS day
        FROM c.events e LEFT JOIN c.sources s USING (source_id)`);
      const expected = new Map<string, number>();
      for (const r of fromCase) {
        const account = [r.recipient_account_id, r.account_id, r.identity_account_id]
          .map((v) => accountPartition(v as string | null))
          .find((v) => v !== 'unknown');
        const region = [r.aws_region, r.region]
          .map((v) => regionPartition(v as string | null))
          .find((v) => v !== 'unknown');
        const partition = `${account ?? 'unknown'}/${region ?? 'unknown'}/${String(r.day)}`;
        expected.set(partition, (expected.get(partition) ?? 0) + 1);
      }
      const fromLake =
        await rows(`SELECT account || '/' || region || '/' || strftime("date", '%Y-%m-%d') AS p, count(*)::INTEGER AS n
        FROM read_parquet(${parquet(lake, 'events')}, hive_partitioning = true) GROUP BY ALL`);
      expect(new Map(fromLake.map((r) => [String(r.p), Number(r.n)]))).toEqual(expected);

      const differing = await rows(`SELECT count(*)::INTEGER AS n
        FROM read_parquet(${parquet(lake, 'events')}, hive_partitioning = true) l
        FULL JOIN c.events e USING (event_key)
        WHERE l.event_key IS NULL OR e.event_key IS NULL
          OR l.event_time IS DISTINCT FROM e.event_time::TIMESTAMP OR l.event_name IS DISTINCT FROM e.event_name
          OR l.event_source IS DISTINCT FROM e.event_source OR l.source_id IS DISTINCT FROM e.source_id
          OR l.record_index IS DISTINCT FROM e.record_index OR l.record IS DISTINCT FROM e.record::VARCHAR
          OR l.request_parameters IS DISTINCT FROM e.request_parameters::VARCHAR
          OR l."date" IS DISTINCT FROM e.event_time::DATE`);
      expect(differing).toEqual([{ n: 0 }]);
    });
  });

  it('writes the other tables whole, row for row', async () => {
    await withDuckDB(async (rows) => {
      for (const [table, key] of [
        ['sources', 'source_id'],
        ['event_sources', 'event_key, source_id, record_index, record_hash'],
        ['pipeline_calls', 'event_key'],
      ]) {
        const [only] = await rows(`SELECT
            (SELECT count(*) FROM (SELECT ${key} FROM read_parquet(${parquet(lake, table!)}) EXCEPT ALL SELECT ${key} FROM c.${table}))::INTEGER AS lake_only,
            (SELECT count(*) FROM (SELECT ${key} FROM c.${table} EXCEPT ALL SELECT ${key} FROM read_parquet(${parquet(lake, table!)})))::INTEGER AS case_only`);
        expect(only, table).toEqual({ lake_only: 0, case_only: 0 });
      }
    });
  });

  it('uses only types Athena, Trino and Spark read, timestamps as UTC wall-clock time, partitions only in folder names', async () => {
    await withDuckDB(async (rows) => {
      for (const table of ['events', 'sources', 'event_sources', 'pipeline_calls']) {
        const columns = await rows(
          `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${parquet(lake, table)}, hive_partitioning = false))`,
        );
        for (const c of columns) expect(LAKE_TYPES, `${table}.${c.column_name}`).toContain(c.column_type);
        if (table === 'events')
          for (const partition of ['account', 'region', 'date'])
            expect(columns.map((c) => c.column_name)).not.toContain(partition);
      }
      const schema = await rows(`SELECT DISTINCT type, converted_type, logical_type
        FROM parquet_schema(${sqlString(path.join(lake, '*', '**', '*.parquet'))}) WHERE type IS NOT NULL`);
      for (const s of schema) {
        expect(['BYTE_ARRAY', 'BOOLEAN', 'INT32', 'INT64', 'DOUBLE']).toContain(s.type);
        if (s.converted_type === 'TIMESTAMP_MICROS') expect(String(s.logical_type)).toContain('isAdjustedToUTC=0');
      }
      const [times] = await rows(
        `SELECT min(event_time)::VARCHAR AS first FROM read_parquet(${parquet(lake, 'events')})`,
      );
      const [caseTimes] = await rows(`SELECT strftime(min(event_time), '%Y-%m-%d %H:%M:%S') AS first FROM c.events`);
      expect(times!.first).toBe(caseTimes!.first);
    });
  });

  it('sorts the rows of each events file by event_time, and compresses with zstd', async () => {
    await withDuckDB(async (rows) => {
      const unsorted = await rows(`SELECT filename FROM (
          SELECT filename, event_time < lag(event_time) OVER (PARTITION BY filename ORDER BY file_row_number) AS back
          FROM read_parquet(${parquet(lake, 'events')}, filename = true, file_row_number = true))
        WHERE back`);
      expect(unsorted).toEqual([]);
      const codecs = await rows(
        `SELECT DISTINCT compression FROM parquet_metadata(${sqlString(path.join(lake, '*', '**', '*.parquet'))})`,
      );
      expect(codecs).toEqual([{ compression: 'ZSTD' }]);
    });
  });

  it('writes the same events files on one lane as on three, and a cancel while they are written adds nothing', async () => {
    const lanes = { 1: path.join(dir, 'lake-one-lane'), 3: path.join(dir, 'lake-three-lanes') };
    const cancelledLake = path.join(dir, 'lake-cancelled');
    const controller = new AbortController();
    const store = await CaseStore.open(caseFile);
    try {
      for (const [count, folder] of Object.entries(lanes))
        await exportLake(store, { dir: folder, since: null, until: null }, { lanes: Number(count) });
      const cancelling = exportLake(
        store,
        { dir: cancelledLake, since: null, until: null },
        {
          lanes: 2,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.eventsDone > 0) controller.abort();
          },
        },
      );
      await expect(cancelling).rejects.toMatchObject({ kind: 'cancelled' });
    } finally {
      store.close();
    }
    expect(fs.existsSync(cancelledLake) ? fs.readdirSync(cancelledLake) : []).toEqual([]);
    expect(fs.readdirSync(`${caseFile}.exports`).filter((name) => name.startsWith('lake-staging-'))).toEqual([]);

    await withDuckDB(async (rows) => {
      const events = (folder: string) =>
        `SELECT replace(filename, ${sqlString(folder)}, '') AS file, * EXCLUDE (filename)
           FROM read_parquet(${parquet(folder, 'events')}, filename = true, hive_partitioning = false)`;
      const [differing] = await rows(`SELECT
          (SELECT count(*) FROM (${events(lanes[1])} EXCEPT ALL ${events(lanes[3])}))::INTEGER AS one_only,
          (SELECT count(*) FROM (${events(lanes[3])} EXCEPT ALL ${events(lanes[1])}))::INTEGER AS three_only,
          (SELECT count(DISTINCT filename) FROM read_parquet(${parquet(lanes[3], 'events')}, filename = true))::INTEGER AS files,
          (SELECT count(*) FROM c.events)::INTEGER AS events`);
      expect(differing!.files).toBeGreaterThan(3);
      expect(differing).toMatchObject({ one_only: 0, three_only: 0 });
      const [written] = await rows(`SELECT count(*)::INTEGER AS n FROM read_parquet(${parquet(lanes[3], 'events')})`);
      expect(written!.n).toBe(differing!.events);
    });
  });

  it('writes the portable detections in Athena SQL and lists the others with their reason', () => {
    const written = fs.readdirSync(path.join(lake, 'detections', 'athena'));
    const unportable = fs.readFileSync(path.join(lake, 'detections', 'UNPORTABLE.md'), 'utf8');
    const listed = unportable.split('\n').filter((line) => /^\| `[a-z0-9-]+` \|/.test(line));
    expect(written.length + listed.length).toBe(146);
    for (const name of written)
      expect(fs.readFileSync(path.join(lake, 'detections', 'athena', name), 'utf8')).toMatch(/SELECT/i);
  });

  it('adds nothing when exported again, and says what is already there', () => {
    const again = exportCli();
    expect(again).toMatchObject({
      export: null,
      added: { files: [], rows: {} },
      changed: [],
      missing: [],
      updated: [],
      kept: [],
    });
    expect(again.already_there).toEqual({ exports: 1, files: first.added.files.length, rows: first.added.rows });
    expect(sha256(path.join(lake, 'MANIFEST.json'))).toBe(first.manifest_sha256);
  });

  it('adds only the new events after another ingest, in files of their own', async () => {
    writeFile(
      path.join(dir, 'more', 'more.json'),
      `{"Records":[${record('new-1', '2026-11-05T10:00:00Z', '444455556666', 'eu-west-1')},${record('new-2', '2026-11-05T09:00:00Z', '444455556666', 'eu-west-1')}]}`,
    );
    const run = trailscope('ingest', '--case', caseFile, path.join(dir, 'more'));
    expect(run.code, run.stderr).toBe(0);
    const next = exportCli();
    expect(next.export).toBe(2);
    expect(next.added.rows).toEqual({ events: 2, sources: 1, event_sources: 2 });
    expect(next.added.files.filter((f) => f.endsWith('.parquet'))).toEqual([
      'event_sources/part-0002-0.parquet',
      'events/account=444455556666/region=eu-west-1/date=2026-11-05/part-0002-0.parquet',
      'sources/part-0002-0.parquet',
    ]);
    expect(next.already_there.rows.events).toBe(413);
    // The new account and region must be in Athena's partition projection: the DDL an earlier
    // export wrote, still untouched, describes the lake as it grew.
    expect(next.updated).toContain('ddl/athena.sql');
    expect(fs.readFileSync(path.join(lake, 'ddl', 'athena.sql'), 'utf8')).toContain('444455556666');
    const manifest = manifestOf(lake);
    expect(manifest.exports.map((e) => e.export)).toEqual([1, 2]);
    for (const name of first.added.files.filter((f) => f.endsWith('.parquet')))
      expect(manifest.files[name]?.export, name).toBe(1);
    await withDuckDB(async (rows) => {
      const [counts] = await rows(`SELECT
          (SELECT count(*) FROM read_parquet(${parquet(lake, 'events')}))::INTEGER AS lake,
          (SELECT count(DISTINCT event_key) FROM read_parquet(${parquet(lake, 'events')}))::INTEGER AS keys,
          (SELECT count(*) FROM c.events)::INTEGER AS "case"`);
      expect(counts).toEqual({ lake: 415, keys: 415, case: 415 });
    });
  });

  it('exports a window, then adds the rest of the case into the same folder without doubling anything', async () => {
    const windowed = path.join(dir, 'windowed');
    const inWindow = trailscopeJson<Summary>(
      'export',
      '--case',
      caseFile,
      '--parquet',
      windowed,
      '--since',
      '2026-10-25',
      '--until',
      '2026-10-28T12:00:00Z',
      '--json',
    );
    const rest = trailscopeJson<Summary>('export', '--case', caseFile, '--parquet', windowed, '--json');
    await withDuckDB(async (rows) => {
      const [expected] = await rows(`SELECT count(*)::INTEGER AS n FROM c.events
        WHERE event_time >= '2026-10-25T00:00:00Z' AND event_time < '2026-10-28T12:00:00Z'`);
      expect(inWindow.added.rows.events).toBe(expected!.n);
      expect(inWindow.added.rows.sources).toBe(576);
      expect(rest.added.rows.events).toBe(415 - Number(expected!.n));
      expect(rest.added.rows.sources).toBeUndefined();
      const [counts] = await rows(`SELECT count(*)::INTEGER AS rows, count(DISTINCT event_key)::INTEGER AS keys
        FROM read_parquet(${parquet(windowed, 'events')})`);
      expect(counts).toEqual({ rows: 415, keys: 415 });
      const [deliveries] = await rows(
        `SELECT count(*)::INTEGER AS n FROM read_parquet(${parquet(windowed, 'event_sources')})`,
      );
      expect(deliveries!.n).toBe(415);
    });
    expect(manifestOf(windowed).exports.map((e) => [e.since, e.until])).toEqual([
      ['2026-10-25T00:00:00.000Z', '2026-10-28T12:00:00.000Z'],
      [null, null],
    ]);
  });

  it('keeps a descriptive file someone edited instead of updating it, and says so', () => {
    const readme = path.join(lake, 'README.md');
    fs.appendFileSync(readme, '\nOur bucket: s3://evidence/acme/\n');
    const edited = fs.readFileSync(readme, 'utf8');
    writeFile(
      path.join(dir, 'more2', 'more.json'),
      `{"Records":[${record('new-3', '2026-11-06T10:00:00Z', '777788889999', 'ap-south-2')}]}`,
    );
    expect(trailscope('ingest', '--case', caseFile, path.join(dir, 'more2')).code).toBe(0);
    const next = exportCli();
    expect(next.export).toBe(3);
    expect(next.changed).toEqual(['README.md']);
    expect(next.kept).toEqual(['README.md']);
    expect(next.updated).toContain('ddl/athena.sql');
    expect(fs.readFileSync(readme, 'utf8')).toBe(edited);
  });

  it('reports a file changed since the manifest recorded it, and leaves it as it is', () => {
    const victim = first.added.files.find((f) => f.startsWith('events/'))!;
    fs.appendFileSync(path.join(lake, victim), 'tampered');
    const tampered = fs.readFileSync(path.join(lake, victim));
    const again = exportCli();
    expect(again.export).toBeNull();
    expect(again.changed).toEqual(['README.md', victim]);
    expect(fs.readFileSync(path.join(lake, victim)).equals(tampered)).toBe(true);
  });

  it('refuses a folder that is neither empty nor a lake, and a lake of another case', async () => {
    const other = path.join(dir, 'not-a-lake');
    writeFile(path.join(other, 'notes.txt'), 'mine');
    const refused = trailscope('export', '--case', caseFile, '--parquet', other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not a Trailscope lake/);
    expect(fs.readdirSync(other)).toEqual(['notes.txt']);

    const store = await CaseStore.open(path.join(dir, 'other.duckdb'), { create: true });
    try {
      await ingest(store, [path.join(dir, 'more')]);
      await expect(exportLake(store, { dir: lake, since: null, until: null })).rejects.toThrow(
        /exported from another case/,
      );
    } finally {
      store.close();
    }
  });

  it('refuses a time without its zone, with one line and exit 2', () => {
    const run = trailscope('export', '--case', caseFile, '--parquet', lake, '--since', '2026-10-25T10:00:00');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--since/);
  });
});
