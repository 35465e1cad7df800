import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { IntegrityFileResult, IntegrityResult } from '../../../shared/model/integrity.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import { timestampTZ } from '../case/duckdb-library.ts';
import { trailscopeVersion } from '../version.ts';
import type { CaseIntegrityInput } from './case-inputs.ts';
import { noStatuses, type VerdictCounts } from './integrity-summary.ts';
import { parseDigestKey } from './object-keys.ts';
import { parseUtc } from './utc-time.ts';

const text = (a: DuckDBAppender, value: string | null) => (value === null ? a.appendNull() : a.appendVarchar(value));
const integer = (a: DuckDBAppender, value: number | null) => (value === null ? a.appendNull() : a.appendInteger(value));
const time = (a: DuckDBAppender, iso: string | null) => {
  const ms = iso === null ? null : parseUtc(iso);
  return ms === null ? a.appendNull() : a.appendTimestampTZ(timestampTZ(ms));
};

const STAGED = 'integrity_verdicts';

/**
 * A verification's verdicts as they are judged, in a temp table of the verification's own
 * connection, counted: outside the analyst write, which every note, finding and console query
 * waits for, until `storeRun` moves them into the case. 110,000 rows through DuckDB's appender
 * in well under a second.
 */
export class StagedVerdicts {
  readonly counts: VerdictCounts = { digests: noStatuses(), log_files: noStatuses() };
  /** The trail of each digest a verdict rests on: a digest lists a hundred files or so. */
  private readonly trails = new Map<string, string | null>();

  private constructor(private readonly files: DuckDBAppender) {}

  static async open(db: DuckDBConnection): Promise<StagedVerdicts> {
    await db.run(`CREATE TEMP TABLE ${STAGED} AS SELECT * EXCLUDE (run_id) FROM integrity_files LIMIT 0`);
    return new StagedVerdicts(await db.createAppender(STAGED, null, 'temp'));
  }

  add(files: IntegrityFileResult[]): void {
    const a = this.files;
    for (const f of files) {
      (f.kind === 'digest' ? this.counts.digests : this.counts.log_files)[f.status]++;
      a.appendVarchar(f.kind);
      a.appendVarchar(f.s3_object);
      text(a, f.path);
      integer(a, f.source_id);
      a.appendVarchar(f.status);
      a.appendVarchar(f.reason);
      text(a, f.account);
      text(a, f.region);
      text(a, f.trail);
      time(a, f.time);
      text(a, f.checked_against);
      // A log file's trail is that of the digest its verdict rests on: filters by trail find it.
      text(a, f.trail ?? this.trailOf(f.checked_against));
      a.endRow();
    }
  }

  close(): void {
    this.files.closeSync();
  }

  private trailOf(digestKey: string | null): string | null {
    if (digestKey === null) return null;
    let trail = this.trails.get(digestKey);
    if (trail === undefined) this.trails.set(digestKey, (trail = parseDigestKey(digestKey)?.trail ?? null));
    return trail;
  }
}

/**
 * Stores one verification, within the caller's analyst write on the connection that staged its
 * verdicts: the run (when, which version, what it read, every key offered, the summary), each
 * file's verdict, the gaps and the trails, and its entry in the case log.
 */
export async function storeRun(
  db: DuckDBConnection,
  staged: StagedVerdicts,
  read: CaseIntegrityInput,
  result: Omit<IntegrityResult, 'files'>,
): Promise<number> {
  staged.close();
  const runId = await new CaseReader(db).number('SELECT coalesce(max(run_id), 0) + 1 FROM integrity_runs');
  await db.run(`INSERT INTO integrity_files SELECT $run, * FROM temp.${STAGED}`, { run: runId });
  const { counts } = read;
  await db.run(
    `INSERT INTO integrity_runs VALUES ($run, now(), $version, $digests, $listings, $logs, $signatures, $last, $keys::JSON, $summary::JSON)`,
    {
      run: runId,
      version: trailscopeVersion,
      digests: counts.digests,
      listings: counts.listings,
      logs: counts.log_files,
      signatures: counts.signatures,
      last: read.last_source_id,
      keys: JSON.stringify(read.keys),
      summary: JSON.stringify(result.summary),
    },
  );

  const gaps = await db.createAppender('integrity_gaps');
  for (const g of result.gaps) {
    gaps.appendInteger(runId);
    for (const value of [g.account, g.region, g.trail, g.home_region]) gaps.appendVarchar(value);
    time(gaps, g.from);
    time(gaps, g.to);
    gaps.appendVarchar(g.reason);
    gaps.endRow();
  }
  gaps.closeSync();

  const trails = await db.createAppender('integrity_trails');
  for (const t of result.trails) {
    trails.appendInteger(runId);
    text(trails, t.org_id);
    for (const value of [t.account, t.region, t.trail, t.home_region]) trails.appendVarchar(value);
    trails.appendInteger(t.digests);
    time(trails, t.from);
    time(trails, t.to);
    trails.appendInteger(t.gaps);
    trails.appendBoolean(t.starts_chain);
    trails.endRow();
  }
  trails.closeSync();

  const { summary } = result;
  await logAction(db, 'integrity-verified', {
    run_id: runId,
    inputs: counts,
    keys: read.keys.map((k) => ({ fingerprint: k.fingerprint, origin: k.origin })),
    digests: summary.digests,
    log_files: summary.log_files,
    signatures: summary.signatures,
    gaps: summary.gaps,
  });
  return runId;
}
