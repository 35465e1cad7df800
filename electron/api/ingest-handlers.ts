import { ingest } from '../core/ingest/ingest.ts';
import { refuseOnLake } from '../core/lake/open-lake.ts';
import type { ApiContext } from './api-context.ts';
import { startDetections } from './detect-handlers.ts';
import type { Handlers } from './handler-types.ts';

/** How a queued job names the ingest it waits for: its first path, and how many more. */
export function ingestLabel(paths: readonly string[]): string {
  const more = paths.length - 1;
  return `ingest of ${paths[0] ?? ''}${more > 0 ? ` and ${more} more` : ''}`;
}

export const ingestHandlers = (ctx: ApiContext): Handlers<'ingest:start'> => ({
  // An ingest is followed by a run of the whole pack, queued behind it in the evidence lane:
  // even a cancelled ingest committed whole batches, and the results must cover them. Only the
  // CLI asks for none, and the detections view then says how many events the last run missed.
  'ingest:start': async ({ paths, detect }) => {
    refuseOnLake(ctx.store, 'ingest');
    return {
      jobId: ctx.jobs.start('ingest', ingestLabel(paths), (signal, onProgress) =>
        ingest(ctx.store, paths, { signal, onProgress }),
      ),
      detectJobId: detect ? startDetections(ctx, 'ingest') : null,
    };
  },
});
