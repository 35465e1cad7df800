import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventsPage } from '../../electron/core/explore/events-page.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { oneDeliveryEach } from '../../electron/core/explore/integrity-sql.ts';
import { topValues } from '../../electron/core/explore/top-values.ts';
import { countEventIntegrity } from '../../electron/core/integrity/event-integrity.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { eventIntegrityValues } from '../../shared/model/integrity.ts';
import { gzip, rewritten } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import { ingestWithCli, trailStory, verifyOnDisk } from '../helpers/verified-trail.ts';

/**
 * Per event: whether a file a verified digest vouches for delivered it. A six-hour trail of
 * 24 events; log file L4 (two events) is modified; a planted file re-delivers an event of L0
 * and carries one event of its own; a copy of L2 lies outside the layout.
 */
async function storyCase() {
  const dir = tempDir();
  const s = trailStory();
  s.trail.logFiles[4] = rewritten(s.log(4), s.log(4).content.toString().replaceAll('198.51.100.7', '203.0.113.9'));
  const [genuine] = (JSON.parse(s.log(0).content.toString()) as { Records: Record<string, unknown>[] }).Records;
  const own = { ...genuine!, eventID: 'planted-0000-4000-8000-000000000001', eventName: 'CreateUser' };
  const planted = s.log(4).key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, '_20260301T0230Z_PLANTEDplanted00');
  const content = Buffer.from(JSON.stringify({ Records: [genuine, own] }));
  s.trail.logFiles.push({ key: planted, content, stored: gzip(content) });
  const verified = await verifyOnDisk(dir, s.trail);
  return { s, ...verified };
}

/**
 * A file ingested into `dir`'s case before the trail (verifyOnDisk's), so that it holds first
 * whatever events it carries.
 */
function ingestFirst(dir: string, name: string, stored: Buffer) {
  const first = path.join(dir, 'a-first');
  fs.mkdirSync(first, { recursive: true });
  fs.writeFileSync(path.join(first, name), stored);
  ingestWithCli(path.join(dir, 'case.duckdb'), first);
}

/**
 * The explorer reads an event's verdict by its own file when no event was delivered twice, and
 * through `event_integrity` otherwise: both must give every event the view's verdict.
 */
async function expectExplorerAgreesWithView(store: CaseStore) {
  const byView = await store.read((db) =>
    db.rows<{ integrity: string; keys: string[] }>(
      'SELECT integrity, list(event_key ORDER BY event_key) AS keys FROM event_integrity GROUP BY ALL',
    ),
  );
  const keysOf = (value: string) => byView.find((v) => v.integrity === value)?.keys ?? [];
  const facet = (await facets(store, {}, 10)).find((f) => f.dimension === 'integrity')!;
  const counts = await countEventIntegrity(store);
  const ranked = await topValues(store, {}, { dimension: 'integrity', limit: 10 });
  for (const value of eventIntegrityValues) {
    const expected = keysOf(value);
    expect(facet.values.find((v) => v.value === value)?.count ?? 0, value).toBe(expected.length);
    expect(counts[value], value).toBe(expected.length);
    expect(ranked.values.find((v) => v.value === value)?.count ?? 0, value).toBe(expected.length);
    const page = await eventsPage(store, { fields: { integrity: [value] } }, 0, 1000);
    expect(page.rows.map((r) => r.event_key).sort(), value).toEqual(expected);
    const others = await eventsPage(store, { exclude: { integrity: [value] } }, 0, 1000);
    expect(others.total, value).toBe(facet.total - expected.length);
  }
}

/** The same, on the case and on its export opened as a lake; both give the same counts. */
async function expectCaseAndLakeAgree(store: CaseStore, once: boolean) {
  expect(await store.read((db) => oneDeliveryEach(store, db))).toBe(once);
  await expectExplorerAgreesWithView(store);
  const lakeDir = path.join(tempDir(), 'lake');
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  const lake = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
  try {
    expect(await lake.read((db) => oneDeliveryEach(lake, db))).toBe(once);
    await expectExplorerAgreesWithView(lake);
    expect(await countEventIntegrity(lake)).toEqual(await countEventIntegrity(store));
  } finally {
    lake.close();
  }
}

