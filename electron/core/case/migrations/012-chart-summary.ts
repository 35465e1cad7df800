/**
 * The whole case's charts, kept beside its facets (electron/core/explore/chart-summary.ts):
 * derived, not evidence. The volume chart's span (the earliest and the latest time it can place,
 * in epoch milliseconds, and the events it cannot) and the heat map's 168 counts (Monday 00h
 * first, hour by hour), counted with the facets and read back while the events they counted are
 * the case's. On a lake every statement reads every file, so each one the whole case skips counts.
 */
export const sql = `
CREATE TABLE chart_summary (
  events BIGINT NOT NULL,
  first_ms BIGINT,
  last_ms BIGINT,
  outside BIGINT NOT NULL,
  heatmap BIGINT[] NOT NULL
);
`;
