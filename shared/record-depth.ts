/**
 * How deep a record may nest: CloudTrail's nest a few dozen levels. Ingest refuses deeper
 * records (so that a file of nothing but `[` costs a fixed stack rather than one entry per byte),
 * and what walks a record's values afterwards stops here too, since a case file made elsewhere
 * holds whatever its maker wrote.
 */
export const MAX_RECORD_DEPTH = 1000;
