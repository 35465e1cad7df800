import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { SourceRow } from '../../../shared/model/source.ts';
import { sqlString } from '../case/sql.ts';
import type { RecordSet, Rejection } from './formats/extracted.ts';
import { Fingerprint, type KeySet } from './key-set.ts';
import { readRecordKey } from './record-key.ts';

/** Field and quote bytes of the staging file: control characters never found in valid JSON. */
export const FIELD_SEPARATOR = '\x01';
export const QUOTE = '\x02';

const FLUSH_AT = 16 * 1024 * 1024;

/**
 * The longest record loaded. DuckDB's CSV reader sizes its buffers from the longest line it
 * is told to expect (a 64 MiB limit asked for 1 GiB blocks); CloudTrail omits request
 * fields long before a record gets near this.
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;
const MAX_RECORD_LABEL = '4 MiB';
/** A longer key (an absurd eventID) sends its record to the checked file, keeping lines short. */
const MAX_FRESH_KEY_BYTES = 1024;
const MAX_LINE_BYTES = MAX_RECORD_BYTES + MAX_FRESH_KEY_BYTES + 64;

/**
 * A staged file as a DuckDB table expression. The buffer is one line long, not DuckDB's
 * default of 16 lines: fresh 64 MiB buffers for every batch made reading the file 3-8x
 * slower on the benchmark machine, where the kernel's page faults dominated (measured).
 */
export function stagedRecords(file: string, columns: Record<string, string>): string {
  const types = Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(', ');
  return `read_csv(${sqlString(file)}, delim = '${FIELD_SEPARATOR}', quote = '${QUOTE}', escape = '${QUOTE}',
      header = false, auto_detect = false, new_line = '\\n', max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES},
      columns = {${types}})`;
}

export type StagedSource = Omit<SourceRow, 'ingested_at'> & { ingest_id: number };

/** A CSV-like file of records, its lines assembled as bytes and written in large pieces. */
class RecordFile {
  private readonly fd: number;
  private out = Buffer.allocUnsafe(FLUSH_AT + 1024 * 1024);
  private used = 0;
  count = 0;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }

  /** Makes room for `bytes` more; the caller then writes them with the put* methods. */
  reserve(bytes: number): void {
    if (this.used + bytes <= this.out.length) return;
    this.flush();
    if (bytes > this.out.length) this.out = Buffer.allocUnsafe(bytes);
  }

  putNumber(n: number): void {
    this.used += this.out.write(String(n), this.used, 'latin1');
    this.out[this.used++] = SEPARATOR_BYTE;
  }

  putBytes(buf: Uint8Array, start: number, end: number): void {
    this.out.set(buf.subarray(start, end), this.used);
    this.used += end - start;
  }

  putByte(byte: number): void {
    this.out[this.used++] = byte;
  }

  /** The record, quoted, and the end of the line. */
  putRecord(buf: Uint8Array, start: number, end: number): void {
    this.out[this.used++] = QUOTE_BYTE;
    this.putBytes(buf, start, end);
    this.out[this.used++] = QUOTE_BYTE;
    this.out[this.used++] = NEWLINE;
    this.count++;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private flush(): void {
    let written = 0;
    while (written < this.used) written += fs.writeSync(this.fd, this.out, written, this.used - written);
    this.used = 0;
  }
}

const SEPARATOR_BYTE = FIELD_SEPARATOR.charCodeAt(0);
const QUOTE_BYTE = QUOTE.charCodeAt(0);
const NEWLINE = 0x0a;
const AT = 0x40;
// Room for a line's numbers, separators, quotes and flags around the key and the record.
const LINE_OVERHEAD = 64;

/**
 * One batch of ingest on disk, for DuckDB to read in parallel. Records whose key JS read and
 * found new (nearly all) go to `fresh`, with their key, and DuckDB only parses their columns;
 * the rest (a key seen before, or a record only DuckDB can judge) go to `checked`, where
 * DuckDB reads keys and reasons itself. Sources and early rejections are JSON lines. Going
 * through files rather than DuckDB's appender was measured: the appender copied 1.4 GB of
 * records in 11 s, the file in under 1 s.
 */
