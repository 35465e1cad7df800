import {
  type IntegrityFileResult,
  type IntegrityGap,
  type IntegrityStatusCounts,
  type IntegritySummary,
  type IntegrityTrail,
  integrityStatuses,
} from '../../../shared/model/integrity.ts';
import type { SignatureTally } from './digest-verdicts.ts';
import type { Keyring } from './keyring.ts';
import type { UncheckedReasons } from './unchecked-reasons.ts';
import { hoursIn, parseUtc } from './utc-time.ts';

const METHOD =
  'Checked offline: each digest against the key it records (a digest found elsewhere was moved); its SHA256withRSA signature with the AWS public key its fingerprint names, using the copy of the signature the next digest repeats or saved head-object output; its SHA-256 against the one the next digest records; that each digest starts where the previous one ended; that every listed log file is present with the SHA-256 of its first gzip member and nothing after that member; and which log files no digest lists.';

export const noStatuses = () => Object.fromEntries(integrityStatuses.map((s) => [s, 0])) as IntegrityStatusCounts;

export function statusCounts(files: IntegrityFileResult[], kind: IntegrityFileResult['kind']): IntegrityStatusCounts {
  const result = noStatuses();
  for (const f of files) if (f.kind === kind) result[f.status]++;
  return result;
}

/** How many files of each kind have each verdict. */
export interface VerdictCounts {
  digests: IntegrityStatusCounts;
  log_files: IntegrityStatusCounts;
}

const described = (c: IntegrityStatusCounts) =>
  integrityStatuses
    .filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}`)
    .join(', ') || 'none';

const ADD_KEYS = 'Add the output of `aws cloudtrail list-public-keys` for each region and the time the digests cover.';

/** Why no signature was checked, when none was and keys are the reason. */
function signatureAdvice(keyring: Keyring, tally: SignatureTally): string {
  if (tally.verified + tally.failed > 0 || tally.not_checked === 0) return '';
  if (keyring.inputs.length === 0)
    return ` No public keys were given, so no signature was checked; hashes and the chain were. ${ADD_KEYS}`;
  return ` None of the ${keyring.inputs.length} public key(s) given is a key these digests name, so no signature was checked; hashes and the chain were. ${ADD_KEYS}`;
}

/** What a run's summary is made of besides its counts: the digests as judged (`DigestValidation`). */
export interface JudgedDigests {
  gaps: IntegrityGap[];
  trails: IntegrityTrail[];
  notes: string[];
  notesLeftOut: number;
  keyring: Keyring;
  tally: SignatureTally;
  unchecked: UncheckedReasons;
}

/** Counts, the keys used and refused, and in sentences what was and was not verified. */
export function integritySummary(
  counts: VerdictCounts,
  { gaps, trails, notes: trailNotes, notesLeftOut, keyring, tally, unchecked }: JudgedDigests,
): IntegritySummary {
  const { digests, log_files: logFiles } = counts;
  const gapHours = gaps.reduce((sum, g) => sum + hoursIn(parseUtc(g.from)!, parseUtc(g.to)!), 0);
  const notes = [METHOD];
  if (trails.length === 0)
    notes.push('No digest file of any trail is in the case: nothing about these log files could be verified.');
  notes.push(`Digests: ${described(digests)}. Log files: ${described(logFiles)}.`);
  notes.push(
    `Signatures: ${tally.verified} verified, ${tally.failed} failed, ${tally.not_checked} not checked.` +
      signatureAdvice(keyring, tally),
  );
  for (const r of keyring.rejected)
    notes.push(
      `Key ${r.input.fingerprint}${r.input.origin ? ` from ${r.input.origin}` : ''} was not used: ${r.reason}.`,
    );
  if (gaps.length > 0)
    notes.push(
      `${gaps.length} gap(s) in the digest chains, ${gapHours} hour(s) in all, are not covered by any digest in the case.`,
    );
  for (const note of trailNotes) notes.push(note);
  if (notesLeftOut > 0)
    notes.push(
      `${notesLeftOut} more note(s) like those above are left out of this summary: the verdicts of those trails' digests say the same.`,
    );
  return {
    digests,
    log_files: logFiles,
    gaps: gaps.length,
    gap_hours: gapHours,
    signatures: { verified: tally.verified, failed: tally.failed, not_checked: tally.not_checked },
    keys: [...tally.byKey]
      .map(([k, verified]) => ({
        fingerprint: k.input.fingerprint,
        origin: k.input.origin,
        valid_from: k.input.valid_from,
        valid_to: k.input.valid_to,
        verified,
      }))
      .sort(
        (a, b) => (a.valid_from ?? '').localeCompare(b.valid_from ?? '') || a.fingerprint.localeCompare(b.fingerprint),
      ),
    rejected_keys: keyring.rejected.map((r) => ({
      fingerprint: r.input.fingerprint,
      origin: r.input.origin,
      reason: r.reason,
    })),
    notes,
    unchecked: unchecked.summary(),
  };
}
