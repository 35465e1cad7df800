import type { CaseDetails } from '../../../shared/model/report.ts';
import { logAction } from '../case/case-log.ts';
import type { CaseStore } from '../case/case-store.ts';

const NONE: CaseDetails = { case_name: null, investigator: null, opened_on: null, closed_on: null };

export async function caseDetails(store: CaseStore): Promise<CaseDetails> {
  const db = await store.connectReader();
  try {
    const result = await db.runAndReadAll(`SELECT case_name, investigator, opened_on::VARCHAR AS opened_on, closed_on::VARCHAR AS closed_on FROM case_details`);
    return (result.getRowObjectsJson()[0] as unknown as CaseDetails | undefined) ?? NONE;
  } finally {
    db.closeSync();
  }
}

/** Replaces the case's details whole; blank text is stored as no value. */
export async function saveCaseDetails(store: CaseStore, details: CaseDetails): Promise<CaseDetails> {
  const clean = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === 'string' && v.trim() !== '' ? v.trim() : null])) as unknown as CaseDetails;
  await store.writeAnalyst(async (db) => {
    await db.run(
      `INSERT OR REPLACE INTO case_details VALUES (TRUE, $case_name, $investigator, $opened_on::DATE, $closed_on::DATE, now())`,
      { ...clean },
    );
    await logAction(db, 'case-details-saved', clean);
  });
  return caseDetails(store);
}
