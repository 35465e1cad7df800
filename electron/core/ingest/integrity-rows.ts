import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../case/sql.ts';
import type { IntegrityContent } from './integrity-content.ts';
import { wellFormedJson } from './well-formed.ts';

const DIGEST_COLUMNS = {
  source_id: 'INTEGER',
  md5_stored: 'VARCHAR',
  problem: 'VARCHAR',
  aws_account_id: 'VARCHAR',
  digest_start_time: 'VARCHAR',
  digest_end_time: 'VARCHAR',
  digest_s3_bucket: 'VARCHAR',
  digest_s3_object: 'VARCHAR',
  digest_public_key_fingerprint: 'VARCHAR',
  digest_signature_algorithm: 'VARCHAR',
  newest_event_time: 'VARCHAR',
  oldest_event_time: 'VARCHAR',
  previous_digest_s3_bucket: 'VARCHAR',
  previous_digest_s3_object: 'VARCHAR',
  previous_digest_hash_value: 'VARCHAR',
  previous_digest_hash_algorithm: 'VARCHAR',
  previous_digest_signature: 'VARCHAR',
};

const LISTING_COLUMNS = {
  digest_source_id: 'INTEGER',
  position: 'INTEGER',
  s3_bucket: 'VARCHAR',
  s3_object: 'VARCHAR',
  hash_value: 'VARCHAR',
  hash_algorithm: 'VARCHAR',
  newest_event_time: 'VARCHAR',
  oldest_event_time: 'VARCHAR',
};

const SIGNATURE_COLUMNS = {
  source_id: 'INTEGER',
  digest_name: 'VARCHAR',
  signature: 'VARCHAR',
  signature_algorithm: 'VARCHAR',
  etag: 'VARCHAR',
  content_length: 'BIGINT',
};

const nullFields = Object.fromEntries(Object.keys(DIGEST_COLUMNS).map((name) => [name, null]));

/**
 * A batch's digests, the log files they list and saved head-object outputs, staged as JSON
 * lines like its sources (JSON.stringify cannot be made to end a line) and inserted in the
 * batch's transaction, so that a source and what validation reads of it commit together.
 */
export class IntegrityRows {
  private readonly digests: string[] = [];
  private readonly listings: string[] = [];
  private readonly signatures: string[] = [];
  private readonly digestsPath: string;
  private readonly listingsPath: string;
  private readonly signaturesPath: string;

  constructor(dir: string, sequence: number) {
    this.digestsPath = path.join(dir, `digests-${sequence}.ndjson`);
    this.listingsPath = path.join(dir, `digest-log-files-${sequence}.ndjson`);
    this.signaturesPath = path.join(dir, `digest-signatures-${sequence}.ndjson`);
  }

  add(sourceId: number, content: IntegrityContent): void {
    if (content.kind === 'signature') {
      const { signature, algorithm, etag, content_length } = content.sidecar;
      this.signatures.push(
        wellFormedJson({
          source_id: sourceId,
          digest_name: content.digestName,
          signature,
          signature_algorithm: algorithm,
          etag,
          content_length,
        }),
      );
      return;
    }
    this.digests.push(
      wellFormedJson({
        ...nullFields,
        ...content.fields,
        source_id: sourceId,
        md5_stored: content.md5Stored,
        problem: content.problem,
      }),
    );
    content.logFiles.forEach((entry, position) =>
      this.listings.push(wellFormedJson({ digest_source_id: sourceId, position, ...entry })),
    );
  }

  get isEmpty(): boolean {
    return this.digests.length === 0 && this.signatures.length === 0;
  }

  /** The files to write when the batch closes. */
  files(): { path: string; text: string }[] {
    return [
      { path: this.digestsPath, text: this.digests.join('\n') },
      { path: this.listingsPath, text: this.listings.join('\n') },
      { path: this.signaturesPath, text: this.signatures.join('\n') },
    ];
  }

  paths(): string[] {
    return [this.digestsPath, this.listingsPath, this.signaturesPath];
  }

  /** Inserts the staged rows, within the caller's transaction. */
  async insert(db: DuckDBConnection): Promise<void> {
    if (this.isEmpty) return;
    const read = (file: string, columns: Record<string, string>) =>
      `read_json(${sqlString(file)}, format = 'newline_delimited', columns = {${Object.entries(columns)
        .map(([name, type]) => `'${name}': '${type}'`)
        .join(', ')}})`;
    const digestNames = Object.keys(DIGEST_COLUMNS).join(', ');
    await db.run(`INSERT INTO digests (${digestNames}, start_time, end_time)
      SELECT ${digestNames}, TRY_CAST(digest_start_time AS TIMESTAMPTZ), TRY_CAST(digest_end_time AS TIMESTAMPTZ) FROM ${read(this.digestsPath, DIGEST_COLUMNS)}`);
    if (this.listings.length > 0)
      await db.run(`INSERT INTO digest_log_files SELECT * FROM ${read(this.listingsPath, LISTING_COLUMNS)}`);
    await db.run(`INSERT INTO digest_signatures SELECT * FROM ${read(this.signaturesPath, SIGNATURE_COLUMNS)}`);
  }
}
