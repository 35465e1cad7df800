import { TrailscopeError } from '../../../shared/api/errors.ts';
import {
  hourCodes,
  type IntegrityStatus,
  MAX_STRIP_HOURS,
  NO_FILE_CODE,
  type TrailHours,
  type TrailIdentity,
} from '../../../shared/model/integrity.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { formatUtc, HOUR_MS } from './utc-time.ts';

export interface TrailHoursQuery extends TrailIdentity {
  run_id?: number;
  /** Start of the window wanted; the latest hours when absent. */
  from?: string;
}

/** Best to worst: an hour shows the worst of its files. */
const RANKED: IntegrityStatus[] = ['valid', 'unverifiable', 'unlisted', 'missing', 'invalid'];
const RANK_SQL = `CASE status ${RANKED.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;
const MISSING_RANK = RANKED.indexOf('missing');

// A digest's S3 key names its trail and home region (`…_CloudTrail-Digest_REGION_TRAIL_HOME_STAMP`);
// files rows carry only the trail's name, which two trails of one region may share.
const digestMarker = (t: TrailIdentity) => `_CloudTrail-Digest_${t.region}_${t.trail}_${t.home_region}_`;

// Per hour of the window, the worst status among the files placed on it and how many there
// are. A digest spans the hours between its start and end rounded to whole hours (at least
// one); its times come from its content, or, for a digest not in the case, from the end its
// name gives. One whose signature did not verify spans the hour before its end only, as in
// the gaps (chain-gaps.ts#coveredFromMs): a planted digest saying it covered years painted
// them, and every log file resting on it took a year of rows. The log files whose verdict
// rests on a digest share its hours; a log file on no digest of any trail is placed on the
// hour of its name, in the trail's account and region.
const HOURS_SQL = `
WITH digest_times AS (
  SELECT f.status,
    coalesce(nullif(regexp_extract(d.digest_s3_object, '(?:^|/)(AWSLogs/.*)$', 1), ''), f.s3_object) AS self_key,
    coalesce(epoch_ms(d.start_time), epoch_ms(f.file_time) - ${HOUR_MS}) AS stated_ms,
    coalesce(epoch_ms(d.end_time), epoch_ms(f.file_time)) AS end_ms
  FROM integrity_files f
  LEFT JOIN sources s ON s.source_id = f.source_id
  LEFT JOIN digests d ON d.source_id = coalesce(s.duplicate_of, s.source_id)
  WHERE f.run_id = $run AND f.kind = 'digest' AND f.account = $account AND f.region = $region AND f.trail = $trail AND contains(f.s3_object, $marker)
),
digest_spans AS (
  SELECT status, self_key, end_ms,
    CASE WHEN status = 'valid' THEN stated_ms ELSE greatest(stated_ms, end_ms - ${HOUR_MS}) END AS start_ms
  FROM digest_times
),
placed AS (
  SELECT status, round((start_ms - $base) / ${HOUR_MS}) AS first_h, greatest(round((end_ms - $base) / ${HOUR_MS}), round((start_ms - $base) / ${HOUR_MS}) + 1) AS end_h
  FROM digest_spans WHERE start_ms IS NOT NULL
  UNION ALL
  SELECT l.status, round((d.start_ms - $base) / ${HOUR_MS}), greatest(round((d.end_ms - $base) / ${HOUR_MS}), round((d.start_ms - $base) / ${HOUR_MS}) + 1)
  FROM integrity_files l JOIN digest_spans d ON l.checked_against = d.self_key
  WHERE l.run_id = $run AND l.kind = 'log' AND l.checked_trail = $trail AND d.start_ms IS NOT NULL
  UNION ALL
  SELECT status, floor((epoch_ms(file_time) - $base) / ${HOUR_MS}), floor((epoch_ms(file_time) - $base) / ${HOUR_MS}) + 1
  FROM integrity_files
  WHERE run_id = $run AND kind = 'log' AND checked_trail IS NULL AND account = $account AND region = $region AND file_time IS NOT NULL
),
hours AS (
  SELECT status, unnest(range(greatest(first_h, $first)::BIGINT, least(end_h, $last)::BIGINT)) AS h
  FROM placed WHERE end_h > $first AND first_h < $last
)
SELECT (h - $first)::INTEGER AS i, max(${RANK_SQL})::INTEGER AS worst, count(*)::INTEGER AS files, count(*) FILTER (WHERE status <> 'valid')::INTEGER AS problems
FROM hours GROUP BY h`;

interface HourRow {
  i: number;
  worst: number;
  files: number;
  problems: number;
}

interface SpanRow {
  from_ms: string | null;
  to_ms: string | null;
}

/**
 * One trail's hours by their worst verdict, for the Integrity view's strip: at most a year
 * of hours per answer (the latest, unless `from` asks for others), computed by DuckDB from
 * the run's stored verdicts and gaps.
 */
export async function readTrailHours(db: CaseReader, query: TrailHoursQuery): Promise<TrailHours> {
  const runId = query.run_id ?? (await db.number('SELECT coalesce(max(run_id), 0) FROM integrity_runs'));
  if (runId === 0) throw new TrailscopeError('not-found', 'This case was never verified: run a verification first.');
  const identity: TrailIdentity = {
    account: query.account,
    region: query.region,
    trail: query.trail,
    home_region: query.home_region,
  };
  const trailParams = { run: runId, account: identity.account, region: identity.region, trail: identity.trail };
  const span = await db.row<SpanRow>(
    `SELECT epoch_ms(min(from_time)) AS from_ms, epoch_ms(max(to_time)) AS to_ms FROM integrity_trails
     WHERE run_id = $run AND account = $account AND region = $region AND trail = $trail AND home_region = $home HAVING count(*) > 0`,
    { ...trailParams, home: identity.home_region },
  );
  if (!span)
    throw new TrailscopeError(
      'not-found',
      `Run ${runId} has no trail ${identity.trail} of account ${identity.account} in ${identity.region} (home region ${identity.home_region}).`,
    );
  const empty: TrailHours = {
    ...identity,
    run_id: runId,
    span_from: null,
    span_hours: 0,
    from: null,
    first_hour: 0,
    statuses: '',
    files: [],
    problems: [],
    gaps: [],
  };
  if (span.from_ms === null || span.to_ms === null) return empty;

  // Hours are counted from the whole hour nearest the first digest's start, as digests are placed.
  const base = Math.round(Number(span.from_ms) / HOUR_MS) * HOUR_MS;
  const spanHours = Math.max(1, Math.round((Number(span.to_ms) - base) / HOUR_MS));
  const wanted =
    query.from === undefined ? spanHours - MAX_STRIP_HOURS : Math.floor((Date.parse(query.from) - base) / HOUR_MS);
  const first = Math.max(0, Math.min(wanted, spanHours - MAX_STRIP_HOURS));
  const count = Math.min(spanHours - first, MAX_STRIP_HOURS);

  const rows = await db.rows<HourRow>(HOURS_SQL, {
    ...trailParams,
    marker: digestMarker(identity),
    base,
    first,
    last: first + count,
  });
  const gapRows = await db.rows<{ from_h: number; to_h: number }>(
    `SELECT greatest(round((epoch_ms(gap_from) - $base) / ${HOUR_MS}), $first)::INTEGER - $first AS from_h,
       least(round((epoch_ms(gap_to) - $base) / ${HOUR_MS}), $last)::INTEGER - $first AS to_h
     FROM integrity_gaps WHERE run_id = $run AND account = $account AND region = $region AND trail = $trail AND home_region = $home
     ORDER BY gap_from`,
    { ...trailParams, home: identity.home_region, base, first, last: first + count },
  );
  const gaps = gapRows.filter((g) => g.to_h > g.from_h).map((g): [number, number] => [g.from_h, g.to_h]);

  const worst = new Array<number>(count).fill(-1);
  const files = new Array<number>(count).fill(0);
  const problems = new Array<number>(count).fill(0);
  for (const r of rows) {
    worst[r.i] = r.worst;
    files[r.i] = r.files;
    problems[r.i] = r.problems;
  }
  for (const [from, to] of gaps) for (let i = from; i < to; i++) worst[i] = Math.max(worst[i]!, MISSING_RANK);
  return {
    ...empty,
    span_from: formatUtc(base),
    span_hours: spanHours,
    from: formatUtc(base + first * HOUR_MS),
    first_hour: first,
    statuses: worst.map((w) => (w < 0 ? NO_FILE_CODE : hourCodes[RANKED[w]!])).join(''),
    files,
    problems,
    gaps,
  };
}

export function trailHours(store: CaseStore, query: TrailHoursQuery): Promise<TrailHours> {
  return store.read((db) => readTrailHours(db, query));
}
