import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseOverview } from '../../electron/core/case/case-overview.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventConflicts, listConflicts } from '../../electron/core/case/event-conflicts.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { writeFile } from '../helpers/archives.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

/**
 * Two deliveries of one event key with different bodies are a conflict (DESIGN §4): both
 * bodies are kept, byte for byte, with their sources, and the case counts them. Another
 * serialization of the same JSON (whitespace, member order, string escapes) is not one.
 */
const dir = tempDir();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const record = (fields: string, id = 'e-1') =>
  `{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventID":"${id}","recipientAccountId":"111122223333",${fields}}`;
const log = (...records: string[]) => `{"Records":[${records.join(',')}]}`;

async function ingestInto(caseName: string, files: Record<string, string>, batchBytes?: number) {
  const root = path.join(dir, caseName, `run-${fs.existsSync(path.join(dir, caseName)) ? 2 : 1}`);
  for (const [name, text] of Object.entries(files)) writeFile(path.join(root, name), text);
  const store = await CaseStore.open(path.join(dir, `${caseName}.duckdb`), { create: true });
  try {
    return { summary: await ingest(store, [root], { batchBytes }), store };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function conflictRows(store: CaseStore) {
  const rows = await store.writer.runAndReadAll(
    `SELECT c.event_key, ks.path AS kept_path, c.kept_record_index, c.kept_sha256, s.path, c.record_index, c.sha256, c.record::VARCHAR AS record
     FROM event_conflicts c JOIN sources s USING (source_id) JOIN sources ks ON ks.source_id = c.kept_source_id
     ORDER BY s.path, c.record_index`,
  );
  return rows.getRowObjectsJson().map((r) => ({
    event_key: String(r.event_key),
    kept_path: path.basename(String(r.kept_path)),
    kept_record_index: Number(r.kept_record_index),
    kept_sha256: String(r.kept_sha256),
    path: path.basename(String(r.path)),
    record_index: Number(r.record_index),
    sha256: String(r.sha256),
    record: String(r.record),
  }));
}

/** The one record of a `{"Records": [...]}` file, exactly as written there. */
function onlyRecord(text: string): string {
  return text.slice(text.indexOf('[') + 1, text.lastIndexOf(']')).trim();
}

describe('conflicting deliveries', () => {
  it('records nothing when the same key comes twice with the same body', async () => {
    const body = record('"eventName":"GetObject"');
    // Two files, not one file twice (that is a duplicate file, whose records are not read again).
    const { store, summary } = await ingestInto('same', {
      'a.json': log(body),
      'b.json': log(body, record('"eventName":"GetObject"', 'e-2')),
    });
    expect(summary).toMatchObject({ events_added: 2, duplicates: 1, conflicts: 0 });
    expect(await conflictRows(store)).toEqual([]);
    expect((await caseOverview(store)).conflicts).toEqual({ events: 0, deliveries: 0 });
    store.close();
  });

  it('records the 2017 and 2021 documentation records, which differ in roleArn, with both bodies byte for byte', async () => {
    const older = fs.readFileSync(
      fixture('corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2017.json'),
      'utf8',
    );
    const newer = fs.readFileSync(
      fixture('corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2021.json'),
      'utf8',
    );
    const { store, summary } = await ingestInto('docs', { '2017.json': older, '2021.json': newer });
    expect(summary).toMatchObject({ events_added: 1, duplicates: 1, conflicts: 1 });
    const [row, ...more] = await conflictRows(store);
    expect(more).toEqual([]);
    expect(row).toEqual({
      event_key: 'c53dbd42-This-Is-An-Example@80398EXAMPLE',
      kept_path: '2017.json',
      kept_record_index: 0,
      kept_sha256: sha256(onlyRecord(older)),
      path: '2021.json',
      record_index: 0,
      sha256: sha256(onlyRecord(newer)),
      record: onlyRecord(newer),
    });
    const conflicts = await eventConflicts(store, 'c53dbd42-This-Is-An-Example@80398EXAMPLE');
    expect(conflicts.kept).toMatchObject({ record: onlyRecord(older), sha256: sha256(onlyRecord(older)) });
    expect(conflicts.kept?.file).toMatch(/2017\.json$/);
    expect(conflicts.others).toHaveLength(1);
    expect(conflicts.others[0]).toMatchObject({ record: onlyRecord(newer), record_index: 0 });
    expect(conflicts.others[0]!.file).toMatch(/2021\.json$/);
    expect(conflicts.kept?.record).toContain('AWS-CodePipeline-Service');
    expect(conflicts.others[0]!.record).toContain('CodePipeline_Service_Role');

    expect((await caseOverview(store)).conflicts).toEqual({ events: 1, deliveries: 1 });
    expect(await listConflicts(store, 10)).toEqual({
      events: [
        {
          event_key: 'c53dbd42-This-Is-An-Example@80398EXAMPLE',
          event_time: expect.any(String),
          event_name: 'UpdatePipeline',
          event_source: 'codepipeline.amazonaws.com',
          bodies: 2,
          deliveries: 1,
        },
      ],
      total: 1,
    });
    store.close();
  });

  it('records each delivery that differs from the stored body when three deliveries disagree', async () => {
    const a = record('"eventName":"GetObject"');
    const b = record('"eventName":"PutObject"');
    const c = record('"eventName":"DeleteObject"');
    const { store, summary } = await ingestInto('three', {
      'a.json': log(a),
      'b.json': log(b),
      'c.json': log(c, b),
    });
    expect(summary).toMatchObject({ events_added: 1, duplicates: 3, conflicts: 3 });
    const rows = await conflictRows(store);
    expect(rows.map((r) => [r.kept_path, r.path, r.record_index, r.record])).toEqual([
      ['a.json', 'b.json', 0, b],
      ['a.json', 'c.json', 0, c],
      ['a.json', 'c.json', 1, b],
    ]);
    expect(new Set(rows.map((r) => r.kept_sha256))).toEqual(new Set([sha256(a)]));
    const listed = await listConflicts(store, 10);
    expect(listed.events[0]).toMatchObject({ bodies: 3, deliveries: 3 });
    store.close();
  });

  it('does not count whitespace, member order or string escapes as a difference, but does count a number written otherwise', async () => {
    const stored = record('"eventName":"GetObject","requestParameters":{"bucketName":"b","key":"k"}');
    const reordered = `{ "recipientAccountId" : "111122223333", "eventID": "e-1",
      "requestParameters": { "key": "k", "bucketName": "\\u0062" }, "eventName": "GetObject",
      "eventSource": "s3.amazonaws.com", "eventTime": "2024-01-02T03:04:05Z", "eventVersion": "1.08" }`;
    const number = record('"eventName":"GetObject","requestParameters":{"bucketName":"b","key":"k","size":1}', 'e-2');
    const numberAgain = record(
      '"eventName":"GetObject","requestParameters":{"bucketName":"b","key":"k","size":1.0}',
      'e-2',
    );
    const { store, summary } = await ingestInto('formats', {
      'a.json': log(stored, number),
      'b.json': log(reordered, numberAgain),
    });
    expect(summary).toMatchObject({ events_added: 2, duplicates: 2, conflicts: 1 });
    expect((await conflictRows(store)).map((r) => [r.event_key, r.record])).toEqual([
      ['e-2@111122223333', numberAgain],
    ]);
    store.close();
  });

  it('finds a conflict within one batch, across batches and on a later run', async () => {
    const first = await ingestInto(
      'runs',
      { 'a.json': log(record('"eventName":"GetObject"'), record('"eventName":"PutObject"')) },
      1 << 20,
    );
    expect(first.summary).toMatchObject({ batches: 1, conflicts: 1 });
    first.store.close();
    const second = await ingestInto('runs', { 'b.json': log(record('"eventName":"ListObjects"')) });
    expect(second.summary).toMatchObject({ events_added: 0, conflicts: 1 });
    expect((await conflictRows(second.store)).map((r) => [r.kept_path, r.path, r.record_index])).toEqual([
      ['a.json', 'a.json', 1],
      ['a.json', 'b.json', 0],
    ]);
    second.store.close();

    const batches = await ingestInto(
      'batches',
      {
        'a.json': log(record('"eventName":"GetObject"')),
        'b.json': log(record('"eventName":"PutObject"')),
      },
      1,
    );
    expect(batches.summary).toMatchObject({ batches: 2, conflicts: 1 });
    batches.store.close();
  });

  it('finds a conflict with an event stored from a record only DuckDB could read (an escaped eventID)', async () => {
    const { store, summary } = await ingestInto(
      'escaped',
      {
        'a.json': log(record('"eventName":"GetObject"', 'e\\u002d1')),
        'b.json': log(record('"eventName":"PutObject"')),
        'c.json': log(record('"eventName":"GetObject"')),
      },
      1,
    );
    // JS reads b.json's key as new (it could not read a.json's); c.json says what a.json said,
    // escaped otherwise: the same JSON, so no conflict.
    expect(summary).toMatchObject({ events_added: 1, duplicates: 2, conflicts: 1 });
    expect((await conflictRows(store)).map((r) => [r.kept_path, r.path])).toEqual([['a.json', 'b.json']]);
    store.close();
  });

  it('go into a Parquet lake, are declared in its DDL, and come back from it byte for byte', async () => {
    const older = fs.readFileSync(
      fixture('corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2017.json'),
      'utf8',
    );
    const newer = fs.readFileSync(
      fixture('corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2021.json'),
      'utf8',
    );
    const { store } = await ingestInto('lake', { '2017.json': older, '2021.json': newer });
    const lakeDir = path.join(dir, 'lake-folder');
    const exported = await exportLake(store, { dir: lakeDir, since: null, until: null });
    store.close();
    expect(exported.added.rows).toMatchObject({ events: 1, event_conflicts: 1 });
    for (const engine of ['athena', 'trino', 'spark'])
      expect(fs.readFileSync(path.join(lakeDir, 'ddl', `${engine}.sql`), 'utf8')).toMatch(
        /TABLE IF NOT EXISTS [`"]event_conflicts[`"]/,
      );
    expect(fs.readFileSync(path.join(lakeDir, 'README.md'), 'utf8')).toContain(
      'evidence of tampering or of a bad export',
    );

    const side = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
    const conflicts = await eventConflicts(side, 'c53dbd42-This-Is-An-Example@80398EXAMPLE');
    side.close();
    expect(conflicts.kept?.record).toBe(onlyRecord(older));
    expect(conflicts.others.map((o) => [o.record, o.sha256])).toEqual([[onlyRecord(newer), sha256(onlyRecord(newer))]]);
  });
});
