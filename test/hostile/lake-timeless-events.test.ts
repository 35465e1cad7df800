import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { tempDir } from '../helpers/temp.ts';

// Ingest never stores these times (event-time.ts), but a case file from elsewhere can hold them.
const TIMELESS = [
  ["'infinity'::TIMESTAMPTZ", 'infinity'],
  ["'-infinity'::TIMESTAMPTZ", 'infinity'],
  ["TIMESTAMPTZ '12345-06-01 00:00:00+00'", '12345'],
  ['to_timestamp(-1e11)', '-1199'],
] as const;

const dir = tempDir();
let store: CaseStore;
let caseEvents = 0;

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
  caseEvents = Number((await store.writer.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0]);
});
afterAll(() => store.close());

async function withTimelessEvent(time: string, run: () => Promise<void>): Promise<void> {
  await store.writer.run(
    `INSERT INTO events (event_key, event_time, event_name, record, source_id, record_index)
     VALUES ('timeless@1', ${time}, 'Timeless', '{}', 1, 9999)`,
  );
  try {
    await run();
  } finally {
    await store.writer.run(`DELETE FROM events WHERE event_key = 'timeless@1'`);
  }
}

describe('a case holding an event with no UTC day, exported as a lake', () => {
  it.each(TIMELESS)('refuses the export with the reason and writes nothing (%s)', async (time, shown) => {
    const lakeDir = path.join(dir, `refused-${TIMELESS.findIndex(([t]) => t === time)}`);
    await withTimelessEvent(time, async () => {
      await expect(exportLake(store, { dir: lakeDir, since: null, until: null })).rejects.toMatchObject({
        kind: 'invalid-input',
        message: expect.stringContaining(`no UTC day the lake can file them under (`),
      });
      const refusal = await exportLake(store, { dir: lakeDir, since: null, until: null }).catch((e: Error) => e);
      expect(String(refusal)).toContain(shown);
      // The query the refusal gives finds the event, and only it.
      const query = /looking at them with: (SELECT .*)$/.exec(String(refusal))![1]!;
      const found = (await store.writer.runAndReadAll(`SELECT event_key FROM (${query})`)).getRows();
      expect(found).toEqual([['timeless@1']]);
    });
    expect(fs.existsSync(path.join(lakeDir, 'MANIFEST.json'))).toBe(false);
  });

  it('exports every other event within the window the refusal suggests', async () => {
    const lakeDir = path.join(dir, 'windowed');
    await withTimelessEvent("'infinity'::TIMESTAMPTZ", async () => {
      await exportLake(store, { dir: lakeDir, since: '2006-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' });
    });
    const lake = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
    try {
      expect(lake.lakeEvents?.count).toBe(caseEvents);
    } finally {
      lake.close();
    }
  });
});
