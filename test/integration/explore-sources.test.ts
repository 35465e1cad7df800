import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { listSources } from '../../electron/core/case/sources.ts';
import { eventsPage } from '../../electron/core/explore/events-page.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exploreRecords, writeExploreArchive } from '../helpers/explore-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The explorer narrowed to the events of given source files, as the Integrity view's "Show
 * events" asks: the fixture's twelve events in one file, two of them delivered again by a
 * second file, and an exact copy of that second file under another name (a duplicate).
 */
const dir = tempDir();
let store: CaseStore;
let ids: { fixture: number; second: number; copy: number };

beforeAll(async () => {
  const root = writeExploreArchive(path.join(dir, 'archive'));
  const again = zlib.gzipSync(JSON.stringify({ Records: exploreRecords.slice(0, 2) }));
  for (const name of ['b-second.json.gz', 'c-copy.json.gz']) fs.writeFileSync(path.join(root, name), again);
  store = await CaseStore.open(path.join(dir, 'sources.duckdb'), { create: true });
  await ingest(store, [root]);
  const rows = await listSources(store, { limit: 10 });
  const id = (end: string) => rows.find((r) => r.path.endsWith(end))!.source_id;
  ids = { fixture: id('_fixture.json.gz'), second: id('b-second.json.gz'), copy: id('c-copy.json.gz') };
});
afterAll(() => store.close());

const names = async (source_ids: number[]) =>
  (await eventsPage(store, { source_ids }, 0, 100)).rows.map((r) => r.event_name);

describe('the explorer narrowed to source files', () => {
  it('shows the events a file delivered, including those other files delivered too', async () => {
    expect(await names([ids.second])).toEqual(['CreateUser', 'CreateUser']);
    expect((await eventsPage(store, { source_ids: [ids.fixture] }, 0, 100)).total).toBe(12);
  });

  it('reads a duplicate file as its original, whose events ingest linked', async () => {
    expect((await listSources(store, { source_ids: [ids.copy], limit: 1 }))[0]).toMatchObject({
      status: 'duplicate-file',
      duplicate_of: ids.second,
    });
    expect(await names([ids.copy])).toEqual(['CreateUser', 'CreateUser']);
  });

  it('ORs the files and ANDs them with the other filters', async () => {
    expect((await eventsPage(store, { source_ids: [ids.second, ids.fixture] }, 0, 100)).total).toBe(12);
    expect(
      (await eventsPage(store, { source_ids: [ids.fixture], fields: { event_source: ['s3.amazonaws.com'] } }, 0, 100))
        .total,
    ).toBe(2);
    const facet = (await facets(store, { source_ids: [ids.second] }, 10)).find((f) => f.dimension === 'event_name')!;
    expect(facet).toMatchObject({ total: 2, values: [{ value: 'CreateUser', count: 2, selected: false }] });
  });

  it('matches nothing for a source that is not in the case', async () => {
    expect(await names([99_999])).toEqual([]);
  });
});

describe('listing sources by id', () => {
  it('gives only the sources named, for the filter chip to name them', async () => {
    const rows = await listSources(store, { source_ids: [ids.copy, ids.fixture], limit: 10 });
    expect(rows.map((r) => r.source_id).sort()).toEqual([ids.fixture, ids.copy].sort());
    expect(await listSources(store, { source_ids: [], limit: 10 })).toEqual([]);
  });
});
