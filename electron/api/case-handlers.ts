import type { CaseSummary } from '../../shared/api/contract.ts';
import { caseInfo } from '../core/case/case-info.ts';
import { listCaseLog } from '../core/case/case-log.ts';
import { caseOverview } from '../core/case/case-overview.ts';
import type { CaseStore } from '../core/case/case-store.ts';
import { eventConflicts, listConflicts } from '../core/case/event-conflicts.ts';
import { listSources } from '../core/case/sources.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export async function caseSummary(store: CaseStore): Promise<CaseSummary> {
  return { path: store.path, lake: store.lake, ...(await caseInfo(store)) };
}

export const caseHandlers = (
  ctx: ApiContext,
): Handlers<
  | 'case:describe'
  | 'case:list-sources'
  | 'case:overview'
  | 'case:list-conflicts'
  | 'case:get-conflict'
  | 'case:list-log'
> => ({
  'case:describe': () => caseSummary(ctx.store),
  'case:list-sources': (params) => listSources(ctx.store, params),
  'case:overview': () => caseOverview(ctx.store),
  'case:list-conflicts': ({ limit }) => listConflicts(ctx.store, limit),
  'case:get-conflict': ({ event_key }) => eventConflicts(ctx.store, event_key),
  'case:list-log': (page) => listCaseLog(ctx.store, page),
});
