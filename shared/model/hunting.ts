/** A MITRE ATT&CK technique, e.g. T1562.008 "Impair Defenses: Disable or Modify Cloud Logs". */
export interface AttackTechnique {
  id: string;
  name: string;
}

/**
 * A built-in hunting query over the case's `events` table: one read-only SELECT. A query that
 * lists events returns `event_time` and `event_key` for each; one that groups events returns
 * them for the first event of each group, so that every row leads back to a record.
 */
export interface HuntingQuery {
  /** kebab-case, unique */
  id: string;
  title: string;
  /** What it finds, why it matters to an incident responder, and the false positives to expect. */
  description: string;
  attack: AttackTechnique;
  sql: string;
}
