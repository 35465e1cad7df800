import { annotate, eventAnnotations } from '../core/analyst/annotations.ts';
import { eventFields } from '../core/explore/event-fields.ts';
import { eventsPage } from '../core/explore/events-page.ts';
import { exploreSql } from '../core/explore/explore-sql.ts';
import { facetValues } from '../core/explore/facet-values.ts';
import { facets } from '../core/explore/facets.ts';
import { heatmap } from '../core/explore/heatmap.ts';
import { topValues } from '../core/explore/top-values.ts';
import { volume } from '../core/explore/volume.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

type ExploreRequest =
  | 'explore:count-facets'
  | 'explore:list-events'
  | 'explore:list-facet-values'
  | 'explore:write-sql'
  | 'explore:chart-volume'
  | 'explore:rank-values'
  | 'explore:chart-heatmap'
  | 'event:list-fields'
  | 'event:get-annotations'
  | 'event:annotate';

export const exploreHandlers = (ctx: ApiContext): Handlers<ExploreRequest> => ({
  'explore:count-facets': ({ filter, limit }) => facets(ctx.store, filter, limit),
  'explore:list-events': ({ filter, offset, limit, order }) => eventsPage(ctx.store, filter, offset, limit, order),
  'explore:list-facet-values': ({ filter, ...query }) => facetValues(ctx.store, filter, query),
  'explore:write-sql': async ({ filter, order }) => ({ sql: exploreSql(filter, order) }),
  'explore:chart-volume': ({ filter, stack_by, max_bars, bucket, pinned }) =>
    volume(ctx.store, filter, stack_by, { maxBars: max_bars, bucket, pinned }),
  'explore:rank-values': ({ filter, ...query }) => topValues(ctx.store, filter, query),
  'explore:chart-heatmap': ({ filter }) => heatmap(ctx.store, filter),
  'event:list-fields': ({ event_key }) => eventFields(ctx.store, event_key),
  'event:get-annotations': ({ event_key }) => eventAnnotations(ctx.store, event_key),
  'event:annotate': ({ event_key, change }) => annotate(ctx.store, event_key, change),
});
