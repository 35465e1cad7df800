import { exportLake } from '../core/lake/export-lake.ts';
import { refuseOnLake } from '../core/lake/open-lake.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

/** One spelling of each instant, the one the manifest records and compares. */
const utc = (iso: string | undefined) => (iso === undefined ? null : new Date(iso).toISOString());

export const lakeHandlers = (ctx: ApiContext): Handlers<'lake:export'> => ({
  'lake:export': async ({ dir, since, until }) => {
    refuseOnLake(ctx.store, 'a Parquet export');
    return {
      jobId: ctx.jobs.start('lake-export', `Parquet export into ${dir}`, (signal, onProgress) =>
        exportLake(ctx.store, { dir, since: utc(since), until: utc(until) }, { signal, onProgress }),
      ),
    };
  },
});
