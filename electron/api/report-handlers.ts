import { caseDetails, saveCaseDetails } from '../core/analyst/case-details.ts';
import { bookmarkedEvents } from '../core/analyst/event-summaries.ts';
import { exportReport } from '../core/report/export-report.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const reportHandlers = (ctx: ApiContext): Handlers<'case:get-details' | 'case:save-details' | 'event:list-bookmarked' | 'report:export'> => ({
  'case:get-details': () => caseDetails(ctx.store),
  'case:save-details': (details) => saveCaseDetails(ctx.store, details),
  'event:list-bookmarked': async () => {
    const db = await ctx.store.connectReader();
    try {
      return await bookmarkedEvents(db);
    } finally {
      db.closeSync();
    }
  },
  'report:export': ({ format, title }) => exportReport(ctx.store, { format, ...(title ? { title } : {}) }, ctx.printPdf),
});
