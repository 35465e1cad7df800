import type { DuckDBConnection } from '@duckdb/node-api';
import { CaseReader } from '../case/case-reader.ts';
import { DIGEST_FACTS } from './case-digests.ts';
import { DIGESTED, LISTINGS, LOCATION, TRAIL_LOG_FILE } from './case-inputs.ts';
import type { DigestFacts, KeyGroup } from './log-file-verdicts.ts';

/**
 * `awsLogsKey` in SQL: the key from `AWSLogs/` on, backslashes read as slashes. Log files and
 * listings meet on it in DuckDB, so that a case's log files are never all in the JS heap. Most
 * keys already start there; the regular expression is for the others.
 */
export function awsLogsKeySql(column: string): string {
  const slashed = `replace(${column}, '\\', '/')`;
  return `CASE WHEN starts_with(${column}, 'AWSLogs/') AND NOT contains(${column}, '\\') THEN ${column}
    ELSE coalesce(nullif(regexp_extract(${slashed}, '(?s)(?:^|/)(AWSLogs/.*)$', 1), ''), ${slashed}) END`;
}

const KEY_ROWS = 'integrity_key_rows';

/**
 * The case's log files and digest listings met by key, in a temp table of the caller's
 * connection: what `keyGroups` makes in memory, made by DuckDB, which spills to disk where the
 * heap would have run out. One row per present file and per listing a verdict can rest on, by a
 * digest already judged (whose facts `DIGEST_FACTS` holds, read with each page), each key's rows
 * in one of `buckets` buckets (by the key's hash), read a bucket at a time.
 *
 * A verdict rests on each digest's first listing of its key and on listings of a present file's
 * content (`judgeListed`): only those are kept, so that a digest listing one key a million times
 * weighs one row. "Renamed or moved" is found among all of them.
 *
 * Measured over 300,000 log files and as many listings (docs/ARCHITECTURE.md, "Integrity"): one
 * row per key with DuckDB's ordered `list()` aggregates took 6.5 s of 6.8; numbering the rows in
 * key order sorted them all, 1.5 GB of memory at its peak; buckets sort a page at a time.
 */
export async function makeKeyRows(db: DuckDBConnection, buckets: number): Promise<void> {
  const location = 'coalesce(s.s3_key, s.member, s.path)';
  await db.run(`CREATE TEMP TABLE ${KEY_ROWS} AS
    WITH present AS (
      SELECT s.source_id, ${LOCATION} AS path, ${DIGESTED} AS sha256, coalesce(s.bytes_after_first_member, 0) AS bytes_after,
        s.error AS problem, ${awsLogsKeySql(location)} AS key
      FROM sources s WHERE ${TRAIL_LOG_FILE}
    ),
    named AS (
      SELECT ${awsLogsKeySql('l.s3_object')} AS key, s.source_id AS digest_source_id, lower(l.hash_value) AS hash, min(l.position) AS position
      FROM ${LISTINGS} AND s.source_id IN (SELECT source_id FROM ${DIGEST_FACTS})
      GROUP BY ALL
    ),
    listed AS (SELECT n.*, p.key IS NULL AS absent FROM named n LEFT JOIN (SELECT DISTINCT key FROM present) p USING (key)),
    moved AS (
      SELECT hash, key AS moved_key, digest_source_id AS moved_digest FROM listed WHERE absent
      QUALIFY row_number() OVER (PARTITION BY hash ORDER BY key, digest_source_id, position) = 1
    ),
    copies AS (
      SELECT lower(sha256) AS hash, min(path) AS copy_path FROM present
      WHERE lower(sha256) IN (SELECT hash FROM listed WHERE absent) GROUP BY ALL
    ),
    rows AS (
      SELECT l.key, 0 AS side, l.digest_source_id, l.position, l.hash, CASE WHEN l.absent THEN c.copy_path END AS copy_path
      FROM listed l LEFT JOIN copies c USING (hash)
        LEFT JOIN (SELECT DISTINCT key, lower(sha256) AS hash FROM present) p USING (key, hash)
      QUALIFY p.hash IS NOT NULL OR row_number() OVER (PARTITION BY l.key, l.digest_source_id ORDER BY l.position) = 1
      UNION ALL BY NAME
      SELECT p.key, 1 AS side, p.source_id, p.path, p.sha256, p.bytes_after, p.problem,
        CASE WHEN n.key IS NULL THEN m.moved_key END AS moved_key, CASE WHEN n.key IS NULL THEN m.moved_digest END AS moved_digest
      FROM present p LEFT JOIN (SELECT DISTINCT key FROM named) n USING (key) LEFT JOIN moved m ON m.hash = lower(p.sha256)
    )
    SELECT hash(key) % ${Math.max(1, Math.floor(buckets))} AS bucket, * FROM rows`);
}

