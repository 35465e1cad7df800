import type { JsonValue } from './json.ts';

export const detectionSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type DetectionSeverity = (typeof detectionSeverities)[number];

/**
 * A detection: one read-only SELECT over the case's `events` table that returns one row per
 * hit. Every row gives `event_time` and `event_key` of the hit's first event; a rule that groups
 * events (a burst, a run of failures) also returns `event_keys`, every event the hit rests on in
 * any order (`list(event_key)`), so that the hit can be shown, counted exactly and cited. Thresholds and windows are written
 * in the SQL and said in the description.
 */
export interface Detection {
  /** kebab-case, unique across the pack and the case's own rules */
  id: string;
  title: string;
  /** What it finds and why it matters to an incident responder, thresholds and windows included. */
  description: string;
  severity: DetectionSeverity;
  /** ATT&CK technique ids, most fitting first, e.g. ["T1562.008"]. */
  attack: string[];
  /** The legitimate activity that also matches, so an analyst knows what to rule out. */
  false_positives: string;
  /** The family the pack groups it in, e.g. "CI/CD and supply chain"; "Your rules" for Sigma. */
  family: string;
  sql: string;
  origin: 'pack' | 'sigma';
}

/** One run of detections: the whole pack after an ingest or on request, or chosen rules. */
export interface DetectionRun {
  run_id: number;
  started_at: string;
  finished_at: string;
  trigger: 'ingest' | 'request';
  trailscope_version: string;
  rules_run: number;
  events_in_case: number;
}

/** A rule's latest result: the rule as it ran, and how many hits it found (or why it failed). */
export interface DetectionResult {
  run_id: number;
  hit_total: number;
  error: string | null;
  duration_ms: number;
}

/** Every rule the case runs, with its latest result; null for a rule never run on this case. */
export interface DetectionRule {
  detection: Detection;
  result: DetectionResult | null;
  /** The file a case's own rule was imported from; null for the pack's. */
  source_name: string | null;
}

export interface DetectionOverview {
  /** The latest run, or null when detections never ran on this case. */
  run: DetectionRun | null;
  rules: DetectionRule[];
  /** Events in the case now: more than the run's `events_in_case` when ingests since ran none. */
  events_now: number;
}

/** One hit: the events it rests on (the oldest EVENTS_KEPT of them) and the rule's columns. */
export interface DetectionHit {
  rule_id: string;
  hit: number;
  first_time: string;
  last_time: string;
  /** Every event the hit rests on, exactly, even when `event_keys` holds fewer. */
  event_count: number;
  event_keys: string[];
  context: Record<string, JsonValue>;
}

export interface DetectionHitPage {
  hits: DetectionHit[];
  /** Hits stored for this selection; a rule keeps at most HITS_KEPT of its `hit_total`. */
  total: number;
}

/** A detection run in progress. */
export interface DetectProgress {
  kind: 'detect';
  done: number;
  total: number;
  /** The rule running now; null once every rule ran and the results are being stored. */
  rule: string | null;
  hits: number;
}

export interface DetectDone {
  run: DetectionRun;
  hits: number;
  /** Rules that failed, with DuckDB's reason; their earlier results are replaced by the failure. */
  failed: { rule_id: string; error: string }[];
}

/** What an import of Sigma rules made of each document it was given. */
export type SigmaImportResult =
  | { ok: true; source_name: string; rule_id: string; title: string; replaced: boolean }
  | { ok: false; source_name: string; title: string | null; reason: string };
