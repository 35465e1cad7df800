export interface EventRecord {
  event_key: string;
  /** The record exactly as CloudTrail wrote it. */
  record: string;
  /** Every file that delivered it, first one first. */
  delivered_in: { file: string; record_index: number }[];
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
