/** One body an event was delivered with, exactly as written, and where it came from. */
export interface DeliveredBody {
  /** The file (and archive member) that delivered it. */
  file: string;
  source_id: number;
  record_index: number;
  /** SHA-256 of the body's UTF-8 bytes. */
  sha256: string;
  record: string;
}

/**
 * An event whose deliveries disagree: the body stored as the event (its first delivery) and
 * each delivery whose body is a different JSON value. Empty `others` when there is no conflict.
 */
export interface EventConflicts {
  event_key: string;
  kept: DeliveredBody | null;
  others: DeliveredBody[];
}

/** An event with conflicting deliveries, as the case summary lists them. */
export interface ConflictingEvent {
  event_key: string;
  event_time: string;
  event_name: string | null;
  event_source: string | null;
  /** Distinct bodies delivered, the stored one included. */
  bodies: number;
  /** Deliveries whose body differs from the stored one. */
  deliveries: number;
}

export interface ConflictList {
  events: ConflictingEvent[];
  /** Every event with a conflict in the case, beyond the page. */
  total: number;
}
