import { annotate, eventAnnotations } from '../core/analyst/annotations.ts';
import { eventFields } from '../core/explore/event-fields.ts';
import { eventsPage } from '../core/explore/events-page.ts';
import { facets } from '../core/explore/facets.ts';
import { heatmap } from '../core/explore/heatmap.ts';
import { topValues } from '../core/explore/top-values.ts';
import { volume } from '../core/explore/volume.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

type ExploreRequest =
  | 'explore:facets'
  | 'explore:events'
  | 'explore:volume'
  | 'explore:top'
  | 'explore:heatmap'
  | 'events:fields'
  | 'events:annotations'
  | 'events:annotate';

export const exploreHandlers = (ctx: ApiContext): Handlers<ExploreRequest> => ({
  'explore:facets': ({ filter, limit }) => facets(ctx.store, filter, limit),
  'explore:events': ({ filter, offset, limit }) => eventsPage(ctx.store, filter, offset, limit),
  'explore:volume': ({ filter, stack_by }) => volume(ctx.store, filter, stack_by),
  'explore:top': ({ filter, ...query }) => topValues(ctx.store, filter, query),
  'explore:heatmap': ({ filter }) => heatmap(ctx.store, filter),
  'events:fields': ({ event_key }) => eventFields(ctx.store, event_key),
  'events:annotations': ({ event_key }) => eventAnnotations(ctx.store, event_key),
  'events:annotate': ({ event_key, change }) => annotate(ctx.store, event_key, change),
});
