import { actorActivity, eventRecord } from '../core/query/event-lookups.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const eventHandlers = (ctx: ApiContext): Handlers<'events:record' | 'events:by-actor'> => ({
  'events:record': ({ event_key }) => eventRecord(ctx.store, event_key),
  'events:by-actor': (params) => actorActivity(ctx.store, params),
});
