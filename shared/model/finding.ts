import type { JsonValue } from './json.ts';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** What a finding rests on: a reference the core resolves itself, never content sent by a page. */
export interface PipelineDiffEvidence {
  kind: 'pipeline-diff';
  name: string;
  account: string;
  region: string;
  lineage: number;
  from_version: number;
  to_version: number;
}

export interface Finding {
  finding_id: number;
  title: string;
  severity: Severity;
  narrative: string | null;
  attack_technique: string | null;
  /** The reference and what the core found for it when the finding was made. */
  evidence: JsonValue;
  position: number;
  created_at: string;
}
