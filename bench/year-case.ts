import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { CaseStore } from '../electron/core/case/case-store.ts';
import { sidecarFileName } from '../electron/core/integrity/signature-sidecar.ts';
import type { DigestFields, IntegrityInput } from '../shared/model/integrity.ts';

const BUCKET = 'acme-cloudtrail';

const text = (a: DuckDBAppender, value: string | null) => (value === null ? a.appendNull() : a.appendVarchar(value));

/** Rows appended to a temporary table of VARCHAR and INTEGER columns, inserted by the caller by name. */
async function stage(
  db: DuckDBConnection,
  table: string,
  columns: Record<string, 'INTEGER' | 'VARCHAR'>,
  rows: Iterable<(string | number | null)[]>,
): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${table} (${Object.entries(columns)
      .map(([name, type]) => `${name} ${type}`)
      .join(', ')})`,
  );
  const appender = await db.createAppender(table, 'main', 'temp');
  for (const row of rows) {
    for (const value of row) {
      if (typeof value === 'number') appender.appendInteger(value);
      else text(appender, value);
    }
    appender.endRow();
  }
  appender.closeSync();
}

/**
 * Puts into a new case what ingest would have stored for an integrity input's files: a
 * source per digest and log file with its key and first-member hash, each digest's fields
 * and listed files, and the newest digest's head-object output beside it. Ingesting a
 * synthetic year's 110,000 files would take minutes and measure ingest; this measures
 * verification alone. Validation reads no file size, so sizes are recorded as 0.
 */
export async function loadIntoCase(store: CaseStore, input: IntegrityInput): Promise<void> {
  const db = store.writer;
  const fieldNames = Object.keys(input.digests[0]!.fields!) as (keyof DigestFields)[];
  const files = [
    ...input.digests.map((d) => [d.source_id, d.path, 'digest', 'digest', d.s3_key, d.sha256]),
    ...input.log_files.map((l) => [l.source_id, l.path, 'log', 'trail-log', l.s3_key, l.sha256]),
  ];
  const positions = new Map<number, number>();
  const listings = input.listings.map((l) => {
    const position = positions.get(l.digest_source_id) ?? 0;
    positions.set(l.digest_source_id, position + 1);
    return [l.digest_source_id, position, BUCKET, l.s3_object, l.hash_value];
  });
  let nextId =
    input.log_files.reduce(
      (max, l) => Math.max(max, l.source_id),
      input.digests.reduce((max, d) => Math.max(max, d.source_id), 0),
    ) + 1;
  const sidecars = input.digests
    .filter((d) => d.sidecar_signature !== null)
    .map((d) => ({
      id: nextId++,
      path: sidecarFileName(d.path),
      digestName: d.path.split('/').pop()!,
      signature: d.sidecar_signature!,
    }));

  await stage(
    db,
    'year_sources',
    { source_id: 'INTEGER', path: 'VARCHAR', kind: 'VARCHAR', format: 'VARCHAR', s3_key: 'VARCHAR', sha256: 'VARCHAR' },
    [...files, ...sidecars.map((s) => [s.id, s.path, 'other', 'digest-signature', null, null])],
  );
  await stage(
    db,
    'year_digests',
    { source_id: 'INTEGER', ...Object.fromEntries(fieldNames.map((f) => [f, 'VARCHAR' as const])) },
    input.digests.map((d) => [d.source_id, ...fieldNames.map((f) => d.fields![f])]),
  );
  await stage(
    db,
    'year_listings',
    {
      digest_source_id: 'INTEGER',
      position: 'INTEGER',
      s3_bucket: 'VARCHAR',
      s3_object: 'VARCHAR',
      hash_value: 'VARCHAR',
    },
    listings,
  );
  await stage(
    db,
    'year_signatures',
    { source_id: 'INTEGER', digest_name: 'VARCHAR', signature: 'VARCHAR' },
    sidecars.map((s) => [s.id, s.digestName, s.signature]),
  );

  await db.run('BEGIN TRANSACTION');
  await db.run(`INSERT INTO sources (source_id, path, kind, format, size_stored, sha256_content, status, ingest_id, ingested_at, s3_key, sha256_first_member, bytes_after_first_member)
    SELECT source_id, path, kind, format, 0, sha256, 'ok', 1, now(), s3_key, sha256, 0 FROM temp.year_sources`);
  const fields = fieldNames.join(', ');
  await db.run(`INSERT INTO digests (source_id, ${fields}, start_time, end_time)
    SELECT source_id, ${fields}, digest_start_time::TIMESTAMPTZ, digest_end_time::TIMESTAMPTZ FROM temp.year_digests`);
  await db.run(`INSERT INTO digest_log_files (digest_source_id, position, s3_bucket, s3_object, hash_value, hash_algorithm)
    SELECT digest_source_id, position, s3_bucket, s3_object, hash_value, 'SHA-256' FROM temp.year_listings`);
  await db.run(
    `INSERT INTO digest_signatures (source_id, digest_name, signature, signature_algorithm) SELECT source_id, digest_name, signature, 'SHA256withRSA' FROM temp.year_signatures`,
  );
  await db.run('COMMIT');
  for (const table of ['year_sources', 'year_digests', 'year_listings', 'year_signatures'])
    await db.run(`DROP TABLE temp.${table}`);
}
