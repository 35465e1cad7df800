/**
 * Deliveries an event's record lists. CloudTrail delivers an event once or a few times; a
 * forged archive can deliver one in every file and every record of it.
 */
export const LISTED_DELIVERIES = 1000;

export interface EventRecord {
  event_key: string;
  /** The record exactly as CloudTrail wrote it. */
  record: string;
  /** The files that delivered it, first one first, up to LISTED_DELIVERIES of them. */
  delivered_in: { file: string; record_index: number }[];
  /** How many deliveries there are in all (`event_sources`). */
  deliveries: number;
}

/** One call in an actor's activity, the fields an analyst scans first. */
export interface ActorCall {
  event_key: string;
  event_time: string;
  event_source: string | null;
  event_name: string | null;
  aws_region: string | null;
  source_ip: string | null;
  user_agent: string | null;
  error_code: string | null;
  actor_arn: string | null;
  access_key_id: string | null;
}
