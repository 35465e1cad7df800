import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { DigestFields, DigestInput } from '../../../shared/model/integrity.ts';
import { CaseReader } from '../case/case-reader.ts';
import { DIGEST_FIELDS, DIGESTED, LOCATION, ORIGINAL } from './case-inputs.ts';
import { type DigestEntry, digestEntry, digestKeys } from './digest-entry.ts';
import { factsOf } from './log-file-verdicts.ts';
import { byTrailId, type DigestKeyInfo, trailId } from './object-keys.ts';
import type { SidecarLinker } from './sidecar-links.ts';

/**
 * A case's digests read a trail at a time, so that verification holds one trail's chain (a
 * year of one region is 8,760 digests) rather than every digest of the case (an organization's
 * year is millions). Two passes over the case's digests, in the caller's read-only snapshot:
 * the first reads each digest's keys and places it in its trail (`digestKeys`, the same as
 * validation in memory) and links its saved head-object output; DuckDB then copies the digests
 * in trail order into a temp table, read a page at a time.
 */

/** Each judged digest's facts, for the listings that rest on it (`makeKeyRows`). */
export const DIGEST_FACTS = 'integrity_digest_facts';

const KEYS = 'integrity_digest_keys';
const PLACES = 'integrity_digest_places';
const ORDER = 'integrity_trail_order';
const ROWS = 'integrity_digest_rows';

/** What the first pass found: how many digests each trail holds, and how many signatures were linked. */
export interface DigestPlaces {
  /** Digests by trail (`trailId`), in the order trails are judged. */
  trails: [trail: string, digests: number][];
  signatures: number;
}

/** The digests of one trail, or (`identity` null) some of those no key places in a trail. */
export interface TrailDigests {
  identity: DigestKeyInfo | null;
  entries: DigestEntry[];
}

interface KeyRow {
  source_id: number;
  location: string;
  s3_key: string;
  recorded: string | null;
  md5_stored: string | null;
  size_stored: number;
}

/**
 * Rows `from` (exclusive) to `to` of a temp table numbered in `n`, in that order, as one JSON
 * text: DuckDB's client turns rows into objects a value at a time (see `keyRowPage`).
 */
async function numberedPage<T>(db: DuckDBConnection, table: string, from: number, to: number): Promise<T[]> {
  const json = await new CaseReader(db).value(
    `SELECT '[' || string_agg(to_json(r)::VARCHAR, ',' ORDER BY n) || ']' FROM ${table} r WHERE n > $from AND n <= $to`,
    { from, to },
  );
  return typeof json === 'string' ? (JSON.parse(json) as T[]) : [];
}

/**
 * The first pass: each digest's trail and its saved signature, `perPage` digests read at a
 * time, into a temp table; then the digests in trail order into another (`digestsByTrail`).
 */
export async function placeDigests(
  db: DuckDBConnection,
  linker: SidecarLinker,
  perPage: number,
): Promise<DigestPlaces> {
  // Read once and numbered: a page read from the case itself met every digest again (18 s for 680,000).
  await db.run(`CREATE TEMP TABLE ${KEYS} AS
    SELECT row_number() OVER (ORDER BY s.source_id) AS n, s.source_id, ${LOCATION} AS location,
      coalesce(s.s3_key, s.member, s.path) AS s3_key, CASE WHEN d.problem IS NULL THEN d.digest_s3_object END AS recorded,
      d.md5_stored, s.size_stored
    FROM sources s JOIN digests d ON d.source_id = ${ORIGINAL} WHERE s.kind = 'digest'
    ORDER BY n`);
  await db.run(`CREATE TEMP TABLE ${PLACES} (source_id INTEGER, trail VARCHAR, signature VARCHAR)`);
  const places = await db.createAppender(PLACES, null, 'temp');
  const counts = new Map<string, number>();
  let signatures = 0;
  for (let from = 0; ; from += perPage) {
    const rows = await numberedPage<KeyRow>(db, KEYS, from, from + perPage);
    for (const row of rows) {
      const { info } = digestKeys(row.s3_key, row.recorded);
      const trail = info ? trailId(info) : null;
      if (trail !== null) counts.set(trail, (counts.get(trail) ?? 0) + 1);
      const signature = linker.signatureOf(row);
      if (signature !== null) signatures++;
      places.appendInteger(row.source_id);
      if (trail === null) places.appendNull();
      else places.appendVarchar(trail);
      if (signature === null) places.appendNull();
      else places.appendVarchar(signature);
      places.endRow();
    }
    if (rows.length < perPage) break;
  }
  places.closeSync();
  await db.run(`DROP TABLE ${KEYS}`);

  const trails = [...counts].sort(([a], [b]) => byTrailId(a, b));
  await db.run(`CREATE TEMP TABLE ${ORDER} (trail VARCHAR, place INTEGER)`);
  const order = await db.createAppender(ORDER, null, 'temp');
  trails.forEach(([trail], place) => {
    order.appendVarchar(trail);
    order.appendInteger(place);
    order.endRow();
  });
  order.closeSync();
  // Digests of no trail come first (place -1), each judged alone.
  await db.run(`CREATE TEMP TABLE ${ROWS} AS
    SELECT row_number() OVER (ORDER BY coalesce(o.place, -1), s.source_id) AS n, coalesce(o.place, -1) AS place,
      s.source_id, ${LOCATION} AS path, coalesce(s.s3_key, s.member, s.path) AS s3_key, ${DIGESTED} AS sha256,
      coalesce(s.bytes_after_first_member, 0) AS bytes_after, d.problem, p.signature, ${DIGEST_FIELDS.map((f) => `d.${f}`).join(', ')}
    FROM sources s JOIN digests d ON d.source_id = ${ORIGINAL} JOIN ${PLACES} p ON p.source_id = s.source_id
      LEFT JOIN ${ORDER} o ON o.trail = p.trail
    ORDER BY n`);
  await db.run(`DROP TABLE ${PLACES}; DROP TABLE ${ORDER}`);
  return { trails, signatures };
}

