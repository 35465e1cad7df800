import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceFormat, SourceKind } from '../../../shared/model/source.ts';
import type { Identity } from './classify.ts';

interface Known {
  sourceId: number;
  kind: SourceKind;
  format: SourceFormat;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * What the case already holds, so that re-ingesting adds nothing and the same bytes found
 * under another name are recorded as a duplicate file rather than loaded twice.
 */
export class SourceRegistry {
  private constructor(
    private readonly seen: Set<string>,
    private readonly byContent: Map<string, Known>,
    private nextId: number,
  ) {}

  static async load(db: DuckDBConnection): Promise<SourceRegistry> {
    const rows = await db.runAndReadAll(
      `SELECT source_id, path, coalesce(member, ''), sha256_stored, kind, format, status FROM sources ORDER BY source_id`,
    );
    const seen = new Set<string>();
    const byContent = new Map<string, Known>();
    let maxId = 0;
    for (const [id, path, member, sha, kind, format, status] of rows.getRows()) {
      const sourceId = Number(id);
      maxId = Math.max(maxId, sourceId);
      seen.add(key({ path: String(path), member: String(member), sha256Stored: sha === null ? null : String(sha) }));
      if (status === 'ok' && !byContent.has(String(sha))) {
        byContent.set(String(sha), { sourceId, kind: kind as SourceKind, format: format as SourceFormat });
      }
    }
    return new SourceRegistry(seen, byContent, maxId + 1);
  }

  /**
   * True when this very file (same path, member and bytes) is already in the case; for one
   * that could not be read, when it could not be read before either.
   */
  isUnchanged(source: Identity): boolean {
    return this.seen.has(key(source));
  }

  /** The source that already holds these bytes, if any (empty files are never duplicates). */
  duplicateOf(sha256Stored: string): Known | null {
    if (sha256Stored === EMPTY_SHA256) return null;
    return this.byContent.get(sha256Stored) ?? null;
  }

  /** A fresh source id, for when records must be staged before the source is registered. */
  next(): number {
    return this.nextId++;
  }

  register(source: Identity, known: Omit<Known, 'sourceId'>, ok: boolean, sourceId = this.next()): number {
    this.seen.add(key(source));
    const sha = source.sha256Stored;
    if (ok && sha !== null && !this.byContent.has(sha)) this.byContent.set(sha, { sourceId, ...known });
    return sourceId;
  }
}

function key(source: Identity): string {
  return `${source.path}\u0000${source.member ?? ''}\u0000${source.sha256Stored ?? ''}`;
}
