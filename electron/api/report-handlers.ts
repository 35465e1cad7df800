import { caseDetails, saveCaseDetails } from '../core/analyst/case-details.ts';
import { bookmarkedEvents } from '../core/analyst/event-summaries.ts';
import { exportReport } from '../core/report/export-report.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const reportHandlers = (
  ctx: ApiContext,
): Handlers<'case:get-details' | 'case:save-details' | 'event:list-bookmarked' | 'report:export'> => ({
  'case:get-details': () => caseDetails(ctx.store),
  'case:save-details': (details) => saveCaseDetails(ctx.store, details),
  'event:list-bookmarked': () => ctx.store.read(bookmarkedEvents),
  'report:export': async ({ format, title }) => ({
    jobId: ctx.jobs.start('report', `report in ${format.toUpperCase()}`, (signal, onProgress) =>
      exportReport(ctx.store, { format, ...(title ? { title } : {}) }, ctx.printPdf, { signal, onProgress }),
    ),
  }),
});
