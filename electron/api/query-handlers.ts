import { eventsById } from '../core/query/events-by-id.ts';
import { exportResult } from '../core/query/export-result.ts';
import { deleteSavedQuery, queryHistory, savedQueries, saveQuery } from '../core/query/query-history.ts';
import { querySchema } from '../core/query/query-schema.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

type QueryRequests =
  | 'query:run'
  | 'query:fetch'
  | 'query:total'
  | 'query:cancel'
  | 'query:page'
  | 'query:export'
  | 'query:close'
  | 'query:describe-schema'
  | 'query:events-by-id'
  | 'query:list-history'
  | 'query:list-saved'
  | 'query:save'
  | 'query:delete-saved';

export const queryHandlers = ({ store, queries }: ApiContext): Handlers<QueryRequests> => ({
  'query:run': ({ query_id, sql }) => queries.run(query_id, sql),
  'query:fetch': ({ sql, limit, query_id }) => queries.fetch(sql, limit, query_id),
  'query:total': async ({ query_id }) => ({ total: await queries.total(query_id) }),
  'query:cancel': async ({ query_id }) => ({ cancelled: queries.cancel(query_id) }),
  'query:page': async ({ query_id, offset, limit, sort }) => ({
    rows: await queries.page(query_id, offset, limit, sort ?? null),
  }),
  'query:export': ({ query_id, format, sort }) => exportResult(store, queries, query_id, format, sort ?? null),
  'query:close': async ({ query_id }) => {
    void queries.close(query_id);
    return { closed: true };
  },
  'query:describe-schema': () => querySchema(store),
  'query:events-by-id': ({ event_id }) => eventsById(store, event_id),
  'query:list-history': ({ limit }) => queryHistory(store, limit),
  'query:list-saved': () => savedQueries(store),
  'query:save': (query) => saveQuery(store, query),
  'query:delete-saved': async ({ query_id }) => {
    await deleteSavedQuery(store, query_id);
    return { deleted: true };
  },
});
