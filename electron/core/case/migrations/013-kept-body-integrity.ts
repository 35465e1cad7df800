/**
 * An event is verified only by a valid file that delivered the body the case keeps. The case
 * keeps an event's first delivery (DESIGN §4), and `event_integrity` called it verified when any
 * of its deliveries came from a valid file: a copy of a genuine event with its name or source
 * address changed, in a file no digest lists and ingested before the genuine trail, showed as
 * verified with the forged body (an audit reproduced it). A delivery whose body differs from the
 * kept one is a row of `event_conflicts` (migration 8), so a valid delivery vouches for the kept
 * body unless it is one. Cases ingested before migration 8 recorded no conflicts.
 */
export const sql = `
CREATE OR REPLACE VIEW event_integrity AS
SELECT es.event_key,
  CASE WHEN bool_or(j.valid AND c.event_key IS NULL) THEN 'verified'
    WHEN count(j.source_id) = count(*) AND bool_and(j.invalid) THEN 'invalid-only'
    ELSE 'unverified' END AS integrity,
  count(*) AS deliveries,
  count(*) FILTER (WHERE j.valid) AS valid_deliveries,
  count(*) FILTER (WHERE j.invalid) AS invalid_deliveries
FROM event_sources es
LEFT JOIN source_integrity j USING (source_id)
LEFT JOIN event_conflicts c
  ON c.event_key = es.event_key AND c.source_id = es.source_id AND c.record_index = es.record_index
GROUP BY es.event_key;
`;
