import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { writeCaseSummary } from '../../electron/core/explore/case-summary.ts';
import { SUMMARY_VALUES } from '../../electron/core/explore/facet-summary.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { LISTED_CHARS } from '../../electron/core/explore/field-sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import type { ExploreFilter, Facet } from '../../shared/model/explore.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Whole-case facets are read from the summary the last ingest wrote; they must be the facets
 * counted live, value for value, and never a summary of other events than the case's.
 */
const dir = tempDir();
let store: CaseStore;

/** Records whose values are longer than a facet lists, and many IPs of one event each. */
function oddArchive(): string {
  const folder = path.join(dir, 'odd');
  fs.mkdirSync(folder, { recursive: true });
  const records = Array.from({ length: 150 }, (_, i) => ({
    eventVersion: '1.08',
    eventID: `odd-${i}`,
    eventTime: `2026-11-03T0${i % 10}:00:00Z`,
    eventSource: 'iam.amazonaws.com',
    eventName: i % 3 ? 'ListUsers' : 'CreateUser',
    awsRegion: 'us-east-1',
    sourceIPAddress: i < 3 ? `${'a'.repeat(LISTED_CHARS + 10)}${i}` : `198.51.100.${i}`,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${'u'.repeat(i % 2 ? 3000 : 5)}` },
    recipientAccountId: '111122223333',
  }));
  fs.writeFileSync(path.join(folder, 'odd.json'), JSON.stringify({ Records: records }));
  return folder;
}

/** The same facets counted from the events, with the summary set aside. */
async function live(on: CaseStore, filter: ExploreFilter, limit: number): Promise<Facet[]> {
  await on.writer.run('CREATE OR REPLACE TEMP TABLE kept_summary AS SELECT * FROM facet_summary');
  await on.writer.run('DELETE FROM facet_summary');
  try {
    return await facets(on, filter, limit);
  } finally {
    await on.writer.run('INSERT INTO facet_summary SELECT * FROM kept_summary');
  }
}

const summaryRows = (on: CaseStore) => on.read((db) => db.number('SELECT count(*) FROM facet_summary'));

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive', oddArchive()]);
});
afterAll(() => store.close());

describe('whole-case facets', () => {
  it('are written by an ingest, every facet but integrity', async () => {
    const dimensions = await store.read((db) =>
      db.rows<{ dimension: string }>('SELECT DISTINCT dimension FROM facet_summary ORDER BY 1'),
    );
    expect(dimensions.map((d) => d.dimension)).toEqual(
      [
        'access_key_id',
        'aws_region',
        'error_code',
        'event_name',
        'event_source',
        'principal',
        'recipient_account_id',
        'source_ip',
      ].sort(),
    );
    const most = await store.read((db) => db.number('SELECT max(place) FROM facet_summary'));
    expect(most).toBe(SUMMARY_VALUES);
  });

  it.each([1, 10, SUMMARY_VALUES])('are the facets counted live, %i values each, long ones cut', async (limit) => {
    const read = await facets(store, {}, limit);
    expect(read).toEqual(await live(store, {}, limit));
    const ips = read.find((f) => f.dimension === 'source_ip')!;
    expect(ips.values.length).toBe(limit);
    for (const facet of read)
      for (const v of facet.values) expect(v.value?.length ?? 0).toBeLessThanOrEqual(LISTED_CHARS);
  });

  it('give every event as unverified before any verification, as a run that judged no file does', async () => {
    const integrity = async () => (await facets(store, {}, 10)).find((f) => f.dimension === 'integrity');
    const before = await integrity();
    const events = await store.read((db) => db.number('SELECT count(*) FROM events'));
    expect(before?.values).toEqual([expect.objectContaining({ value: 'unverified', count: events })]);
    await store.writer.run(`INSERT INTO integrity_runs VALUES (1, now(), 'test', 0, 0, 0, 0, 0, '[]', '{}')`);
    try {
      expect(await integrity()).toEqual(before);
    } finally {
      await store.writer.run('DELETE FROM integrity_runs');
    }
  });

  it('leave filtered facets, and a facet with values chosen, to be counted live', async () => {
    for (const filter of [
      { fields: { event_name: ['CreateUser'] } },
      { exclude: { source_ip: ['198.51.100.7'] } },
      { from: '2026-11-03T00:00:00Z' },
      { text: 'CreateUser' },
    ] as ExploreFilter[])
      expect(await facets(store, filter, 10), JSON.stringify(filter)).toEqual(await live(store, filter, 10));
  });

  it('are not read once the case holds other events, and are written again by the next ingest', async () => {
    const before = (await facets(store, {}, 10)).map((f) => f.total);
    await store.writer.run(
      `INSERT INTO events (event_key, event_time, event_name, source_ip, record, source_id, record_index)
       VALUES ('late@1', TIMESTAMPTZ '2026-11-04 00:00:00+00', 'LateEvent', '203.0.113.250', '{}', 1, 0)`,
    );
    const read = await facets(store, {}, 10);
    expect(read).toEqual(await live(store, {}, 10));
    expect(read.map((f) => f.total)).toEqual(before.map((n) => n + 1));
    await writeCaseSummary(store.writer);
    expect(await facets(store, {}, 10)).toEqual(read);
    expect(await summaryRows(store)).toBeGreaterThan(0);
  });

  it('are kept, not counted again, by an ingest that adds no event', async () => {
    // A row no count would write: it stays only if the summary is left as it was.
    const events = await store.read((db) => db.number('SELECT count(*) FROM events'));
    await store.writer.run(
      `INSERT INTO facet_summary VALUES ('event_name', ${events}, 0, 'left as it was', 0, ${SUMMARY_VALUES + 1})`,
    );
    const summary = await summaryRows(store);
    const again = await ingest(store, ['samples/demo-archive']);
    expect(again.events_added).toBe(0);
    expect(await summaryRows(store)).toBe(summary);
    await store.writer.run(`DELETE FROM facet_summary WHERE value = 'left as it was'`);
  });

  it('of a lake are counted when it opens, and equal the case’s', async () => {
    const lakeDir = path.join(dir, 'lake');
    await exportLake(store, { dir: lakeDir, since: null, until: null });
    const lake = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
    try {
      expect(await summaryRows(lake)).toBeGreaterThan(0);
      expect(await facets(lake, {}, 10)).toEqual(await facets(store, {}, 10));
      expect(await facets(lake, {}, 10)).toEqual(await live(lake, {}, 10));
    } finally {
      lake.close();
    }
  });
});