describe('each event’s integrity', () => {
  it('is verified when a valid file delivered it, invalid-only when only invalid files did, unverified otherwise', async () => {
    const { store } = await storyCase();
    const counts = await store.read((db) =>
      db.rows<{ integrity: string; n: string }>(
        `SELECT integrity, count(*) AS n FROM event_integrity GROUP BY ALL ORDER BY integrity`,
      ),
    );
    expect(counts).toEqual([
      { integrity: 'invalid-only', n: '2' },
      { integrity: 'unverified', n: '1' },
      { integrity: 'verified', n: '22' },
    ]);
    const [twice] = await store.read((db) =>
      db.rows(`SELECT integrity, deliveries, valid_deliveries, invalid_deliveries FROM event_integrity i JOIN events e USING (event_key)
               WHERE e.record_index = 0 AND e.event_key IN (SELECT event_key FROM event_sources GROUP BY ALL HAVING count(*) = 2)`),
    );
    expect(twice).toEqual({ integrity: 'verified', deliveries: '2', valid_deliveries: '1', invalid_deliveries: '0' });
    const [own] = await store.read((db) =>
      db.rows(
        `SELECT i.integrity FROM event_integrity i JOIN events e USING (event_key) WHERE e.event_name = 'CreateUser'`,
      ),
    );
    expect(own).toEqual({ integrity: 'unverified' });
  });

  it('is a facet of the explorer, and a filter every explorer view honours', async () => {
    const { store } = await storyCase();
    const facet = (await facets(store, {}, 10)).find((f) => f.dimension === 'integrity')!;
    expect(facet.values).toEqual([
      { value: 'verified', count: 22, selected: false, excluded: false },
      { value: 'invalid-only', count: 2, selected: false, excluded: false },
      { value: 'unverified', count: 1, selected: false, excluded: false },
    ]);
    const page = await eventsPage(store, { fields: { integrity: ['invalid-only'] } }, 0, 10);
    expect(page.total).toBe(2);
    expect(page.rows.every((r) => r.source_ip === '203.0.113.9')).toBe(true);
    await expectCaseAndLakeAgree(store, false);
  });

  it('is read by each event’s own file when no event was delivered twice, with the same verdicts', async () => {
    const dir = tempDir();
    const s = trailStory();
    s.trail.logFiles[4] = rewritten(s.log(4), s.log(4).content.toString().replaceAll('198.51.100.7', '203.0.113.9'));
    // A file outside the layout, with events of its own: read, but no digest lists it.
    const own = (JSON.parse(s.log(1).content.toString()) as { Records: Record<string, unknown>[] }).Records.map(
      (r, i) => ({ ...r, eventID: `unlisted-0000-4000-8000-00000000000${i}` }),
    );
    const content = Buffer.from(JSON.stringify({ Records: own }));
    const unlisted = s.log(1).key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, '_20260301T0130Z_UNLISTEDunlist00');
    s.trail.logFiles.push({ key: unlisted, content, stored: gzip(content) });
    const { store } = await verifyOnDisk(dir, s.trail);
    const counts = await countEventIntegrity(store);
    expect([counts.verified, counts['invalid-only'], counts.unverified]).toEqual([22, 2, own.length]);
    await expectCaseAndLakeAgree(store, true);
  });

  it('is read from every delivery once an event was delivered twice: a valid later delivery verifies it', async () => {
    const dir = tempDir();
    const s = trailStory({ hours: 2 });
    // No digest lists this file, and it keeps the event.
    const [genuine] = (JSON.parse(s.log(1).content.toString()) as { Records: Record<string, unknown>[] }).Records;
    ingestFirst(dir, 'early.json.gz', gzip(Buffer.from(JSON.stringify({ Records: [genuine] }))));
    const { store } = await verifyOnDisk(dir, s.trail);
    const [kept] = await store.read((db) =>
      db.rows(
        `SELECT i.integrity, s.path LIKE '%early.json.gz' AS kept_early FROM event_integrity i JOIN events e USING (event_key)
           JOIN sources s ON s.source_id = e.source_id WHERE e.event_id = $id`,
        { id: String(genuine!.eventID) },
      ),
    );
    expect(kept).toEqual({ integrity: 'verified', kept_early: true });
    await expectCaseAndLakeAgree(store, false);
  });

  it('counts a delivery valid when an identical copy elsewhere, recorded as its duplicate, is the valid one', async () => {
    const dir = tempDir();
    const s = trailStory({ hours: 2 });
    // It holds the events, and the listed file is its duplicate.
    ingestFirst(dir, 'l2.json.gz', s.log(2).stored);
    const { store } = await verifyOnDisk(dir, s.trail);
    const statuses = await store.read((db) =>
      db.rows<{ status: string; integrity: string | null }>(
        `SELECT s.status, f.status AS integrity FROM sources s LEFT JOIN integrity_files f USING (source_id) WHERE s.path LIKE '%l2.json.gz' OR s.s3_key LIKE '%' || $name ORDER BY s.source_id`,
        {
          name: s.log(2).key.split('/').pop()!,
        },
      ),
    );
    expect(statuses).toEqual([
      { status: 'ok', integrity: 'unlisted' },
      { status: 'duplicate-file', integrity: 'valid' },
    ]);
    const counts = await store.read((db) =>
      db.rows<{ integrity: string; n: string }>(`SELECT integrity, count(*) AS n FROM event_integrity GROUP BY ALL`),
    );
    expect(counts).toEqual([{ integrity: 'verified', n: '8' }]);
    await expectCaseAndLakeAgree(store, true);
  });
});
