import type { Finding, PipelineDiffEvidence, Severity } from '../../../shared/model/finding.ts';
import { logAction } from '../case/case-log.ts';
import type { CaseStore } from '../case/case-store.ts';
import { pipelineDiff } from '../pipelines/pipeline-history.ts';

export interface NewFinding {
  title: string;
  severity: Severity;
  narrative?: string;
  attack_technique?: string;
  evidence: PipelineDiffEvidence;
}

/**
 * Records a finding with its evidence as the case shows it now: the diff is computed here
 * from the reference, so what the report will show is what the logs say, not what a page
 * sent. The case log records the addition, for chain of custody.
 */
export async function addFinding(store: CaseStore, finding: NewFinding): Promise<Finding> {
  const { kind, ...selector } = finding.evidence;
  const diff = await pipelineDiff(store, { ...selector, from: selector.from_version, to: selector.to_version });
  const evidence = JSON.stringify({ kind, ...selector, diff });
  const id = await store.writeAnalyst(async (db) => {
    const next = await db.runAndReadAll('SELECT coalesce(max(finding_id), 0) + 1 AS id, coalesce(max(position), 0) + 1 AS position FROM findings');
    const { id, position } = next.getRowObjectsJson()[0] as { id: number; position: number };
    await db.run(
      `INSERT INTO findings VALUES ($id, $title, $severity, $narrative, $technique, $evidence::JSON, $position, now(), now())`,
      { id, title: finding.title, severity: finding.severity, narrative: finding.narrative ?? null, technique: finding.attack_technique ?? null, evidence, position },
    );
    await logAction(db, 'finding-added', { finding_id: id, title: finding.title, evidence: { kind, ...selector } });
    return Number(id);
  });
  return (await listFindings(store)).find((f) => f.finding_id === id)!;
}

/** The case's findings in report order. */
export async function listFindings(store: CaseStore): Promise<Finding[]> {
  const db = await store.connectReader();
  try {
    const result = await db.runAndReadAll(
      `SELECT finding_id, title, severity, narrative, attack_technique, evidence, position, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at
       FROM findings ORDER BY position`,
    );
    return result.getRowObjectsJson().map((row) => ({ ...(row as unknown as Finding), evidence: JSON.parse(String(row.evidence)) }));
  } finally {
    db.closeSync();
  }
}
