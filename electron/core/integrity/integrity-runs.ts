import { TrailscopeError } from '../../../shared/api/errors.ts';
import {
  type IntegrityFileFilter,
  type IntegrityFilePage,
  type IntegrityFileResult,
  type IntegrityGap,
  type IntegrityListPage,
  type IntegrityRun,
  type IntegrityStatus,
  type IntegrityTrail,
  integrityStatuses,
  RUN_LISTED,
} from '../../../shared/model/integrity.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { noStatuses } from './integrity-summary.ts';
import { type CountedVerdicts, storedRunJson } from './stored-summary.ts';
import { formatUtc } from './utc-time.ts';

const iso = (ms: string | null) => (ms === null ? null : formatUtc(Number(ms)));

interface RunRow {
  run_id: number;
  ran_at: string;
  trailscope_version: string;
  digests: number;
  listings: number;
  log_files: number;
  signatures: number;
  keys: string;
  summary: string;
  sources_since: string;
  trails_total: string;
}

/** A run's trails from `offset`, in order. */
async function trailRows(db: CaseReader, runId: number, limit: number, offset: number): Promise<IntegrityTrail[]> {
  const rows = await db.rows<Omit<IntegrityTrail, 'from' | 'to'> & { from_ms: string | null; to_ms: string | null }>(
    `SELECT org_id, account, region, trail, home_region, digests, epoch_ms(from_time) AS from_ms, epoch_ms(to_time) AS to_ms, gaps, starts_chain
     FROM integrity_trails WHERE run_id = $run ORDER BY coalesce(org_id, ''), account, region, trail, home_region
     LIMIT $limit OFFSET $offset`,
    { run: runId, limit, offset },
  );
  return rows.map(({ from_ms, to_ms, ...t }) => ({ ...t, from: iso(from_ms), to: iso(to_ms) }));
}

type GapRow = Omit<IntegrityGap, 'from' | 'to'> & { from_ms: string; to_ms: string };
const GAP_COLUMNS =
  'g.account, g.region, g.trail, g.home_region, epoch_ms(g.gap_from) AS from_ms, epoch_ms(g.gap_to) AS to_ms, g.reason';
const gapOf = ({ from_ms, to_ms, ...g }: GapRow): IntegrityGap => ({ ...g, from: iso(from_ms)!, to: iso(to_ms)! });

/** A run's gaps from `offset`, in order. */
async function gapRows(db: CaseReader, runId: number, limit: number, offset: number): Promise<IntegrityGap[]> {
  const rows = await db.rows<GapRow>(
    `SELECT ${GAP_COLUMNS} FROM integrity_gaps g WHERE g.run_id = $run
     ORDER BY g.account, g.region, g.trail, g.home_region, g.gap_from LIMIT $limit OFFSET $offset`,
    { run: runId, limit, offset },
  );
  return rows.map(gapOf);
}

/** The gaps of a run that these name (by trail and start), whichever of its gaps they are. */
export async function namedGaps(
  db: CaseReader,
  runId: number,
  names: { account: string; region: string; trail: string; home_region: string; from: string }[],
): Promise<IntegrityGap[]> {
  const wanted = names.map(({ account, region, trail, home_region, from }) => ({
    account,
    region,
    trail,
    home_region,
    // An instant: a page may send `…:31.000Z` for the `…:31Z` stored.
    from_ms: Date.parse(from),
  }));
  const rows = await db.rows<GapRow>(
    `SELECT ${GAP_COLUMNS}
     FROM integrity_gaps g
     SEMI JOIN (SELECT unnest(from_json($wanted, '[{"account":"VARCHAR","region":"VARCHAR","trail":"VARCHAR","home_region":"VARCHAR","from_ms":"BIGINT"}]'), recursive := true)) w
       ON g.account = w.account AND g.region = w.region AND g.trail = w.trail AND g.home_region = w.home_region AND epoch_ms(g.gap_from) = w.from_ms
     WHERE g.run_id = $run ORDER BY g.account, g.region, g.trail, g.home_region, g.gap_from`,
    { run: runId, wanted: JSON.stringify(wanted) },
  );
  return rows.map(gapOf);
}

