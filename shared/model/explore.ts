/**
 * The explorer's facets: the fields an analyst narrows a case by first. `integrity` is not a
 * column of the record: whether a file a verified digest vouches for delivered the event
 * (shared/model/integrity.ts#eventIntegrityValues), by the case's latest verification.
 */
export const facetDimensions = [
  'event_name',
  'event_source',
  'principal',
  'access_key_id',
  'source_ip',
  'aws_region',
  'recipient_account_id',
  'error_code',
  'integrity',
] as const;
export type FacetDimension = (typeof facetDimensions)[number];

/** What the volume chart can be stacked by: dimensions with few enough values to tell apart. */
export const stackDimensions = [
  'event_source',
  'event_name',
  'principal',
  'aws_region',
  'recipient_account_id',
  'error_code',
] as const;
export type StackDimension = (typeof stackDimensions)[number];

/** Fields a value can be pivoted on from a record, beyond the facets. */
export const pivotFields = [
  ...facetDimensions,
  'user_agent',
  'user_name',
  'identity_type',
  'identity_arn',
  'principal_id',
  'invoked_by',
  'session_issuer_arn',
  'identity_account_id',
  'event_type',
  'event_category',
  'read_only',
  'request_id',
  'shared_event_id',
  'vpc_endpoint_id',
  'tls_version',
  'event_id',
  'event_version',
  'error_message',
  'management_event',
  'session_mfa',
] as const;
export type FilterField = (typeof pivotFields)[number];

/** One field's chosen values; `null` stands for "no value". */
export type FieldValues = (string | null)[];

/** The longest text a search takes: longer is no identifier, and DuckDB compiles it for every search. */
export const SEARCH_MAX_CHARS = 1000;
/** Event keys one filter may list: a pivot from a cell holding more says so instead. */
export const MAX_EVENT_KEYS = 1000;

/**
 * What the explorer shows: events in [from, to) whose fields match. Values of one field are
 * OR'ed, fields are AND'ed; a field absent or with no values does not filter.
 */
export interface ExploreFilter {
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** The values an event must have one of, per field. */
  fields?: Partial<Record<FilterField, FieldValues>>;
  /**
   * The values an event must have none of, per field ("≠"). An event with no value is kept
   * unless `null` itself is excluded.
   */
  exclude?: Partial<Record<FilterField, FieldValues>>;
  /**
   * Text the whole record as delivered holds, in any case, taken literally (no wildcards): an
   * ARN, a bucket, an `sg-…`, a key inside `request_parameters`. Empty does not filter.
   */
  text?: string;
  bookmarked?: boolean;
  /**
   * Events delivered by these source files (`sources.source_id`): a file's events, pivoted
   * to from the Integrity view. A file recorded as another's duplicate stands for its original.
   */
  source_ids?: number[];
  /**
   * These events only, by key: a list of keys a SQL cell holds (a detection's `event_keys`),
   * pivoted to from the console. At most `MAX_EVENT_KEYS`.
   */
  event_keys?: string[];
  /**
   * Events a detection's latest result rests on: every hit of the rule, or one hit. Pivoted
   * to from the Detections view; a rule run again may rest on other events.
   */
  detection?: { rule_id: string; hit?: number };
}

export interface ValueCount {
  value: string | null;
  count: number;
}

/** A facet's value with its count, and whether the filter chooses it or leaves it out. */
export interface FacetValue extends ValueCount {
  selected: boolean;
  excluded: boolean;
}

export interface Facet {
  dimension: FacetDimension;
  /** Most frequent first, then every selected or excluded value whatever its rank. */
  values: FacetValue[];
  /** How many distinct values (no value counting as one) the events have. */
  distinct: number;
  /** Events matched by every filter except this dimension's own. */
  total: number;
}

/** One row of the event list: the fields an analyst scans. */
export interface EventRow {
  event_key: string;
  event_time: string;
  event_name: string | null;
  event_source: string | null;
  principal: string | null;
  access_key_id: string | null;
  source_ip: string | null;
  aws_region: string | null;
  recipient_account_id: string | null;
  error_code: string | null;
  user_agent: string | null;
  bookmarked: boolean;
}

