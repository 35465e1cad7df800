/**
 * Event keys become unambiguous: `%` and `@` in the eventID are escaped (%25, %40), so that
 * eventID "a@b" in account "c" and eventID "a" in account "b@c" are no longer one key
 * (ingest/normalize-sql.ts). Keys of events whose eventID holds neither, every real one, stay
 * as they are; the others change in every table that names an event by key, and the change
 * is logged in the case log with each old and new key. Frozen text: ingest's key expression
 * may change later, this must not.
 */
export const sql = `
CREATE TEMP TABLE rekeyed_events AS
  SELECT event_key AS old_key,
    replace(replace(event_id, '%', '%25'), '@', '%40') || '@' || coalesce(recipient_account_id, '') AS new_key
  FROM events
  WHERE (contains(event_id, '@') OR contains(event_id, '%'))
    AND event_key = event_id || '@' || coalesce(recipient_account_id, '');

UPDATE event_sources SET event_key = k.new_key FROM rekeyed_events k WHERE event_sources.event_key = k.old_key;
UPDATE pipeline_calls SET event_key = k.new_key FROM rekeyed_events k WHERE pipeline_calls.event_key = k.old_key;
UPDATE bookmarks SET event_key = k.new_key FROM rekeyed_events k WHERE bookmarks.event_key = k.old_key;
UPDATE tags SET event_key = k.new_key FROM rekeyed_events k WHERE tags.event_key = k.old_key;
UPDATE notes SET event_key = k.new_key FROM rekeyed_events k WHERE notes.event_key = k.old_key;
UPDATE events SET event_key = k.new_key FROM rekeyed_events k WHERE events.event_key = k.old_key;

INSERT INTO case_log
  SELECT coalesce(max(entry_id), 0) + 1, now(), 'event-keys-escaped',
    json_object('reason', 'an eventID holding % or @ made its key ambiguous; those characters are now escaped as %25 and %40',
      'keys', (SELECT json_group_array(json_object('from', old_key, 'to', new_key)) FROM rekeyed_events))
  FROM case_log
  HAVING (SELECT count(*) FROM rekeyed_events) > 0;

DROP TABLE rekeyed_events;
`;
