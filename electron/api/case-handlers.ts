import { caseInfo } from '../core/case/case-info.ts';
import { listSources } from '../core/case/sources.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const caseHandlers = (ctx: ApiContext): Handlers<'case:info' | 'case:sources'> => ({
  'case:info': async () => ({ path: ctx.store.path, ...(await caseInfo(ctx.store)) }),
  'case:sources': (params) => listSources(ctx.store, params),
});
