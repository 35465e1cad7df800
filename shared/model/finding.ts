import type { ExploreFilter, FieldValues, StackDimension, Volume } from './explore.ts';
import type { IntegrityFileKind, IntegrityFileResult, IntegrityGap, IntegrityRun } from './integrity.ts';
import type { JsonValue } from './json.ts';
import type { PipelineDiff, PipelineVersion } from './pipeline.ts';
import type { QueryColumn } from './query.ts';

export const severities = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** A query result as evidence: the exact SQL, resolved by the core to its rows. */
export interface QueryEvidenceRef {
  kind: 'query';
  sql: string;
}

/** The volume chart as evidence: its filter, stacking and pins, resolved to the counts it shows. */
export interface VolumeChartEvidenceRef {
  kind: 'volume-chart';
  filter: ExploreFilter;
  stack_by: StackDimension;
  /** Values with a series of their own; absent from findings made before pins. */
  pinned?: FieldValues;
}

export interface PipelineDiffEvidence {
  kind: 'pipeline-diff';
  name: string;
  account: string;
  region: string;
  lineage: number;
  from_version: number;
  to_version: number;
}

/** A set of events (bookmarked ones, usually) as evidence. */
export interface EventsEvidenceRef {
  kind: 'events';
  event_keys: string[];
}

/** Verdicts of one verification as evidence: files by kind and key, gaps by trail and start. */
export interface IntegrityEvidenceRef {
  kind: 'integrity';
  run_id: number;
  files: { kind: IntegrityFileKind; s3_object: string }[];
  gaps: Pick<IntegrityGap, 'account' | 'region' | 'trail' | 'home_region' | 'from'>[];
}

/** The verification integrity evidence comes from: when, by which version, with which keys. */
export type IntegrityEvidenceRun = Pick<IntegrityRun, 'run_id' | 'ran_at' | 'trailscope_version'> & {
  /** The public keys it was given (every key the case held then); none when no signature could be checked. */
  key_fingerprints: string[];
};

/** What a finding rests on: a reference the core resolves itself, never content sent by a page. */
export type EvidenceRef =
  | QueryEvidenceRef
  | VolumeChartEvidenceRef
  | PipelineDiffEvidence
  | EventsEvidenceRef
  | IntegrityEvidenceRef;

/** An event as reports list it: when, what, who, from where, with the analyst's words. */
export interface EventSummary {
  event_key: string;
  event_time: string;
  event_name: string | null;
  event_source: string | null;
  aws_region: string | null;
  recipient_account_id: string | null;
  actor: string | null;
  access_key_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  error_code: string | null;
  tags: string[];
  note: string | null;
}

/** The evidence as the case showed it when the finding was made (or last refreshed). */
export type Evidence =
  | (QueryEvidenceRef & { columns: QueryColumn[]; rows: JsonValue[][]; total_rows: number })
  | (VolumeChartEvidenceRef & { volume: Volume })
  | (PipelineDiffEvidence & { diff: PipelineDiff; changed_by: Omit<PipelineVersion, 'declaration'> })
  | (EventsEvidenceRef & { events: EventSummary[] })
  | IntegrityEvidence;

/** The named files' and gaps' verdicts, as that run gave them; a later run changes none of them. */
export type IntegrityEvidence = IntegrityEvidenceRef & {
  run: IntegrityEvidenceRun;
  file_verdicts: IntegrityFileResult[];
  gap_spans: IntegrityGap[];
};

export interface Finding {
  finding_id: number;
  title: string;
  severity: Severity;
  narrative: string | null;
  attack_technique: string | null;
  evidence: Evidence;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface FindingEdit {
  title?: string;
  severity?: Severity;
  narrative?: string | null;
  attack_technique?: string | null;
}
