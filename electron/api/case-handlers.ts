import type { CaseSummary } from '../../shared/api/contract.ts';
import { caseInfo } from '../core/case/case-info.ts';
import type { CaseStore } from '../core/case/case-store.ts';
import { listSources } from '../core/case/sources.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export async function caseSummary(store: CaseStore): Promise<CaseSummary> {
  return { path: store.path, lake: store.lake, ...(await caseInfo(store)) };
}

export const caseHandlers = (ctx: ApiContext): Handlers<'case:describe' | 'case:list-sources'> => ({
  'case:describe': () => caseSummary(ctx.store),
  'case:list-sources': (params) => listSources(ctx.store, params),
});
