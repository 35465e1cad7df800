import type { ExploreFilter } from '../../../shared/model/explore.ts';

/** What a chart with no events says: an empty state, never an error, never the chart of the filter before. */
export const noEventsText = (filter: ExploreFilter) =>
  filter.from || filter.to ? 'No events in this range.' : 'No events match the filter.';
