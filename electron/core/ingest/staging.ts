import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import type { SourceRow } from '../../../shared/model/source.ts';
import { diskFullError } from './disk-full.ts';
import { MAX_KEPT_REJECTIONS } from './formats/format-limits.ts';
import type { RecordSet, Rejection } from './formats/recognition.ts';
import { IntegrityRows } from './integrity-rows.ts';
import { MAX_DEPTH, nestsDeeperThan } from './json-scan.ts';
import { Fingerprint, type KeySet } from './key-set.ts';
import { REPEATED_NAME, type RecordReading, readRecordKey, TOO_DEEP } from './record-key.ts';
import { rejectedRecord, storableRejection } from './rejected-record.ts';
import { findRepeatedName, repeatedNameReason } from './repeated-name.ts';
import { StagedPairs } from './staged-pairs.ts';
import { type FileIdentity, identityOf, isPlainKey, MAX_RECORD_BYTES, StagingFile } from './staging-file.ts';
import { wellFormedJson } from './well-formed.ts';

/** A source's row as ingest writes it, with what integrity validation reads of every file. */
export type StagedSource = Omit<SourceRow, 'ingested_at'> & {
  ingest_id: number;
  /** The key from `AWSLogs/` on, inside archives too; null when the path holds none. */
  s3_key: string | null;
  /**
   * Of a gzip file whose first member decompressed whole: that member's content SHA-256, and the stored bytes after it.
   */
  sha256_first_member: string | null;
  bytes_after_first_member: number | null;
};

/**
 * One batch of ingest on disk, for DuckDB to read in parallel. Records whose key JS read and
 * found new (nearly all) go to `fresh`, with their key, and DuckDB only parses their columns;
 * the rest (a key seen before, or a record only DuckDB can judge) go to `checked`, where
 * DuckDB reads keys and reasons itself. Sources and early rejections are JSON lines. Going
 * through files rather than DuckDB's appender was measured: the appender copied 1.4 GB of
 * records in 11 s, the file in under 1 s.
 *
 * The batch also keeps what it staged (`pairs`) and what its files were when closed, so the
 * commit can prove that DuckDB read exactly that.
 */
export class StagingBatch {
  readonly sourcesPath: string;
  readonly rejectionsPath: string;
  readonly pairs = new StagedPairs();
  /** Digests and signatures, for validation. */
  readonly integrity: IntegrityRows;
  private readonly fresh: StagingFile;
  private readonly checked: StagingFile;
  private readonly fingerprint = new Fingerprint();
  private sources: string[] = [];
  private rejections: string[] = [];
  private identities: FileIdentity[] = [];
  private refusedBySource = new Map<number, number>();
  stagedBytes = 0;
  sourceCount = 0;
  /** Input files whose rows the batch carries, and the records it staged: what its commit keeps. */
  files = 0;
  records = 0;

  constructor(
    readonly dir: string,
    /** The batch's place in its ingest, from 0. */
    readonly sequence: number,
    private readonly keys: KeySet,
  ) {
    this.fresh = new StagingFile(path.join(dir, `fresh-${sequence}.csv`));
    this.checked = new StagingFile(path.join(dir, `checked-${sequence}.csv`));
    this.sourcesPath = path.join(dir, `sources-${sequence}.ndjson`);
    this.rejectionsPath = path.join(dir, `rejections-${sequence}.ndjson`);
    this.integrity = new IntegrityRows(dir, sequence);
  }

  /** source_id, record_index, event_key, record: new events with a key JS is sure of. */
  get freshPath(): string {
    return this.fresh.path;
  }

  get freshCount(): number {
    return this.fresh.count;
  }

  /** source_id, record_index, key_known (1 when JS read the key), record. */
  get checkedPath(): string {
    return this.checked.path;
  }

  get checkedCount(): number {
    return this.checked.count;
  }

  /** Nothing staged at all: every source row comes with the batch, so no source means nothing to commit. */
  get isEmpty(): boolean {
    return this.sourceCount === 0;
  }

  /**
   * A source's row counts toward the batch's size like records do, and so does a rejection:
   * an archive of a million empty members stages no record, nor do a dozen small gzip files
   * of 1,000 rejected 64 KiB lines each, and their rows alone once outgrew the longest string
   * V8 can join (the ingest died with "Invalid string length").
   */
  addSource(source: StagedSource): void {
    const row = wellFormedJson(source);
    this.sources.push(row);
    this.sourceCount++;
    this.stagedBytes += row.length;
  }

  addRejections(sourceId: number, rejections: readonly Rejection[]): void {
    for (const r of rejections) {
      const stored = storableRejection(r);
      const row = JSON.stringify({
        source_id: sourceId,
        record_index: stored.index,
        reason: stored.reason,
        record: stored.text,
      });
      this.rejections.push(row);
      this.stagedBytes += row.length;
    }
  }