interface KeyRow {
  key: string;
  side: 0 | 1;
  digest_source_id: number | null;
  hash: string | null;
  copy_path: string | null;
  source_id: number | null;
  path: string | null;
  sha256: string | null;
  bytes_after: number | null;
  problem: string | null;
  moved_key: string | null;
  moved_digest: number | null;
}

interface FactsRow {
  source_id: number;
  status: DigestFacts['status'];
  brief: string;
  self_key: string;
}

const IN_KEY_ORDER = 'key, side, digest_source_id, position, path, source_id';

/**
 * Rows `offset` up to `offset + count` of one bucket of `makeKeyRows`' table, in key order, with
 * the facts of the digests they rest on (a digest lists a hundred files or so: a page names few,
 * each once). The page comes as JSON text: DuckDB's client turned rows into objects a value at a
 * time, 5.1 s for 300,000 log files with their listings, where JSON.parse of the same rows took
 * 2.1 s in all; the facts on every row instead of once cost 1.2 s more over 100,000 listings.
 */
async function keyRowPage(
  db: DuckDBConnection,
  bucket: number,
  offset: number,
  count: number,
): Promise<{ rows: KeyRow[]; facts: Map<number, DigestFacts> }> {
  const page = await new CaseReader(db).row<{ rows: string | null; facts: string | null }>(
    `WITH page AS MATERIALIZED (
       SELECT * EXCLUDE (bucket) FROM ${KEY_ROWS} WHERE bucket = $bucket ORDER BY ${IN_KEY_ORDER} LIMIT $count OFFSET $offset
     )
     SELECT (SELECT '[' || string_agg(to_json(r)::VARCHAR, ',' ORDER BY ${IN_KEY_ORDER}) || ']' FROM page r) AS rows,
       (SELECT '[' || string_agg(to_json(f)::VARCHAR, ',') || ']' FROM ${DIGEST_FACTS} f
         WHERE f.source_id IN (SELECT digest_source_id FROM page UNION SELECT moved_digest FROM page)) AS facts`,
    { bucket, count, offset },
  );
  const facts = new Map<number, DigestFacts>();
  for (const f of JSON.parse(page?.facts ?? '[]') as FactsRow[])
    facts.set(f.source_id, { status: f.status, brief: f.brief, selfKey: f.self_key });
  return { rows: JSON.parse(page?.rows ?? '[]') as KeyRow[], facts };
}

/**
 * The key groups of `makeKeyRows`' table, at most `rowsPerPage` rows read at a time, so that
 * memory holds a page whatever the case's size or shape. A key whose files run past a page
 * comes in parts: its listings with each part of its files. A key listed and absent comes once,
 * whole, with no file.
 */
export async function* keyGroupsOf(
  db: DuckDBConnection,
  buckets: number,
  rowsPerPage: number,
): AsyncGenerator<KeyGroup[]> {
  // `judged`: some of its files were judged with an earlier page.
  let open = null as { group: KeyGroup; judged: boolean } | null;
  for (let bucket = 0; bucket < buckets; bucket++) {
    for (let offset = 0; ; offset += rowsPerPage) {
      const { rows, facts } = await keyRowPage(db, bucket, offset, rowsPerPage);
      const done: KeyGroup[] = [];
      for (const row of rows) {
        if (open?.group.key !== row.key) {
          if (open && (open.group.logs.length > 0 || !open.judged)) done.push(open.group);
          open = { group: { key: row.key, logs: [], listings: [] }, judged: false };
        }
        if (row.side === 0) {
          open.group.listings.push({
            digest: facts.get(row.digest_source_id!)!,
            hash: row.hash!,
            copy_path: row.copy_path,
          });
          continue;
        }
        open.group.logs.push({
          source_id: row.source_id!,
          path: row.path!,
          sha256: row.sha256,
          bytes_after_first_member: row.bytes_after ?? 0,
          problem: row.problem,
          moved_from: row.moved_key === null ? null : { key: row.moved_key, digest: facts.get(row.moved_digest!)! },
        });
      }
      // The open key's files so far are judged now; its listings stay for the files to come.
      if (open && open.group.logs.length > 0) {
        done.push(open.group);
        open = { group: { ...open.group, logs: [] }, judged: true };
      }
      yield done;
      if (rows.length < rowsPerPage) break;
    }
  }
  if (open && !open.judged) yield [open.group];
}