type DigestRow = Record<keyof DigestFields, string | null> & {
  n: number;
  place: number;
  source_id: number;
  path: string;
  s3_key: string;
  sha256: string | null;
  bytes_after: number;
  problem: string | null;
  signature: string | null;
};

const inputOf = (row: DigestRow): DigestInput => ({
  source_id: row.source_id,
  path: row.path,
  s3_key: row.s3_key,
  sha256: row.sha256,
  bytes_after_first_member: Number(row.bytes_after),
  fields:
    row.problem === null
      ? (Object.fromEntries(DIGEST_FIELDS.map((f) => [f, row[f]])) as unknown as DigestFields)
      : null,
  problem: row.problem,
  sidecar_signature: row.signature,
});

/**
 * The digests `placeDigests` placed, a trail at a time in the order trails are judged, read
 * `perPage` at a time: a trail's digests past a page wait for the rest of it. Digests of no
 * trail come first, a page at a time. Read to its end, it drops their copy.
 */
export async function* digestsByTrail(db: DuckDBConnection, perPage: number): AsyncGenerator<TrailDigests> {
  let open: { place: number; entries: DigestEntry[] } | null = null;
  const done = (entries: DigestEntry[]): TrailDigests => ({ identity: entries[0]?.info ?? null, entries });
  for (let from = 0; ; from += perPage) {
    const rows = await numberedPage<DigestRow>(db, ROWS, from, from + perPage);
    for (const row of rows) {
      if (open && open.place !== row.place) {
        yield done(open.entries);
        open = null;
      }
      open ??= { place: row.place, entries: [] };
      open.entries.push(digestEntry(inputOf(row)));
    }
    if (open?.place === -1) {
      yield done(open.entries);
      open = null;
    }
    if (rows.length < perPage) break;
  }
  if (open) yield done(open.entries);
  // What is left of the digests is their facts: the copy would hold memory through the log files' judging.
  await db.run(`DROP TABLE ${ROWS}`);
}

/** The facts of judged digests, into `DIGEST_FACTS` through DuckDB's appender. */
export class DigestFactsTable {
  private constructor(private readonly facts: DuckDBAppender) {}

  static async open(db: DuckDBConnection): Promise<DigestFactsTable> {
    await db.run(
      `CREATE TEMP TABLE ${DIGEST_FACTS} (source_id INTEGER, status VARCHAR, brief VARCHAR, self_key VARCHAR)`,
    );
    return new DigestFactsTable(await db.createAppender(DIGEST_FACTS, null, 'temp'));
  }

  add(entries: readonly DigestEntry[]): void {
    for (const e of entries) {
      const facts = factsOf(e);
      this.facts.appendInteger(e.input.source_id);
      this.facts.appendVarchar(facts.status);
      this.facts.appendVarchar(facts.brief);
      this.facts.appendVarchar(facts.selfKey);
      this.facts.endRow();
    }
  }

  close(): void {
    this.facts.closeSync();
  }
}