  /**
   * Stages records; those that cannot be loaded are returned as rejections instead: too long,
   * not UTF-8, a member name given twice, a raw control byte. Like recognition, it returns
   * the first MAX_KEPT_REJECTIONS of a file and only counts the rest (`refusedTotal`): a log
   * file of fifty million 11-byte records, each with a control byte, must not become fifty
   * million objects.
   */
  addRecords(sourceId: number, records: RecordSet): Rejection[] {
    const refused: Rejection[] = [];
    let refusedTotal = 0;
    const fileIsUtf8 = records.type === 'texts' || isUtf8(records.buffer);
    const readings = records.type === 'slices' ? records.readings.reader() : () => undefined;
    const count = records.indexes.length;
    for (let i = 0; i < count; i++) {
      const index = records.indexes[i]!;
      const buf = records.type === 'slices' ? records.buffer : Buffer.from(records.texts[i]!, 'utf8');
      const start = records.type === 'slices' ? records.starts[i]! : 0;
      const end = records.type === 'slices' ? records.ends[i]! : buf.length;
      const reason = this.stage(sourceId, index, buf, start, end, fileIsUtf8, readings());
      if (reason === null) {
        this.pairs.add(sourceId, index);
        this.stagedBytes += end - start;
      } else if (refusedTotal++ < MAX_KEPT_REJECTIONS) {
        refused.push(rejectedRecord(index, reason, buf, start, end));
      }
    }
    this.refusedBySource.set(sourceId, (this.refusedBySource.get(sourceId) ?? 0) + refusedTotal);
    return refused;
  }

  /** How many records of the source staging refused, those `addRecords` returned and the rest. */
  refusedTotal(sourceId: number): number {
    return this.refusedBySource.get(sourceId) ?? 0;
  }

  /**
   * Writes the record's line; returns why it cannot be loaded, or null. `read`: its reading when
   * the walk that found it in its file took one (`RecordReadings`).
   */
  private stage(
    sourceId: number,
    index: number,
    buf: Buffer,
    start: number,
    end: number,
    fileIsUtf8: boolean,
    read: RecordReading | undefined,
  ): string | null {
    // Not worth reading: the writer refuses it, saying why.
    if (end - start > MAX_RECORD_BYTES) return this.checked.putNumbered(sourceId, index, 0, buf, start, end);
    // DuckDB's CSV reader fails with an internal error on invalid UTF-8, and invalidates the database.
    if (!fileIsUtf8 && !isUtf8(buf.subarray(start, end))) return 'the record is not UTF-8 text';
    const reading = read ?? readRecordKey(buf, start, end);
    // A walk that stopped early (NaN, say: DuckDB reads it) has not seen how deep it goes either.
    if (reading === TOO_DEEP || (reading === null && nestsDeeperThan(buf, start, end)))
      return `the record nests more than ${MAX_DEPTH} levels deep, as CloudTrail never does`;
    // A walk that stopped early (NaN, say: DuckDB reads it) has not seen every name.
    if (reading === REPEATED_NAME || reading === null) {
      const repeated = findRepeatedName(buf.toString('utf8', start, end));
      if (repeated || reading === REPEATED_NAME) return repeatedNameReason(repeated);
    }
    const key = typeof reading === 'object' ? reading : null;
    // The key joins the set even when DuckDB must judge the record: a later delivery of it is then checked too.
    const isNew =
      key !== null &&
      this.keys.add(this.fingerprint.ofRecordKey(buf, key.idStart, key.idEnd, key.accountStart, key.accountEnd));
    if (isNew && key.timeOk && isPlainKey(buf, key)) return this.fresh.putKeyed(sourceId, index, buf, key, start, end);
    return this.checked.putNumbered(sourceId, index, key ? 1 : 0, buf, start, end);
  }

  /** Writes what is buffered and closes the files; the batch is then ready for DuckDB. */
  finish(): void {
    this.identities = [
      this.fresh.close(),
      this.checked.close(),
      writeClosed(this.sourcesPath, this.sources.join('\n')),
      writeClosed(this.rejectionsPath, this.rejections.join('\n')),
      ...this.integrity.files().map((file) => writeClosed(file.path, file.text)),
    ];
  }

  /**
   * Throws unless every staged file is as `finish()` left it. DuckDB may write files into the
   * staging folder (it is one of the two it may touch), so a statement run there during the
   * ingest could have replaced a file between the closing and the reading.
   */
  assertUnchanged(): void {
    for (const before of this.identities) {
      const now = fs.statSync(before.path, { bigint: true, throwIfNoEntry: false });
      if (
        !now ||
        now.size !== before.size ||
        now.mtimeNs !== before.mtimeNs ||
        now.ctimeNs !== before.ctimeNs ||
        now.ino !== before.ino
      ) {
        throw new Error(
          `The staging file ${before.path} changed after ingest wrote it and before the batch was committed, so what DuckDB read may not be what was staged: nothing of the batch was committed. Is another program writing into ${this.dir}?`,
        );
      }
    }
  }

  remove(): void {
    for (const file of [
      this.fresh.path,
      this.checked.path,
      this.sourcesPath,
      this.rejectionsPath,
      ...this.integrity.paths(),
    ])
      fs.rmSync(file, { force: true });
  }
}

/** Writes a JSON-lines file whole; returns what it then was. */
function writeClosed(file: string, text: string): FileIdentity {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, text);
    return identityOf(file, fs.fstatSync(fd, { bigint: true }));
  } catch (error) {
    throw diskFullError(error, `writing the staging file ${file}`) ?? error;
  } finally {
    fs.closeSync(fd);
  }
}
