import { ingest } from '../core/ingest/ingest.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const ingestHandlers = (ctx: ApiContext): Handlers<'ingest:start' | 'job:cancel'> => ({
  'ingest:start': async ({ paths }) => ({
    jobId: ctx.jobs.start((signal, onProgress) => ingest(ctx.store, paths, { signal, onProgress })),
  }),
  'job:cancel': async ({ jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
});
