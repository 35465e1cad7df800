import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceFormat, SourceKind } from '../../../shared/model/source.ts';
import { sha256 } from '../files/hash-file.ts';
import type { Identity } from './classify.ts';
import { DigestTable } from './digest-table.ts';

interface Known {
  sourceId: number;
  kind: SourceKind;
  format: SourceFormat;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * What the case already holds, so that re-ingesting adds nothing and the same bytes found
 * under another name are recorded as a duplicate file rather than loaded twice.
 *
 * It holds something for every file of the case, so it holds digests (digest-table.ts): of each
 * file's bytes, and of each file's identity (where it was, and its bytes). An identity is told by
 * its SHA-256 as surely as bytes are by theirs, which is what duplicates are found by anyway.
 */
export class SourceRegistry {
  private readonly seen = new DigestTable();
  private readonly byContent = new DigestTable();
  /** The (kind, format) pairs of `byContent`, which stores their index. */
  private readonly kinds: Omit<Known, 'sourceId'>[] = [];
  private readonly kindIndex = new Map<string, number>();
  /** A file's identity is asked about, then registered: its digest is taken once. */
  private last: { identity: Identity; digest: string } | null = null;

  private constructor(private nextId: number) {}

  /** Read in chunks: a case of millions of files never has all its rows in memory at once. */
  static async load(db: DuckDBConnection): Promise<SourceRegistry> {
    const result = await db.stream(
      `SELECT source_id, path, coalesce(member, ''), sha256_stored, kind, format, status FROM sources ORDER BY source_id`,
    );
    const registry = new SourceRegistry(1);
    let maxId = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const [id, path, member, sha, kind, format, status] of chunk.getRows()) {
        const sourceId = Number(id);
        maxId = Math.max(maxId, sourceId);
        const sha256Stored = sha === null ? null : String(sha);
        registry.seen.add(digestOf({ path: String(path), member: String(member), sha256Stored }));
        if (status === 'ok' && sha256Stored !== null)
          registry.remember(sha256Stored, { sourceId, kind: kind as SourceKind, format: format as SourceFormat });
      }
    }
    registry.nextId = maxId + 1;
    return registry;
  }

  /**
   * True when this very file (same path, member and bytes) is already in the case; for one
   * that could not be read, when it could not be read before either.
   */
  isUnchanged(source: Identity): boolean {
    return this.seen.has(this.identityDigest(source));
  }

  /** The source that already holds these bytes, if any (empty files are never duplicates). */
  duplicateOf(sha256Stored: string): Known | null {
    if (sha256Stored === EMPTY_SHA256) return null;
    const found = this.byContent.get(sha256Stored);
    return found && { sourceId: found[0], ...this.kinds[found[1]]! };
  }

  /** A fresh source id, for when records must be staged before the source is registered. */
  next(): number {
    return this.nextId++;
  }

  register(source: Identity, known: Omit<Known, 'sourceId'>, ok: boolean, sourceId = this.next()): number {
    this.seen.add(this.identityDigest(source));
    if (ok && source.sha256Stored !== null) this.remember(source.sha256Stored, { sourceId, ...known });
    return sourceId;
  }

  /**
   * The first source of these bytes. A hash that is not a SHA-256, or a negative id (a crafted
   * case's), matches no file read: its bytes are loaded again, and their events found known.
   */
  private remember(sha256Stored: string, { sourceId, kind, format }: Known): void {
    if (sourceId >= 0) this.byContent.add(sha256Stored, sourceId, this.kindIndexOf(kind, format));
  }

  private kindIndexOf(kind: SourceKind, format: SourceFormat): number {
    const name = `${kind}\u0000${format}`;
    let index = this.kindIndex.get(name);
    if (index === undefined) {
      index = this.kinds.push({ kind, format }) - 1;
      this.kindIndex.set(name, index);
    }
    return index;
  }

  private identityDigest(identity: Identity): string {
    if (this.last?.identity !== identity) this.last = { identity, digest: digestOf(identity) };
    return this.last.digest;
  }
}

function digestOf(source: Identity): string {
  return sha256(`${source.path}\u0000${source.member ?? ''}\u0000${source.sha256Stored ?? ''}`);
}
