import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArchive, generateOrgTrail } from '../../bench/generate-archive.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { cancelledWords } from '../../shared/ingest-outcome.ts';
import type { IngestProgress } from '../../shared/model/ingest.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Progress covers the commits, not only the reading: DuckDB's work is most of an ingest. And a
 * cancel keeps the batches committed before it, and says so, batch by batch.
 */
const dir = tempDir();
const big = path.join(dir, 'big');
const small = path.join(dir, 'small');
// About 44 MB of records: a first batch of 16 MiB, then the rest as a second.
const BIG = 40_000;
const SMALL = 4000;

beforeAll(() => {
  generateArchive(big, BIG, 11);
  generateArchive(small, SMALL, 12);
});

async function count(store: CaseStore, sql: string): Promise<number> {
  return store.read((db) => db.number(sql));
}

describe('ingest progress', () => {
  it('reports the commits as their own phase, batch by batch, and the case holds events before the end', async () => {
    const store = await CaseStore.open(path.join(dir, 'progress.duckdb'), { create: true });
    const seen: IngestProgress[] = [];
    let midway: Promise<number> | null = null;
    const summary = await ingest(store, [big], {
      onProgress: (p) => {
        seen.push(p);
        // Read by another connection, as the case summary reads it while the ingest runs.
        if (p.batchesCommitted === 1 && !midway) midway = count(store, 'SELECT count(*) FROM events');
      },
    });
    expect(summary).toMatchObject({ events_added: BIG, batches: 2, cancelled: false, discarded: null });

    // The first batch starts committing while files are still being read.
    expect(seen.some((p) => p.phase === 'loading' && p.committing?.batch === 1)).toBe(true);
    // Once every file is read, what is left is committing, with the whole picture known and the bar short of its end.
    const committing = seen.filter((p) => p.phase === 'committing');
    expect(committing.length).toBeGreaterThan(0);
    expect(committing[0]).toMatchObject({ records: BIG, batchesTotal: 2, bytesDone: committing[0]!.bytesTotal });
    expect(committing[0]!.fraction).toBeLessThan(1);
    expect(committing[0]!.recordsCommitted).toBeLessThan(BIG);
    expect(committing.some((p) => p.committing?.batch === 2 && p.committing.step === 'writing')).toBe(true);
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ phase: 'done', fraction: 1, recordsCommitted: BIG, batchesCommitted: 2 });

    const eventsMidway = await midway;
    expect(eventsMidway).toBeGreaterThan(0);
    expect(eventsMidway).toBeLessThan(BIG);
    store.close();
  });
});

describe('a cancelled ingest', () => {
  it('keeps the batches committed before the cancel, and counts them in its summary and its last snapshot', async () => {
    const store = await CaseStore.open(path.join(dir, 'kept.duckdb'), { create: true });
    const abort = new AbortController();
    let last: IngestProgress | null = null;
    const summary = await ingest(store, [small], {
      batchBytes: 64 * 1024,
      signal: abort.signal,
      onProgress: (p) => {
        last = p;
        if (p.batchesCommitted >= 2) abort.abort();
      },
    });
    const events = await count(store, 'SELECT count(*) FROM events');
    const files = await count(store, `SELECT count(*) FROM sources WHERE format <> 'archive'`);
    store.close();

    expect(summary.cancelled).toBe(true);
    expect(summary.batches).toBeGreaterThanOrEqual(2);
    expect(summary.events_added).toBe(events);
    expect(summary.files).toBe(files);
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThan(SMALL);
    expect(summary.discarded?.records).toBeGreaterThan(0);
    expect(last).toMatchObject({
      phase: 'cancelled',
      batchesCommitted: summary.batches,
      recordsCommitted: events,
      eventsAdded: events,
      committing: null,
    });
    expect(cancelledWords(summary)).toMatch(
      new RegExp(
        `^Cancelled: ${summary.batches} batches committed before the cancel were kept: ${files} files read, ${events.toLocaleString('en-US')} events added`,
      ),
    );
  });

  it('says why nothing was kept when no batch had been committed', async () => {
    const store = await CaseStore.open(path.join(dir, 'nothing.duckdb'), { create: true });
    const abort = new AbortController();
    const summary = await ingest(store, [small], {
      signal: abort.signal,
      // As soon as a file is read: in the first batch, before any commit ended.
      onProgress: (p) => {
        if (p.filesSeen > 0) abort.abort();
      },
    });
    const events = await count(store, 'SELECT count(*) FROM events');
    store.close();
    expect(events).toBe(0);
    expect(summary).toMatchObject({ cancelled: true, batches: 0, files: 0, events_added: 0 });
    expect(summary.discarded?.files).toBeGreaterThan(0);
    expect(cancelledWords(summary)).toMatch(
      /^Cancelled: nothing was kept\. Records are committed in batches, each whole or not at all, and no batch had finished committing when the ingest stopped\. \d+ files? \([\d,]+ records?\) read after the last commit (was|were) discarded whole\./,
    );
  });

  it('gives the event loop turns while it reads thousands of small files, so a commit, a cancel or a request is heard', async () => {
    // Files of a few KB are read and inflated without waiting on I/O; without turns the whole
    // archive was staged before a timer (or a commit's next statement) could run.
    const trail = path.join(dir, 'org-trail');
    const files = generateOrgTrail(trail, 20_000, 13).files.length;
    const store = await CaseStore.open(path.join(dir, 'turns.duckdb'), { create: true });
    let filesDone = 0;
    let heardAt: number | null = null;
    const summary = await ingest(store, [trail], {
      onProgress: (p) => {
        filesDone = p.filesDone;
        if (p.phase === 'loading' && heardAt === null) {
          heardAt = -1;
          setTimeout(() => (heardAt = filesDone), 0);
        }
      },
    });
    expect(summary).toMatchObject({ files, events_added: 20_000 });
    expect(heardAt).toBeGreaterThanOrEqual(0);
    expect(heardAt).toBeLessThan(files / 2);
    store.close();
  });
});
