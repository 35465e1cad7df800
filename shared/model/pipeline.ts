/**
 * A CodePipeline pipeline's life as the logs tell it. Field names are snake_case like the
 * case file's columns, so CLI JSON, API results and reports share one shape.
 */

import type { JsonObject, JsonValue } from './json.ts';

export type { JsonObject, JsonValue };

export interface PipelineKey {
  account: string;
  region: string;
  name: string;
}

/** Who made a call, as its CloudTrail record names them. */
export interface Actor {
  identity_type: string | null;
  actor_arn: string | null;
  user_name: string | null;
  access_key_id: string | null;
  session_issuer_arn: string | null;
  mfa: boolean | null;
  source_ip: string | null;
  user_agent: string | null;
}

/** What the record says about one call: identity of the event plus its actor. */
export interface CallFacts extends Actor {
  event_name: string;
  event_id: string | null;
  event_key: string;
  request_id: string | null;
  event_time: string;
}

/**
 * complete: every field CodePipeline requires is there. elided: the record holds a partial
 * declaration (abbreviated, "(...)", required fields missing). omitted: CloudTrail dropped
 * the parameters for size. missing: neither request nor response carries one.
 */
export type DeclarationStatus = 'complete' | 'elided' | 'omitted' | 'missing';

export interface PipelineVersion extends CallFacts {
  version: number;
  /** True when the record does not state the version number and Trailscope counted it. */
  version_derived: boolean;
  declaration: JsonObject | null;
  declaration_from: 'requestParameters' | 'responseElements' | null;
  declaration_status: DeclarationStatus;
  /** Why the declaration is not complete, in words; null when it is. */
  declaration_note: string | null;
}

/** A Create/Update/Delete call that failed: never a version. */
export interface PipelineAttempt extends CallFacts {
  error_code: string;
  error_message: string | null;
}

/** Executions, approvals, transitions, webhooks, tags: calls made between versions. */
export interface PipelineActivity extends CallFacts {
  error_code: string | null;
  error_message: string | null;
  /** The version in force at the time of the call; null before the first known version. */
  during_version: number | null;
  /** The request's notable parameters (stage, action, execution id, result…), as text. */
  details: Record<string, string>;
}

export type GapKind =
  | 'missing-versions'
  | 'creation-not-in-logs'
  | 'deletion-not-in-logs'
  | 'declaration-incomplete'
  | 'version-derived'
  | 'version-conflict'
  | 'unattributed-record';

export interface PipelineGap {
  kind: GapKind;
  /** The versions the gap concerns: one number, or the first and last of a range. */
  from_version: number | null;
  to_version: number | null;
  message: string;
  /** unattributed-record: how many records name no pipeline, and the first ones' event ids (at most 20). */
  records?: { count: number; event_ids: string[] };
}

/** What a version changed from the version before it whose declaration the logs hold. */
export interface VersionChange {
  /** The version's record: two records may claim one number. */
  event_key: string;
  version: number;
  from_version: number;
  changes: number;
  /** The security-relevant changes, with why each matters in an incident. */
  security: { path: string; reason: string | null }[];
}

export interface PipelineLineage extends PipelineKey {
  /** 1 for the first life of this name in the case, 2 after a delete and re-create, … */
  lineage: number;
  versions: PipelineVersion[];
  attempts: PipelineAttempt[];
  activity: PipelineActivity[];
  gaps: PipelineGap[];
  /** Each version's changes from the one before it, in version order; see VersionChange. */
  changes: VersionChange[];
  created: CallFacts | null;
  deleted: CallFacts | null;
  deleted_at: string | null;
}

export interface PipelineHistory extends PipelineKey {
  lineages: PipelineLineage[];
}

export interface PipelineSummary extends PipelineKey {
  lineage: number;
  versions: number;
  first_version: number | null;
  last_version: number | null;
  first_seen: string;
  last_seen: string;
  /** The latest version or deletion the logs hold; null when they hold neither. */
  last_changed: string | null;
  deleted: boolean;
  /** Security-relevant changes between consecutive versions of this lineage. */
  security_changes: number;
}

export type ChangeKind = 'added' | 'removed' | 'changed' | 'renamed' | 'moved' | 'reordered';

export interface PipelineChange {
  /** Where, by names: `stages[Build].actions[Compile].configuration.ProjectName`. */
  path: string;
  kind: ChangeKind;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
  security: boolean;
  /** Why the change matters in an incident; null when it is not flagged. */
  reason: string | null;
}

export interface PipelineDiff extends PipelineKey {
  lineage: number;
  from_version: number;
  to_version: number;
  /** Set when either side's declaration is not complete, so the diff may miss changes. */
  caveats: string[];
  changes: PipelineChange[];
}
