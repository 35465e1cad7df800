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
  | 'explore:count-facets'
  | 'explore:list-events'
  | 'explore:chart-volume'
  | 'explore:rank-values'
  | 'explore:chart-heatmap'
  | 'event:list-fields'
  | 'event:get-annotations'
  | 'event:annotate';

export const exploreHandlers = (ctx: ApiContext): Handlers<ExploreRequest> => ({
  'explore:count-facets': ({ filter, limit }) => facets(ctx.store, filter, limit),
  'explore:list-events': ({ filter, offset, limit }) => eventsPage(ctx.store, filter, offset, limit),
  'explore:chart-volume': ({ filter, stack_by }) => volume(ctx.store, filter, stack_by),
  'explore:rank-values': ({ filter, ...query }) => topValues(ctx.store, filter, query),
  'explore:chart-heatmap': ({ filter }) => heatmap(ctx.store, filter),
  'event:list-fields': ({ event_key }) => eventFields(ctx.store, event_key),
  'event:get-annotations': ({ event_key }) => eventAnnotations(ctx.store, event_key),
  'event:annotate': ({ event_key, change }) => annotate(ctx.store, event_key, change),
});
