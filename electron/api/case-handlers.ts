import { caseInfo } from '../core/case/case-info.ts';
import { listSources } from '../core/case/sources.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const caseHandlers = (ctx: ApiContext): Handlers<'case:describe' | 'case:list-sources'> => ({
  'case:describe': async () => ({ path: ctx.store.path, ...(await caseInfo(ctx.store)) }),
  'case:list-sources': (params) => listSources(ctx.store, params),
});
