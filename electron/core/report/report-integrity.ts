import { type IntegrityRun, type IntegrityStatusCounts, integrityStatuses } from '../../../shared/model/integrity.ts';
import type { ReportIntegrity } from '../../../shared/model/report.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { readIntegrityFiles, readIntegrityRun } from '../integrity/integrity-runs.ts';
import { pluralText } from './report-text.ts';

/** Problems a report lists; a case verified without keys has every file unverifiable, and the counts say the rest. */
export const PROBLEMS_LIMIT = 500;

const counted = (c: IntegrityStatusCounts) =>
  integrityStatuses
    .filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}`)
    .join(', ') || 'none';

/** The integrity section from the latest verification stored in the case, or what says it was never verified. */
export async function reportIntegrity(db: CaseReader, digestFiles: number): Promise<ReportIntegrity> {
  const run = await readIntegrityRun(db);
  if (!run) {
    return {
      digest_files: digestFiles,
      validated: false,
      note: `Never verified. ${pluralText(digestFiles, 'digest file')} ${digestFiles === 1 ? 'is' : 'are'} recorded, but the log files have not been checked against CloudTrail's digests and signatures (trailscope verify); the SHA-256 hashes in the manifest fix what was loaded.`,
      run: null,
      problems: [],
      problems_total: 0,
    };
  }
  const problems = await readIntegrityFiles(db, {
    run_id: run.run_id,
    statuses: integrityStatuses.filter((s) => s !== 'valid'),
    limit: PROBLEMS_LIMIT,
  });
  return {
    digest_files: digestFiles,
    validated: true,
    note: runNote(run),
    run,
    problems: problems.rows,
    problems_total: problems.total,
  };
}

function runNote(run: IntegrityRun): string {
  const { summary } = run;
  const keys =
    run.keys.length === 0 ? 'no public key, so no signature was checked' : pluralText(run.keys.length, 'public key');
  const gaps =
    summary.gaps === 0
      ? 'no gap in the digest chains'
      : `${pluralText(summary.gaps, 'gap')} in the digest chains (${pluralText(summary.gap_hours, 'hour')})`;
  const since =
    run.sources_since > 0
      ? ` ${pluralText(run.sources_since, 'source')} ingested since ${run.sources_since === 1 ? 'is' : 'are'} not covered: verify again.`
      : '';
  return `Verified ${run.ran_at} UTC by Trailscope ${run.trailscope_version} with ${keys}. Digests: ${counted(summary.digests)}. Log files: ${counted(summary.log_files)}. Signatures: ${summary.signatures.verified} verified, ${summary.signatures.failed} failed, ${summary.signatures.not_checked} not checked; ${gaps}.${since}`;
}
