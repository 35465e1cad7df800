import type { SourceRow, SourceStatus } from '../../../shared/model/source.ts';
import type { CaseStore } from './case-store.ts';

export interface SourceFilter {
  status?: SourceStatus;
  /** Only these sources (as a filter of the explorer names them). */
  source_ids?: number[];
  limit: number;
}

/** The case's input files, newest ingest first, with hashes and any error. */
export function listSources(store: CaseStore, filter: SourceFilter): Promise<SourceRow[]> {
  return store.read(async (db) => {
    const ids = filter.source_ids ?? null;
    const named =
      ids === null
        ? ''
        : ids.length === 0
          ? 'AND FALSE'
          : `AND source_id IN (${ids.map((_, i) => `$id${i}`).join(', ')})`;
    const rows = await db.rows<
      Omit<SourceRow, 'size_stored' | 'size_content'> & { size_stored: string; size_content: string | null }
    >(
      `SELECT * EXCLUDE (ingested_at, log_date, ingest_id, s3_key, sha256_first_member, bytes_after_first_member),
         strftime(ingested_at, '%Y-%m-%dT%H:%M:%SZ') AS ingested_at, strftime(log_date, '%Y-%m-%d') AS log_date
       FROM sources WHERE ($status IS NULL OR status = $status) AND format <> 'archive' ${named}
       ORDER BY ingest_id DESC, source_id LIMIT $limit`,
      {
        status: filter.status ?? null,
        limit: filter.limit,
        ...Object.fromEntries((ids ?? []).map((id, i) => [`id${i}`, id])),
      },
    );
    return rows.map((row) => ({
      ...row,
      size_stored: Number(row.size_stored),
      size_content: row.size_content === null ? null : Number(row.size_content),
    }));
  });
}
