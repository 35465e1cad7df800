import type { CaseDetails } from '../../../shared/model/report.ts';
import { logAction } from '../case/case-log.ts';
import type { CaseStore } from '../case/case-store.ts';

const NONE: CaseDetails = { case_name: null, investigator: null, opened_on: null, closed_on: null };

export function caseDetails(store: CaseStore): Promise<CaseDetails> {
  return store.read(
    async (db) =>
      (await db.row<CaseDetails>(
        `SELECT case_name, investigator, opened_on::VARCHAR AS opened_on, closed_on::VARCHAR AS closed_on FROM case_details`,
      )) ?? NONE,
  );
}

/** Replaces the case's details whole; blank text is stored as no value. */
export async function saveCaseDetails(store: CaseStore, details: CaseDetails): Promise<CaseDetails> {
  const blank = (text: string | null) => (text === null || text.trim() === '' ? null : text.trim());
  const clean: CaseDetails = {
    case_name: blank(details.case_name),
    investigator: blank(details.investigator),
    opened_on: blank(details.opened_on),
    closed_on: blank(details.closed_on),
  };
  await store.writeAnalyst(async (db) => {
    await db.run(
      `INSERT OR REPLACE INTO case_details VALUES (TRUE, $case_name, $investigator, $opened_on::DATE, $closed_on::DATE, now())`,
      { ...clean },
    );
    await logAction(db, 'case-details-saved', clean);
  });
  return caseDetails(store);
}
