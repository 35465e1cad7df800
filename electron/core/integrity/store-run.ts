import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { IntegrityResult } from '../../../shared/model/integrity.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import { timestampTZ } from '../case/duckdb-library.ts';
import { trailscopeVersion } from '../version.ts';
import type { CaseIntegrityInput } from './case-inputs.ts';
import { parseDigestKey } from './object-keys.ts';
import { parseUtc } from './utc-time.ts';

const text = (a: DuckDBAppender, value: string | null) => (value === null ? a.appendNull() : a.appendVarchar(value));
const integer = (a: DuckDBAppender, value: number | null) => (value === null ? a.appendNull() : a.appendInteger(value));
const time = (a: DuckDBAppender, iso: string | null) => {
  const ms = iso === null ? null : parseUtc(iso);
  return ms === null ? a.appendNull() : a.appendTimestampTZ(timestampTZ(ms));
};

/**
 * Stores one verification, within the caller's analyst write: the run (when, which version,
 * what it read, every key offered, the summary), each file's verdict, the gaps and the
 * trails, and its entry in the case log. Files go through DuckDB's appender: 110,000 rows
 * in well under a second, in the same transaction.
 */
export async function storeRun(
  db: DuckDBConnection,
  read: CaseIntegrityInput,
  result: IntegrityResult,
): Promise<number> {
  const runId = await new CaseReader(db).number('SELECT coalesce(max(run_id), 0) + 1 FROM integrity_runs');
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

  const files = await db.createAppender('integrity_files');
  for (const f of result.files) {
    files.appendInteger(runId);
    files.appendVarchar(f.kind);
    files.appendVarchar(f.s3_object);
    text(files, f.path);
    integer(files, f.source_id);
    files.appendVarchar(f.status);
    files.appendVarchar(f.reason);
    text(files, f.account);
    text(files, f.region);
    text(files, f.trail);
    time(files, f.time);
    text(files, f.checked_against);
    // A log file's trail is that of the digest its verdict rests on: filters by trail find it.
    text(files, f.trail ?? (f.checked_against === null ? null : (parseDigestKey(f.checked_against)?.trail ?? null)));
    files.endRow();
  }
  files.closeSync();

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
