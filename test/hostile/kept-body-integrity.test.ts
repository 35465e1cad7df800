import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { countEventIntegrity } from '../../electron/core/integrity/event-integrity.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { gzip } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import { ingestWithCli, trailStory, verifyOnDisk } from '../helpers/verified-trail.ts';

/**
 * Someone who can write to the bucket plants a changed copy of a genuine event in a file no
 * digest lists, which the responder ingests before the genuine trail: the case keeps the first
 * body it reads, and the genuine delivery, from a valid file, must not vouch for the forged one.
 */
type Event = Record<string, unknown>;

describe('an event whose kept body is a changed copy, delivered genuine by a valid file', () => {
  it.each([
    ['its name changed', (r: Event) => ({ ...r, eventName: 'DeleteTrail' }), 'unverified'],
    ['its source address changed', (r: Event) => ({ ...r, sourceIPAddress: '203.0.113.66' }), 'unverified'],
    ['a field added', (r: Event) => ({ ...r, planted: true }), 'unverified'],
    ['a field taken away', ({ userAgent: _, ...r }: Event) => r, 'unverified'],
    [
      'its fields in another order, the same JSON',
      (r: Event) => Object.fromEntries(Object.entries(r).reverse()),
      'verified',
    ],
  ])('a copy with %s is %s, on the case and on its lake', async (_, change, integrity) => {
    const dir = tempDir();
    const s = trailStory({ hours: 2 });
    const [genuine] = (JSON.parse(s.log(1).content.toString()) as { Records: Event[] }).Records;
    const early = path.join(dir, 'a-first');
    fs.mkdirSync(early, { recursive: true });
    fs.writeFileSync(
      path.join(early, 'early.json.gz'),
      gzip(Buffer.from(JSON.stringify({ Records: [change(genuine!)] }))),
    );
    ingestWithCli(path.join(dir, 'case.duckdb'), early);
    const { store } = await verifyOnDisk(dir, s.trail);
    const [kept] = await store.read((db) =>
      db.rows(
        `SELECT i.integrity, i.valid_deliveries, s.path LIKE '%early.json.gz' AS kept_early,
           (SELECT count(*) FROM event_conflicts c WHERE c.event_key = e.event_key) AS conflicts
           FROM event_integrity i JOIN events e USING (event_key) JOIN sources s ON s.source_id = e.source_id
           WHERE e.event_id = $id`,
        { id: String(genuine!.eventID) },
      ),
    );
    expect(kept).toEqual({
      integrity,
      valid_deliveries: '1',
      kept_early: true,
      conflicts: integrity === 'verified' ? '0' : '1',
    });
    const lakeDir = path.join(dir, 'lake');
    await exportLake(store, { dir: lakeDir, since: null, until: null });
    const lake = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
    try {
      expect(await countEventIntegrity(lake)).toEqual(await countEventIntegrity(store));
    } finally {
      lake.close();
    }
  });
});
