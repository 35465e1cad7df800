import type { Detection } from '../../../shared/model/detection.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { detectionPack } from './pack.ts';

export interface CaseRule {
  detection: Detection;
  /** The file it was imported from; null for the pack's rules. */
  source_name: string | null;
}

/** Every rule a run of this case takes: the pack, then the case's own (Sigma) in the order they were imported. */
export async function allRules(reader: CaseReader): Promise<CaseRule[]> {
  const rows = await reader.rows<{ detection: string; source_name: string }>(
    'SELECT detection::VARCHAR AS detection, source_name FROM detection_rules ORDER BY imported_at, rule_id',
  );
  return [
    ...detectionPack.map((detection) => ({ detection, source_name: null })),
    ...rows.map((row) => ({ detection: JSON.parse(row.detection) as Detection, source_name: row.source_name })),
  ];
}