/** The run named, or the latest; refused when the case was never verified. */
async function runIdOf(db: CaseReader, runId: number | undefined): Promise<number> {
  const id = runId ?? (await db.number('SELECT coalesce(max(run_id), 0) FROM integrity_runs'));
  if (id === 0) throw new TrailscopeError('not-found', 'This case was never verified: run a verification first.');
  return id;
}

type ListParams = { run_id?: number; limit: number; offset: number };

/** A page of a run's rows of `table` (the latest run's when none is named). */
async function listPage<T>(
  db: CaseReader,
  params: ListParams,
  table: 'integrity_trails' | 'integrity_gaps',
  read: (db: CaseReader, runId: number, limit: number, offset: number) => Promise<T[]>,
): Promise<IntegrityListPage<T>> {
  const runId = await runIdOf(db, params.run_id);
  const total = await db.number(`SELECT count(*) FROM ${table} WHERE run_id = $run`, { run: runId });
  return { run_id: runId, total, offset: params.offset, rows: await read(db, runId, params.limit, params.offset) };
}

export const listRunTrails = (db: CaseReader, params: ListParams) =>
  listPage(db, params, 'integrity_trails', trailRows);
export const listRunGaps = (db: CaseReader, params: ListParams) => listPage(db, params, 'integrity_gaps', gapRows);

/** A stored run (the latest when `runId` is absent), or null when there is none. */
export async function readIntegrityRun(db: CaseReader, runId?: number): Promise<IntegrityRun | null> {
  const header = await readRunHeader(db, runId);
  if (!header) return null;
  const trails = await trailRows(db, header.run_id, RUN_LISTED, 0);
  const gaps = await gapRows(db, header.run_id, RUN_LISTED, 0);
  return { ...header, trails, gaps };
}

/**
 * A stored run's own row (the latest when `runId` is absent), without its first trails and gaps:
 * what a finding's evidence names of it. A forged run's 10,000 of each took 0.3 s to read.
 */
export async function readRunHeader(
  db: CaseReader,
  runId?: number,
): Promise<Omit<IntegrityRun, 'trails' | 'gaps'> | null> {
  const row = await db.row<RunRow>(
    `SELECT run_id, strftime(ran_at, '%Y-%m-%dT%H:%M:%SZ') AS ran_at, trailscope_version, digests, listings, log_files, signatures, keys::VARCHAR AS keys, summary::VARCHAR AS summary,
       (SELECT count(*) FROM sources s WHERE s.source_id > r.last_source_id) AS sources_since,
       (SELECT count(*) FROM integrity_trails t WHERE t.run_id = r.run_id) AS trails_total
     FROM integrity_runs r WHERE run_id = coalesce($run, (SELECT max(run_id) FROM integrity_runs))`,
    { run: runId ?? null },
  );
  if (!row) return null;
  let stored = storedRunJson(row.run_id, row);
  if (stored.recount) stored = storedRunJson(row.run_id, row, await countedVerdicts(db, row.run_id));
  const { summary, keys } = stored;
  return {
    run_id: row.run_id,
    ran_at: row.ran_at,
    trailscope_version: row.trailscope_version,
    inputs: {
      digests: row.digests,
      listings: row.listings,
      log_files: row.log_files,
      signatures: row.signatures,
      keys: keys.length,
    },
    keys,
    summary,
    trails_total: Number(row.trails_total),
    sources_since: Number(row.sources_since),
  };
}

