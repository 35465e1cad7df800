import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listCaseLog, logAction } from '../../electron/core/case/case-log.ts';
import { caseOverview } from '../../electron/core/case/case-overview.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { QuerySessions } from '../../electron/core/query/query-sessions.ts';
import type { CaseOverview } from '../../shared/model/case-overview.ts';
import { writeFile } from '../helpers/archives.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The case summary counts what the case holds: values ranked by events, files by how they
 * loaded (436 records loaded and 3 rejected is partly loaded), rejected records with their
 * reasons, conflicts; and the chain of custody lists every ingest beside the case log.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'overview.duckdb');

const record = (i: number, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventVersion: '1.08',
    eventTime: `2024-03-0${1 + (i % 9)}T10:00:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: i % 4 === 0 ? 'PutObject' : 'GetObject',
    eventID: `e-${i}`,
    recipientAccountId: i % 3 === 0 ? '111122223333' : '444455556666',
    awsRegion: 'eu-west-1',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::444455556666:user/u-${i % 7}` },
    ...(i % 10 === 0 ? { errorCode: 'AccessDenied' } : {}),
    ...fields,
  });
const log = (...records: string[]) => `{"Records":[${records.join(',')}]}`;

let store: CaseStore;
let overview: CaseOverview;

beforeAll(async () => {
  const good = log(...Array.from({ length: 20 }, (_, i) => record(i)));
  const partly = log(
    ...Array.from({ length: 436 }, (_, i) => record(100 + i)),
    '{"eventVersion":"1.08","eventID":"bad-1"}',
    '{"eventVersion":"1.08","eventID":"bad-2"}',
    '{"eventVersion":"1.08","eventID":"bad-3"}',
  );
  writeFile(path.join(dir, 'in', 'good.json'), good);
  writeFile(path.join(dir, 'in', 'partly.json'), partly);
  writeFile(path.join(dir, 'in', 'broken.json'), '{"Records": [ {"eventTime": ');
  writeFile(path.join(dir, 'in', 'copy-of-good.json'), good);
  writeFile(path.join(dir, 'in', 'z-conflict.json'), log(record(1, { eventName: 'DeleteObject' })));
  store = await CaseStore.open(caseFile, { create: true });
  await ingest(store, [path.join(dir, 'in')]);
  overview = await caseOverview(store);
});

describe('the case overview', () => {
  it('counts files by how they loaded: whole, in part, not at all, or as the copy of another', () => {
    expect(overview.files).toEqual({ loaded: 2, partly_loaded: 1, not_loaded: 1, duplicates: 1 });
  });

  it('counts rejected records, their files and their reasons, most frequent first', () => {
    expect(overview.rejected).toEqual({
      records: 3,
      files: 1,
      reasons: [{ value: 'no eventTime: not a CloudTrail record, or an abbreviated one', count: 3 }],
    });
  });

  it('ranks values by their events, with how many there are in all and the SQL that lists them', async () => {
    expect(overview.ranked.event_name.values).toEqual([
      { value: 'GetObject', count: 342 },
      { value: 'PutObject', count: 114 },
    ]);
    expect(overview.ranked.principal).toMatchObject({ distinct: 7 });
    // Most events first; a tie goes by the value.
    expect(overview.ranked.principal.values.slice(0, 3)).toEqual([
      { value: 'arn:aws:iam::444455556666:user/u-2', count: 66 },
      { value: 'arn:aws:iam::444455556666:user/u-3', count: 66 },
      { value: 'arn:aws:iam::444455556666:user/u-0', count: 65 },
    ]);
    expect(overview.ranked.error_code.values).toEqual([{ value: 'AccessDenied', count: 46 }]);
    expect(overview.failed_calls).toBe(46);
    expect(overview.ranked.recipient_account_id.values.map((v) => v.value)).toEqual(['444455556666', '111122223333']);

    const sessions = new QuerySessions(store);
    const all = await sessions.fetch(overview.ranked.principal.sql, 100);
    expect(all.rows).toHaveLength(7);
    expect(all.rows[0]).toEqual(['arn:aws:iam::444455556666:user/u-2', '66']);
  });

  it('counts the events whose deliveries conflict', () => {
    expect(overview.conflicts).toEqual({ events: 1, deliveries: 1 });
  });
});

describe('the chain of custody', () => {
  it('lists each ingest, with what it added, beside the case log, newest first', async () => {
    await store.writeAnalyst((db) => logAction(db, 'query-saved', { query_id: 1, title: 'Keys from two countries' }));
    const page = await listCaseLog(store, { limit: 10, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.entries.map((e) => [e.id, e.action])).toEqual([
      ['log-1', 'query-saved'],
      ['ingest-1', 'ingest'],
    ]);
    expect(page.entries[1]!.detail).toMatchObject({
      ingest_id: 1,
      inputs: [path.join(dir, 'in')],
      files: 5,
      records: 457,
      events_added: 456,
      rejected: 3,
      files_with_errors: 2,
      conflicts: 1,
      trailscope_version: expect.any(String),
      finished_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect((await listCaseLog(store, { limit: 1, offset: 1 })).entries.map((e) => e.id)).toEqual(['ingest-1']);
    expect((await caseOverview(store)).log_entries).toBe(2);
  });
});
