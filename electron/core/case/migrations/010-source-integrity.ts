/**
 * Each log file's verdict by the latest verification, as a view of its own (`source_integrity`),
 * which `event_integrity` now reads. The explorer asks it directly when every event has a single
 * delivery: that event's verdict is its own file's, and reading it by `events.source_id` took the
 * integrity facet of the 5M-event bench case from 1.7 s to tens of milliseconds, against grouping
 * 5M deliveries by event key (electron/core/explore/integrity-sql.ts).
 */
export const sql = `
-- Per source read, from the latest run: whether a file with its bytes was found valid (the
-- source itself, or a file recorded as its duplicate), and whether every such file was invalid.
CREATE VIEW source_integrity AS
SELECT coalesce(s.duplicate_of, s.source_id) AS source_id,
  bool_or(f.status = 'valid') AS valid, bool_and(f.status = 'invalid') AS invalid
FROM integrity_files f JOIN sources s ON s.source_id = f.source_id
WHERE f.run_id = (SELECT max(run_id) FROM integrity_runs)
GROUP BY ALL;

CREATE OR REPLACE VIEW event_integrity AS
SELECT es.event_key,
  CASE WHEN bool_or(j.valid) THEN 'verified'
    WHEN count(j.source_id) = count(*) AND bool_and(j.invalid) THEN 'invalid-only'
    ELSE 'unverified' END AS integrity,
  count(*) AS deliveries,
  count(*) FILTER (WHERE j.valid) AS valid_deliveries,
  count(*) FILTER (WHERE j.invalid) AS invalid_deliveries
FROM event_sources es LEFT JOIN source_integrity j USING (source_id)
GROUP BY es.event_key;
`;