/** A run's verdicts by kind and status, counted from its rows. */
async function countedVerdicts(db: CaseReader, runId: number): Promise<CountedVerdicts> {
  const counted = { digests: noStatuses(), log_files: noStatuses() };
  const rows = await db.rows<{ kind: string; status: string; n: number }>(
    'SELECT kind, status, count(*)::INTEGER AS n FROM integrity_files WHERE run_id = $run GROUP BY ALL',
    { run: runId },
  );
  for (const { kind, status, n } of rows) {
    const counts = kind === 'digest' ? counted.digests : kind === 'log' ? counted.log_files : null;
    if (counts && (integrityStatuses as readonly string[]).includes(status)) counts[status as IntegrityStatus] += n;
  }
  return counted;
}

/** The latest verification stored in the case, or null when it was never verified. */
export function latestIntegrityRun(store: CaseStore): Promise<IntegrityRun | null> {
  return store.read((db) => readIntegrityRun(db));
}

/** A file verdict's columns in `integrity_files`, read back by `fileResult`. */
export const FILE_COLUMNS =
  'kind, s3_object, path, source_id, status, reason, account, region, trail, epoch_ms(file_time) AS time_ms, checked_against';

export type FileRow = Omit<IntegrityFileResult, 'time'> & { time_ms: string | null };

export const fileResult = ({ time_ms, ...f }: FileRow): IntegrityFileResult => ({ ...f, time: iso(time_ms) });

/**
 * Worst first: what an analyst must look at before what merely could not be checked
 * (invalid, missing, unlisted, unverifiable, valid), digests before log files, then by key.
 */
export const FILE_ORDER = `CASE status WHEN 'invalid' THEN 0 WHEN 'missing' THEN 1 WHEN 'unlisted' THEN 2 WHEN 'unverifiable' THEN 3 ELSE 4 END, kind = 'log', s3_object, path`;

/** The filter as SQL; statuses are checked against the known ones and written as literals. */
function filterWhere(
  runId: number,
  filter: IntegrityFileFilter,
): { where: string; params: Record<string, string | number> } {
  const terms = ['run_id = $run'];
  const params: Record<string, string | number> = { run: runId };
  if (filter.statuses) {
    const unknown = filter.statuses.find((s) => !integrityStatuses.includes(s));
    if (unknown !== undefined)
      throw new TrailscopeError(
        'invalid-input',
        `unknown integrity status "${unknown}"; the statuses are ${integrityStatuses.join(', ')}`,
      );
    terms.push(filter.statuses.length > 0 ? `status IN (${filter.statuses.map((s) => `'${s}'`).join(', ')})` : 'FALSE');
  }
  if (filter.kind) {
    terms.push('kind = $kind');
    params.kind = filter.kind;
  }
  if (filter.trail) {
    terms.push('checked_trail = $trail');
    params.trail = filter.trail;
  }
  return { where: terms.join(' AND '), params };
}

/** A page of a run's file verdicts, worst first (FILE_ORDER), with the exact number the filter matches. */
export async function readIntegrityFiles(db: CaseReader, filter: IntegrityFileFilter): Promise<IntegrityFilePage> {
  const runId = await runIdOf(db, filter.run_id);
  const offset = filter.offset ?? 0;
  const { where, params } = filterWhere(runId, filter);
  const rows = await db.rows<FileRow & { total: string }>(
    `SELECT ${FILE_COLUMNS}, count(*) OVER () AS total
     FROM integrity_files WHERE ${where}
     ORDER BY ${FILE_ORDER}
     LIMIT $limit OFFSET $offset`,
    { ...params, limit: filter.limit, offset },
  );
  // Past the last page there is no row to carry the total.
  const total =
    rows.length > 0
      ? Number(rows[0]!.total)
      : await db.number(`SELECT count(*) FROM integrity_files WHERE ${where}`, params);
  return { run_id: runId, total, offset, rows: rows.map(({ total: _total, ...f }) => fileResult(f)) };
}

/** A run's file verdicts, for the API: the latest run unless the filter names one. */
export function integrityFiles(store: CaseStore, filter: IntegrityFileFilter): Promise<IntegrityFilePage> {
  return store.read((db) => readIntegrityFiles(db, filter));
}
