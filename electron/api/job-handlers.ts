import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

/** Whatever its kind, a job is cancelled the same way: running ones stop at a safe point, queued ones never start. */
export const jobHandlers = (ctx: ApiContext): Handlers<'job:cancel'> => ({
  'job:cancel': async ({ jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
});
