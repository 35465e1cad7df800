import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { EvidenceRef, Finding, FindingEdit, Severity } from '../../../shared/model/finding.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { resolveEvidence } from './resolve-evidence.ts';

export interface NewFinding {
  title: string;
  severity: Severity;
  narrative?: string;
  attack_technique?: string;
  evidence: EvidenceRef;
}

/**
 * Records a finding with its evidence resolved from the case now, so the report carries what
 * the logs showed when the analyst decided. The case log records the addition with the
 * reference (not the rows), for chain of custody.
 */
export async function addFinding(store: CaseStore, finding: NewFinding): Promise<Finding> {
  const evidence = await resolveEvidence(store, finding.evidence);
  const id = await store.writeAnalyst(async (db) => {
    const next = await new CaseReader(db).row<{ id: number; position: number }>(
      'SELECT coalesce(max(finding_id), 0) + 1 AS id, coalesce(max(position), 0) + 1 AS position FROM findings',
    );
    const { id, position } = next!;
    await db.run(
      `INSERT INTO findings VALUES ($id, $title, $severity, $narrative, $technique, $evidence::JSON, $position, now(), now())`,
      {
        id,
        title: finding.title,
        severity: finding.severity,
        narrative: blankToNull(finding.narrative),
        technique: blankToNull(finding.attack_technique),
        evidence: JSON.stringify(evidence),
        position,
      },
    );
    await logAction(db, 'finding-added', { finding_id: id, title: finding.title, evidence: finding.evidence });
    return Number(id);
  });
  return findingById(store, id);
}

/** Changes a finding's words; its evidence stays what it was when the finding was made. */
export async function editFinding(store: CaseStore, findingId: number, edit: FindingEdit): Promise<Finding> {
  await store.writeAnalyst(async (db) => {
    await requireFinding(db, findingId);
    const changes: Record<string, string | null> = {};
    if (edit.title !== undefined) changes.title = edit.title;
    if (edit.severity !== undefined) changes.severity = edit.severity;
    if (edit.narrative !== undefined) changes.narrative = blankToNull(edit.narrative);
    if (edit.attack_technique !== undefined) changes.attack_technique = blankToNull(edit.attack_technique);
    const columns = Object.keys(changes);
    if (columns.length === 0) return;
    // Column names come from the fixed list above, values are bound.
    await db.run(
      `UPDATE findings SET ${columns.map((c) => `${c} = $${c}`).join(', ')}, updated_at = now() WHERE finding_id = $id`,
      { ...changes, id: findingId },
    );
    await logAction(db, 'finding-edited', { finding_id: findingId, ...changes });
  });
  return findingById(store, findingId);
}

/** Moves a finding to a 1-based place in the report; the others close up around it. */
export async function moveFinding(store: CaseStore, findingId: number, position: number): Promise<Finding[]> {
  await store.writeAnalyst(async (db) => {
    await requireFinding(db, findingId);
    const order = await findingOrder(db);
    const rest = order.filter((id) => id !== findingId);
    const at = Math.min(Math.max(position, 1), order.length) - 1;
    const moved = [...rest.slice(0, at), findingId, ...rest.slice(at)];
    await renumber(db, moved);
    await logAction(db, 'finding-moved', { finding_id: findingId, position: at + 1 });
  });
  return listFindings(store);
}

export async function deleteFinding(store: CaseStore, findingId: number): Promise<Finding[]> {
  await store.writeAnalyst(async (db) => {
    const gone = await requireFinding(db, findingId);
    await db.run('DELETE FROM findings WHERE finding_id = $id', { id: findingId });
    await renumber(db, await findingOrder(db));
    await logAction(db, 'finding-deleted', { finding_id: findingId, title: gone.title });
  });
  return listFindings(store);
}

/** The case's findings in report order. */
export function listFindings(store: CaseStore): Promise<Finding[]> {
  return store.read((db) => readFindings(db, 'TRUE'));
}

function findingById(store: CaseStore, findingId: number): Promise<Finding> {
  return store.read(async (db) => {
    const [finding] = await readFindings(db, `finding_id = ${Number(findingId)}`);
    if (!finding) throw new TrailscopeError('not-found', `no finding ${findingId} in this case`);
    return finding;
  });
}

async function readFindings(db: CaseReader, where: string): Promise<Finding[]> {
  const rows = await db.rows<Omit<Finding, 'evidence'> & { evidence: string }>(
    `SELECT finding_id, title, severity, narrative, attack_technique, evidence, position,
       strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at
     FROM findings WHERE ${where} ORDER BY position`,
  );
  return rows.map((row) => ({ ...row, evidence: JSON.parse(row.evidence) as Finding['evidence'] }));
}

async function requireFinding(db: DuckDBConnection, findingId: number): Promise<{ title: string }> {
  const found = await new CaseReader(db).row<{ title: string }>('SELECT title FROM findings WHERE finding_id = $id', {
    id: findingId,
  });
  if (!found) throw new TrailscopeError('not-found', `no finding ${findingId} in this case`);
  return found;
}

async function findingOrder(db: DuckDBConnection): Promise<number[]> {
  return (
    await new CaseReader(db).rows<{ finding_id: number }>('SELECT finding_id FROM findings ORDER BY position')
  ).map((r) => r.finding_id);
}

async function renumber(db: DuckDBConnection, order: number[]): Promise<void> {
  for (const [index, id] of order.entries()) {
    await db.run('UPDATE findings SET position = $position WHERE finding_id = $id', { position: index + 1, id });
  }
}

const blankToNull = (text: string | null | undefined): string | null =>
  text == null || text.trim() === '' ? null : text;