/** A page of one facet's values beyond its top ones: all of them, or those holding a text. */
export interface FacetValuePage {
  dimension: FacetDimension;
  offset: number;
  /** Most frequent first; a value's rank does not depend on whether it is chosen. */
  values: FacetValue[];
  /** Values holding the text searched (all of them without one), under the other filters. */
  matching: number;
  /** Events matched by every filter except this dimension's own. */
  total: number;
}

/** The event list's order: by time, then event key, so that equal times keep one order. */
export type EventOrder = 'oldest-first' | 'newest-first';

export interface EventPage {
  /** Every event the filter matches, exactly. */
  total: number;
  offset: number;
  rows: EventRow[];
}

/**
 * Bar widths of the volume chart, finest first: minutes to a week exactly, then calendar
 * months and years named by their Gregorian average length (shared/volume-buckets.ts). The
 * widest, a thousand years, cuts the years 1 to 9999 into ten bars.
 */
export const bucketSeconds = [
  60, 300, 900, 3600, 21_600, 86_400, 604_800, 2_629_746, 7_889_238, 31_556_952, 315_569_520, 3_155_695_200,
  31_556_952_000,
] as const;
export type BucketSeconds = (typeof bucketSeconds)[number];

/**
 * At most this many bars, whatever the width: enough to read a day by the quarter hour, few
 * enough to draw at once. A narrower chart asks for fewer (`max_bars`), one per two pixels.
 */
export const MAX_BUCKETS = 300;

/** Values a chart stacked by one dimension can pin: each pinned value has a series of its own. */
export const MAX_PINNED = 8;

export interface VolumeBucket {
  /** ISO 8601 start of the bucket, UTC. */
  start: string;
  /** Per series, in the order of `series`. */
  counts: number[];
  errors: number;
}

export interface Volume {
  bucket_seconds: BucketSeconds;
  /** The span charted: the filter's range, or the matching events' own. Null when nothing matches. */
  from: string | null;
  to: string | null;
  stack_by: StackDimension;
  /**
   * The pinned values of `stack_by` (whether the range has them or not), then the most
   * frequent others; a last series `other: true` sums the rest.
   */
  series: VolumeSeries[];
  buckets: VolumeBucket[];
  total: number;
  errors: number;
  /**
   * Events the filter matches whose times no bar can show: before year 1, after year 9999, or
   * infinite. Absent from charts kept in findings before it was counted.
   */
  outside?: number;
  /** The least frequent values of `stack_by` that have no series of their own, rarest first. */
  rare?: ValueCount[];
  /**
   * Where the events are, when that is well inside the chart: the span of every event but the
   * outliers (see VolumeFocus). Null when zooming there would change little.
   */
  focus?: VolumeFocus | null;
  /** Events far from all the others, grouped by the bar they fall in, oldest first. */
  outliers?: VolumeOutlier[];
}

export interface VolumeSeries {
  value: string | null;
  other: boolean;
  /** The analyst pinned this value: it has its own series even when it is rare or absent. */
  pinned?: boolean;
}

/**
 * The range to zoom to: the smallest range holding 99% of the events (all but one below 200
 * events), widened to every event within that range's own length of it (at least an hour);
 * the events beyond are outliers. Times to the second: `to` is past the last event.
 */
export interface VolumeFocus {
  from: string;
  to: string;
  events: number;
}

/** Outliers in one bar: the first one's time, just past the last one's, and how many. */
export interface VolumeOutlier {
  from: string;
  to: string;
  count: number;
}

export interface TopValues {
  dimension: FilterField;
  values: ValueCount[];
  /** Events matched by the filter. */
  total: number;
}

export interface Heatmap {
  /** cells[day][hour], day 0 = Monday, hours UTC. */
  cells: number[][];
  total: number;
}

/** A normalized field of one event, as stored. */
export interface EventField {
  name: string;
  value: string | number | boolean | null;
}

export interface Annotations {
  event_key: string;
  bookmarked: boolean;
  tags: string[];
  note: { body: string; updated_at: string } | null;
}

export type AnnotationChange =
  | { kind: 'bookmark'; on: boolean }
  | { kind: 'tag-add'; tag: string }
  | { kind: 'tag-remove'; tag: string }
  /** An empty body removes the note. */
  | { kind: 'note'; body: string };
