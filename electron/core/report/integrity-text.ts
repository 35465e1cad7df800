import type { IntegrityEvidenceRun } from '../../../shared/model/finding.ts';
import type { IntegrityRun } from '../../../shared/model/integrity.ts';

export interface KeyRow {
  fingerprint: string;
  origin: string;
  validity: string;
  verified: number;
}

/** Every key a run offered, with how many digests each verified (0 for a key no digest named). */
export function integrityKeyRows(run: IntegrityRun): KeyRow[] {
  return run.keys.map((k) => ({
    fingerprint: k.fingerprint,
    origin: k.origin ?? '(not named)',
    validity: `${k.valid_from ?? 'any time'} to ${k.valid_to ?? 'now'}`,
    verified: run.summary.keys
      .filter((u) => u.fingerprint === k.fingerprint && u.valid_from === k.valid_from)
      .reduce((sum, u) => sum + u.verified, 0),
  }));
}

/** The verification an integrity finding rests on, in one sentence: its verdicts are that run's, not the latest. */
export function evidenceRunText(run: IntegrityEvidenceRun): string {
  const keys =
    run.key_fingerprints.length === 0
      ? 'no public key, so no signature was checked'
      : `${run.key_fingerprints.length === 1 ? 'public key' : 'public keys'} ${run.key_fingerprints.join(', ')}`;
  return `Verdicts of verification run ${run.run_id}, made ${run.ran_at} UTC by Trailscope ${run.trailscope_version} with ${keys}, as kept when the finding was recorded.`;
}

/** What a report says of a run's trails or gaps beyond those the run lists (RUN_LISTED), or null. */
export function notAllListed(run: IntegrityRun, what: 'trails' | 'gaps'): string | null {
  const listed = what === 'trails' ? run.trails.length : run.gaps.length;
  const total = what === 'trails' ? run.trails_total : run.summary.gaps;
  if (total <= listed) return null;
  return `The run has ${total.toLocaleString('en-US')} ${what}: the first ${listed.toLocaleString('en-US')} are listed here, and the case's integrity_${what} table holds them all.`;
}
