import { type IngestLimits, READ_AHEAD_FILES } from './limits.ts';
import { type Loaded, load } from './load.ts';
import { type Lease, ReadAheadBudget } from './read-ahead-budget.ts';
import type { WalkItem } from './walk.ts';

/**
 * Reads and decodes files ahead of the one being staged, so gunzip runs on libuv's threads
 * while this thread stages: up to READ_AHEAD_FILES files, holding at most
 * `limits.readAheadBytes` between them beyond the file in hand. A file that does not fit
 * waits, and nothing more is started meanwhile (a tar's next member cannot be listed before
 * this one is read); it goes on once it is the file in hand.
 */
export async function* readAhead(items: AsyncGenerator<WalkItem>, limits: IngestLimits): AsyncGenerator<Loaded> {
  const budget = new ReadAheadBudget(limits.readAheadBytes);
  const queue: { lease: Lease; loaded: Promise<Loaded> }[] = [];
  let listed = false;
  try {
    for (;;) {
      while (!listed && queue.length <= READ_AHEAD_FILES && (queue.length === 0 || budget.hasRoom)) {
        const next = await items.next();
        if (next.done) {
          listed = true;
          break;
        }
        const lease = budget.lease();
        if (queue.length === 0) lease.promote();
        const loaded = load(next.value, lease, limits);
        // Awaited in turn below; until then a failure must not count as unhandled.
        loaded.catch(() => undefined);
        queue.push({ lease, loaded });
      }
      const head = queue.shift();
      if (!head) return;
      head.lease.promote();
      yield await head.loaded;
      head.lease.release();
      queue[0]?.lease.promote();
    }
  } finally {
    // Stopped early (a cancel): let what was started finish, so no read outlives the ingest.
    for (const pending of queue) pending.lease.promote();
    await items.return(undefined);
    await Promise.allSettled(queue.map((pending) => pending.loaded));
  }
}
