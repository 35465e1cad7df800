import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceFormat, SourceKind } from '../../../shared/model/source.ts';

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
      seen.add(identity(String(path), String(member), String(sha)));
      if (status === 'ok' && !byContent.has(String(sha))) {
        byContent.set(String(sha), { sourceId, kind: kind as SourceKind, format: format as SourceFormat });
      }
    }
    return new SourceRegistry(seen, byContent, maxId + 1);
  }

  /** True when this very file (same path, member and bytes) is already in the case. */
  isUnchanged(path: string, member: string | null, sha256Stored: string): boolean {
    return this.seen.has(identity(path, member ?? '', sha256Stored));
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

  register(path: string, member: string | null, sha256Stored: string, known: Omit<Known, 'sourceId'>, ok: boolean, sourceId = this.next()): number {
    this.seen.add(identity(path, member ?? '', sha256Stored));
    if (ok && !this.byContent.has(sha256Stored)) this.byContent.set(sha256Stored, { sourceId, ...known });
    return sourceId;
  }
}

function identity(path: string, member: string, sha256: string): string {
  return `${path}\u0000${member}\u0000${sha256}`;
}
