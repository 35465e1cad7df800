/**
 * The explorer's facets over the whole case, kept (electron/core/explore/facet-summary.ts):
 * derived, not evidence. Two of the 5M-event bench case's facets group 5M distinct values
 * (0.64–0.71 s each, whatever the SQL), so whole-case facets are counted once, at the end of an
 * ingest (and when a lake opens), and read back while the events they counted are the case's.
 * Per dimension, its most frequent values as listed (cut to the explorer's length), each with
 * its count and place, and the dimension's distinct values and events.
 */
export const sql = `
CREATE TABLE facet_summary (
  dimension VARCHAR NOT NULL,
  events BIGINT NOT NULL,
  distinct_values BIGINT NOT NULL,
  value VARCHAR,
  n BIGINT NOT NULL,
  place INTEGER NOT NULL
);
`;
