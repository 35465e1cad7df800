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
] as const;
export type FilterField = (typeof pivotFields)[number];

/** One field's chosen values; `null` stands for "no value". */
export type FieldValues = (string | null)[];

/**
 * What the explorer shows: events in [from, to) whose fields match. Values of one field are
 * OR'ed, fields are AND'ed; a field absent or with no values does not filter.
 */
export interface ExploreFilter {
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  fields?: Partial<Record<FilterField, FieldValues>>;
  bookmarked?: boolean;
  /**
   * Events delivered by these source files (`sources.source_id`): a file's events, pivoted
   * to from the Integrity view. A file recorded as another's duplicate stands for its original.
   */
  source_ids?: number[];
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

export interface Facet {
  dimension: FacetDimension;
  /** Most frequent first, then every selected value whatever its rank. */
  values: (ValueCount & { selected: boolean })[];
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
  /** The most frequent values of `stack_by`; a last series `other: true` sums the rest. */
  series: { value: string | null; other: boolean }[];
  buckets: VolumeBucket[];
  total: number;
  errors: number;
  /**
   * Events the filter matches whose times no bar can show: before year 1, after year 9999, or
   * infinite. Absent from charts kept in findings before it was counted.
   */
  outside?: number;
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
