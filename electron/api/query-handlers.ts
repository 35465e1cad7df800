import { runQuery } from '../core/query/run-query.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const queryHandlers = (ctx: ApiContext): Handlers<'query:run'> => ({
  'query:run': ({ sql, limit }) => runQuery(ctx.store, sql, limit),
});
