import { actorActivity, eventRecord } from '../core/query/event-lookups.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const eventHandlers = (ctx: ApiContext): Handlers<'event:get-record' | 'event:list-by-actor'> => ({
  'event:get-record': ({ event_key }) => eventRecord(ctx.store, event_key),
  'event:list-by-actor': (params) => actorActivity(ctx.store, params),
});
