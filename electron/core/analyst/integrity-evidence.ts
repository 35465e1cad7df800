import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { IntegrityEvidence, IntegrityEvidenceRef } from '../../../shared/model/finding.ts';
import type { IntegrityGap } from '../../../shared/model/integrity.ts';
import type { CaseReader } from '../case/case-reader.ts';
import {
  FILE_COLUMNS,
  FILE_ORDER,
  type FileRow,
  fileResult,
  namedGaps,
  readRunHeader,
} from '../integrity/integrity-runs.ts';

const fileKey = (f: { kind: string; s3_object: string }) => `${f.kind}:${f.s3_object}`;

// A gap is named by its trail and start; times are compared as instants, since a page may
// send `…:31.000Z` for the `…:31Z` stored.
const sameGap = (g: IntegrityGap, ref: IntegrityEvidenceRef['gaps'][number]) =>
  g.account === ref.account &&
  g.region === ref.region &&
  g.trail === ref.trail &&
  g.home_region === ref.home_region &&
  Date.parse(g.from) === Date.parse(ref.from);

/**
 * The verdicts a reference names, copied from the run that gave them: the finding keeps this
 * copy, so a later verification, which stores a run of its own, changes nothing it shows.
 * Every file and gap named must be in that run; a key present twice in the case (two copies
 * of one file) brings both verdicts.
 */
export async function integrityEvidence(db: CaseReader, ref: IntegrityEvidenceRef): Promise<IntegrityEvidence> {
  if (ref.files.length === 0 && ref.gaps.length === 0) {
    throw new TrailscopeError(
      'invalid-input',
      'An integrity finding needs at least one file or gap of the verification as its evidence; none was named.',
    );
  }
  const run = await readRunHeader(db, ref.run_id);
  if (!run)
    throw new TrailscopeError(
      'not-found',
      `no verification run ${ref.run_id} in this case; pick a run the case holds, or verify it again`,
    );

  const files =
    ref.files.length === 0
      ? []
      : (
          await db.rows<FileRow>(
            // The run's verdicts for the named files, keyed `kind:s3_object` (a kind holds no colon).
            `SELECT ${FILE_COLUMNS} FROM integrity_files
             WHERE run_id = $run AND kind || ':' || s3_object IN (SELECT unnest(from_json($keys, '["VARCHAR"]')))
             ORDER BY ${FILE_ORDER}`,
            { run: run.run_id, keys: JSON.stringify(ref.files.map(fileKey)) },
          )
        ).map(fileResult);
  const gaps = ref.gaps.length === 0 ? [] : await namedGaps(db, run.run_id, ref.gaps);

  const found = new Set(files.map(fileKey));
  const unknown = [
    ...ref.files.filter((f) => !found.has(fileKey(f))).map((f) => `${f.kind} file ${f.s3_object}`),
    ...ref.gaps
      .filter((r) => !gaps.some((g) => sameGap(g, r)))
      .map(
        (r) =>
          `the gap of trail ${r.trail} (account ${r.account}, ${r.region}, home region ${r.home_region}) from ${r.from}`,
      ),
  ];
  if (unknown.length > 0) {
    const more = unknown.length > 3 ? ` (and ${unknown.length - 3} more)` : '';
    throw new TrailscopeError(
      'not-found',
      `not in verification run ${run.run_id}: ${unknown.slice(0, 3).join('; ')}${more}`,
    );
  }
  return {
    ...ref,
    run: {
      run_id: run.run_id,
      ran_at: run.ran_at,
      trailscope_version: run.trailscope_version,
      key_fingerprints: [...new Set(run.keys.map((k) => k.fingerprint))],
    },
    file_verdicts: files,
    gap_spans: gaps,
  };
}
