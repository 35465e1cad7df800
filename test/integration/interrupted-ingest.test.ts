import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate-archive.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import type { IngestProgress } from '../../shared/model/ingest.ts';
import { tempDir } from '../helpers/temp.ts';

const EVENTS = 4000;

interface Consistency {
  events: number;
  linked_keys: number;
  orphan_links: number;
  records_counted: number;
  links: number;
  doubled: number;
}

/** Checks what a whole batch guarantees: every link has its event and every loaded record its link. */
async function consistency(caseFile: string): Promise<Consistency> {
  const store = await CaseStore.open(caseFile);
  try {
    const result = await store.writer.runAndReadAll(`SELECT
      (SELECT count(*) FROM events) AS events,
      (SELECT count(DISTINCT event_key) FROM event_sources) AS linked_keys,
      (SELECT count(*) FROM event_sources es WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_key = es.event_key)) AS orphan_links,
      (SELECT coalesce(sum(record_count), 0) FROM sources) AS records_counted,
      (SELECT count(*) FROM event_sources) AS links,
      (SELECT count(*) FROM events GROUP BY event_key HAVING count(*) > 1) AS doubled`);
    const row = result.getRowObjectsJson()[0]!;
    const count = (name: string) => Number(row[name] ?? 0);
    return {
      events: count('events'),
      linked_keys: count('linked_keys'),
      orphan_links: count('orphan_links'),
      records_counted: count('records_counted'),
      links: count('links'),
      doubled: count('doubled'),
    };
  } finally {
    store.close();
  }
}

describe('an ingest that is cancelled or killed', () => {
  const dir = tempDir();
  const archive = path.join(dir, 'archive');

  beforeAll(() => {
    generateArchive(archive, EVENTS, 7);
  });

  it('leaves whole batches only when cancelled, and a second run completes the case', async () => {
    const caseFile = path.join(dir, 'cancelled.duckdb');
    const store = await CaseStore.open(caseFile, { create: true });
    const abort = new AbortController();
    const first = await ingest(store, [archive], {
      batchBytes: 64 * 1024,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.eventsAdded > 0) abort.abort();
      },
    });
    store.close();
    expect(first.cancelled).toBe(true);
    const partial = await consistency(caseFile);
    expect(partial.events).toBeGreaterThan(0);
    expect(partial.events).toBeLessThan(EVENTS);
    expect(partial).toMatchObject({
      linked_keys: partial.events,
      orphan_links: 0,
      records_counted: partial.links,
      doubled: 0,
    });

    const again = await CaseStore.open(caseFile);
    const second = await ingest(again, [archive]);
    again.close();
    expect(second.events_added).toBe(EVENTS - partial.events);
    expect(await consistency(caseFile)).toMatchObject({
      events: EVENTS,
      linked_keys: EVENTS,
      links: EVENTS,
      orphan_links: 0,
      doubled: 0,
    });
  });

  // A cancel reaches a commit while DuckDB runs one of its statements (interrupted), or between
  // two (checked at the next step): either way the batch is rolled back whole.
  it.each<[string, (p: IngestProgress) => boolean, number]>([
    ['as it starts', (p) => p.committing?.step === 'events', 0],
    ['after its events are in', (p) => p.committing?.step === 'checking', 0],
    ['while DuckDB runs its statements', (p) => p.committing !== null, 40],
  ])(
    'stops a commit under way when cancelled %s, rolls that batch back whole, and a second run completes the case',
    async (moment, when, delayMs) => {
      const caseFile = path.join(dir, `cancelled-in-commit ${moment}.duckdb`);
      const store = await CaseStore.open(caseFile, { create: true });
      const abort = new AbortController();
      let seen = false;
      const first = await ingest(store, [archive], {
        signal: abort.signal,
        onProgress: (p) => {
          if (seen || !when(p)) return;
          seen = true;
          if (delayMs === 0) abort.abort();
          else setTimeout(() => abort.abort(), delayMs);
        },
      });
      const after = await store.writer.runAndReadAll(
        'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sources) AS sources',
      );
      const kept = after.getRowObjectsJson()[0];
      store.close();
      expect(seen).toBe(true);
      if (delayMs === 0) expect(first.batches).toBe(0);
      if (first.batches === 0) {
        expect(kept).toEqual({ events: '0', sources: '0' });
        expect(first).toMatchObject({ cancelled: true, events_added: 0 });
      } else {
        // The timer may fire after the commit ended: then the batch is kept, and said to be.
        expect(kept).toEqual({ events: String(EVENTS), sources: expect.any(String) });
        expect(first).toMatchObject({ cancelled: true, events_added: EVENTS, batches: 1 });
      }

      const again = await CaseStore.open(caseFile);
      const second = await ingest(again, [archive]);
      again.close();
      expect(second.events_added).toBe(EVENTS - first.events_added);
      expect(await consistency(caseFile)).toMatchObject({ events: EVENTS, links: EVENTS, orphan_links: 0, doubled: 0 });
    },
  );

  it('leaves whole batches only when the process is killed, and a second run completes the case', async () => {
    const caseFile = path.join(dir, 'killed.duckdb');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/ingest-in-batches.ts', caseFile, archive], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('committed')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const partial = await consistency(caseFile);
    expect(partial.events).toBeLessThan(EVENTS);
    expect(partial).toMatchObject({
      linked_keys: partial.events,
      orphan_links: 0,
      records_counted: partial.links,
      doubled: 0,
    });

    const store = await CaseStore.open(caseFile);
    const second = await ingest(store, [archive]);
    store.close();
    expect(second.events_added).toBe(EVENTS - partial.events);
    expect(await consistency(caseFile)).toMatchObject({ events: EVENTS, links: EVENTS, orphan_links: 0, doubled: 0 });
  });
});
