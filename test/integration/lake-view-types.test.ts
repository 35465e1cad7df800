import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { call, writeLog } from '../helpers/pipeline-story.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const lakeDir = path.join(dir, 'lake');
let onCase: CaseStore;
let onLake: CaseStore;

/** Session creation times a record may carry: try_cast keeps the infinities, and micro-seconds. */
const CREATED = ['2026-11-01T08:00:00.123456Z', 'infinity', '-infinity', 'not a time', '1970-01-01T00:00:00Z'];

beforeAll(async () => {
  const records = CREATED.map((creationDate, i) => {
    const record = call('GetPipeline', `2026-11-01T09:0${i}:0${i}.00${i}Z`);
    (record.userIdentity as Record<string, unknown>).sessionContext = { attributes: { creationDate } };
    return record;
  });
  const archive = path.join(dir, 'archive');
  writeLog(archive, 'times', records);
  const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, [archive]);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
  onCase = await CaseStore.open(path.join(dir, 'case.duckdb'));
  onLake = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
});

afterAll(() => {
  onCase.close();
  onLake.close();
});

const rows = (store: CaseStore, sql: string) => store.read((db) => db.rows<Record<string, unknown>>(sql));

describe("a lake's events view", () => {
  it('has the case’s column types, and the partition columns after them', async () => {
    const describe = `SELECT column_name, column_type FROM (DESCRIBE events)`;
    const [caseColumns, lakeColumns] = await Promise.all([rows(onCase, describe), rows(onLake, describe)]);
    expect(lakeColumns.slice(0, caseColumns.length)).toEqual(caseColumns);
    expect(lakeColumns.slice(caseColumns.length).map((c) => c.column_name)).toEqual(['account', 'region', 'date']);
  });

  it('reads every time back as the case’s instant: fractions of a second, the infinities and NULL', async () => {
    const sql = `SELECT event_key, event_time, session_created_at, epoch_us(event_time) AS us,
        session_created_at::VARCHAR AS created FROM events ORDER BY event_key`;
    const [fromCase, fromLake] = await Promise.all([rows(onCase, sql), rows(onLake, sql)]);
    expect(fromCase.map((r) => r.created)).toEqual(
      expect.arrayContaining(['infinity', '-infinity', null, '2026-11-01 08:00:00.123456+00']),
    );
    expect(fromLake).toEqual(fromCase);
  });

  it('finds by time on the lake what it finds on the case', async () => {
    const sql = `SELECT count(*) AS n FROM events WHERE event_time >= TIMESTAMPTZ '2026-11-01 09:01:01.001+00'
        AND session_created_at < TIMESTAMPTZ 'infinity'`;
    const [fromCase, fromLake] = await Promise.all([rows(onCase, sql), rows(onLake, sql)]);
    expect(Number(fromCase[0]!.n)).toBeGreaterThan(0);
    expect(fromLake).toEqual(fromCase);
  });
});