export class StagingBatch {
  readonly sourcesPath: string;
  readonly rejectionsPath: string;
  private readonly fresh: RecordFile;
  private readonly checked: RecordFile;
  private readonly fingerprint = new Fingerprint();
  private sources: string[] = [];
  private rejections: string[] = [];
  stagedBytes = 0;
  sourceCount = 0;

  constructor(
    readonly dir: string,
    sequence: number,
    private readonly keys: KeySet,
  ) {
    this.fresh = new RecordFile(path.join(dir, `fresh-${sequence}.csv`));
    this.checked = new RecordFile(path.join(dir, `checked-${sequence}.csv`));
    this.sourcesPath = path.join(dir, `sources-${sequence}.ndjson`);
    this.rejectionsPath = path.join(dir, `rejections-${sequence}.ndjson`);
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

  addSource(source: StagedSource): void {
    this.sources.push(JSON.stringify(source));
    this.sourceCount++;
  }

  addRejections(sourceId: number, rejections: readonly Rejection[]): void {
    for (const r of rejections) {
      this.rejections.push(JSON.stringify({ source_id: sourceId, record_index: r.index, reason: r.reason, record: r.text }));
    }
  }

  /** Stages records; any too long to load are returned as rejections instead. */
  addRecords(sourceId: number, records: RecordSet): Rejection[] {
    const tooLong: Rejection[] = [];
    // Key reading assumes valid UTF-8; a file that is not goes to DuckDB whole, as before.
    const readable = records.type === 'texts' || isUtf8(records.buffer);
    const count = records.indexes.length;
    for (let i = 0; i < count; i++) {
      const index = records.indexes[i]!;
      const buf = records.type === 'slices' ? records.buffer : Buffer.from(records.texts[i]!, 'utf8');
      const start = records.type === 'slices' ? records.starts[i]! : 0;
      const end = records.type === 'slices' ? records.ends[i]! : buf.length;
      if (end - start > MAX_RECORD_BYTES) {
        tooLong.push({ index, reason: `the record is ${end - start} bytes, more than the ${MAX_RECORD_LABEL} Trailscope loads`, text: buf.toString('utf8', start, end) });
        continue;
      }
      const key = readable ? readRecordKey(buf, start, end) : null;
      // The key joins the set even when DuckDB must judge the record: a later delivery of it is then checked too.
      const isNew = key !== null && this.keys.add(this.fingerprint.ofRecordKey(buf, key.idStart, key.idEnd, key.accountStart, key.accountEnd));
      let file: RecordFile;
      if (isNew && key.timeOk && key.idEnd - key.idStart + key.accountEnd - key.accountStart <= MAX_FRESH_KEY_BYTES) {
        file = this.fresh;
        file.reserve(end - start + key.idEnd - key.idStart + key.accountEnd - key.accountStart + LINE_OVERHEAD);
        file.putNumber(sourceId);
        file.putNumber(index);
        file.putBytes(buf, key.idStart, key.idEnd);
        file.putByte(AT);
        if (key.accountStart >= 0) file.putBytes(buf, key.accountStart, key.accountEnd);
        file.putByte(SEPARATOR_BYTE);
      } else {
        file = this.checked;
        file.reserve(end - start + LINE_OVERHEAD);
        file.putNumber(sourceId);
        file.putNumber(index);
        file.putNumber(key ? 1 : 0);
      }
      file.putRecord(buf, start, end);
      this.stagedBytes += end - start;
    }
    return tooLong;
  }

  /** Writes what is buffered and closes the files; the batch is then ready for DuckDB. */
  finish(): void {
    this.fresh.close();
    this.checked.close();
    fs.writeFileSync(this.sourcesPath, this.sources.join('\n'));
    fs.writeFileSync(this.rejectionsPath, this.rejections.join('\n'));
  }

  remove(): void {
    for (const file of [this.fresh.path, this.checked.path, this.sourcesPath, this.rejectionsPath]) fs.rmSync(file, { force: true });
  }
}
