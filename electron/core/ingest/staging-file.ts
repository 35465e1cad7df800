import fs from 'node:fs';
import { sqlString } from '../case/sql.ts';
import { diskFullError } from './disk-full.ts';
import type { RecordKey } from './record-key.ts';

/**
 * One CSV-like staging file: fields end in \x01, the record is quoted with \x02, and a line
 * ends in \n. This is the only code that writes a record into one, and it is where a record
 * is proven unable to break out of its line: a raw \x02 would end the quoted record and let
 * the bytes after it be read as lines of their own, with a source and an index the attacker
 * chose. Valid JSON never holds a raw byte below 0x20 other than tab, LF and CR (whitespace
 * between tokens), so a record holding any other is refused here, before a byte of it is
 * written; the key field, written unquoted, may hold no byte below 0x20 at all.
 */

const FIELD_SEPARATOR = '\x01';
const FIELD_QUOTE = '\x02';

const SEPARATOR_BYTE = 0x01;
const FIELD_QUOTE_BYTE = 0x02;
const NEWLINE = 0x0a;
const AT = 0x40;
const PERCENT = 0x25;
const FLUSH_AT = 16 * 1024 * 1024;
// Room for a line's numbers, separators, quotes and newline around the key and the record.
const LINE_OVERHEAD = 64;

/**
 * The longest record staged. DuckDB's CSV reader sizes its buffers from the longest line it
 * is told to expect (a 64 MiB limit asked for 1 GiB blocks); CloudTrail omits request
 * fields long before a record gets near this.
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;
export const MAX_RECORD_LABEL = '4 MiB';
/** The longest key written to a fresh line; a longer one (an absurd eventID) is DuckDB's to read. */
const MAX_PLAIN_KEY_BYTES = 1024;
const MAX_LINE_BYTES = MAX_RECORD_BYTES + MAX_PLAIN_KEY_BYTES + LINE_OVERHEAD;

/** The identity of a staged file as it was closed, to tell whether anything touched it since. */
export interface FileIdentity {
  path: string;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

export function identityOf(path: string, stats: fs.BigIntStats): FileIdentity {
  return { path, size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, ino: stats.ino };
}

/**
 * A staged file as a DuckDB table expression. The buffer is one line long, not DuckDB's
 * default of 16 lines: fresh 64 MiB buffers for every batch made reading the file 3-8x
 * slower on the benchmark machine, where the kernel's page faults dominated (measured).
 */
export function stagedRecords(file: string, columns: Record<string, string>): string {
  const types = Object.entries(columns)
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ');
  return `read_csv(${sqlString(file)}, delim = '${FIELD_SEPARATOR}', quote = '${FIELD_QUOTE}', escape = '${FIELD_QUOTE}',
      header = false, auto_detect = false, new_line = '\\n', max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${MAX_LINE_BYTES},
      columns = {${types}})`;
}

/**
 * Whether the key's eventID and account can be written as the key field as they are: no byte
 * below 0x20, no `%` or `@` in the eventID (whose escaped key only DuckDB writes, see
 * normalize-sql.ts), and not absurdly long.
 */
export function isPlainKey(buf: Uint8Array, key: RecordKey): boolean {
  const accountBytes = key.accountStart < 0 ? 0 : key.accountEnd - key.accountStart;
  if (key.idEnd - key.idStart + accountBytes > MAX_PLAIN_KEY_BYTES) return false;
  for (let i = key.idStart; i < key.idEnd; i++) {
    const b = buf[i]!;
    if (b < 0x20 || b === AT || b === PERCENT) return false;
  }
  for (let i = key.accountStart; i < key.accountEnd; i++) if (buf[i]! < 0x20) return false;
  return true;
}

/**
 * The first byte below 0x20 that is not tab, LF or CR, or -1. Four bytes at a time: a word
 * with no byte below 0x20 is passed over with one test, which made the scan about 3x faster
 * than a byte loop (20 ms against 70 ms for 60 MB of CloudTrail records, measured). `words`
 * views the whole of `buf.buffer`.
 */
function firstControlByte(buf: Uint8Array, words: Uint32Array, start: number, end: number): number {
  let i = start;
  while (i < end && (buf.byteOffset + i) % 4 !== 0) {
    if (isControl(buf[i]!)) return i;
    i++;
  }
  const first = (buf.byteOffset + i) / 4;
  const last = (buf.byteOffset + end) >>> 2;
  for (let w = first; w < last; w++) {
    const x = words[w]!;
    // Sets a byte's top bit when some byte of the word is below 0x20 (Bit Twiddling Hacks, "hasless").
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0) {
      for (let k = w * 4 - buf.byteOffset; k < w * 4 + 4 - buf.byteOffset; k++) if (isControl(buf[k]!)) return k;
    }
  }
  for (let k = Math.max(i, last * 4 - buf.byteOffset); k < end; k++) if (isControl(buf[k]!)) return k;
  return -1;
}

const isControl = (b: number) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d;

/** A staging file, its lines assembled as bytes and written in large pieces. */
export class StagingFile {
  private readonly fd: number;
  private out = Buffer.allocUnsafe(FLUSH_AT + 1024 * 1024);
  private used = 0;
  // The records of one file share its buffer, so one view of it serves them all.
  private viewed: ArrayBufferLike | null = null;
  private words: Uint32Array = new Uint32Array(0);
  count = 0;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }

  /** source_id, record_index, event_key (eventID@account, from `key`), record; or why not. */
  putKeyed(
    sourceId: number,
    index: number,
    buf: Uint8Array,
    key: RecordKey,
    start: number,
    end: number,
  ): string | null {
    if (!isPlainKey(buf, key))
      throw new Error(`internal error: the key of record ${index} of source ${sourceId} cannot be staged as it is`);
    const refused = this.refusal(buf, start, end);
    if (refused) return refused;
    this.reserve(end - start + MAX_PLAIN_KEY_BYTES + LINE_OVERHEAD);
    this.putNumber(sourceId);
    this.putNumber(index);
    this.putBytes(buf, key.idStart, key.idEnd);
    this.out[this.used++] = AT;
    if (key.accountStart >= 0) this.putBytes(buf, key.accountStart, key.accountEnd);
    this.out[this.used++] = SEPARATOR_BYTE;
    this.putRecord(buf, start, end);
    return null;
  }

  /** source_id, record_index, a number (0 or 1), record; or why not. */
  putNumbered(sourceId: number, index: number, n: number, buf: Uint8Array, start: number, end: number): string | null {
    const refused = this.refusal(buf, start, end);
    if (refused) return refused;
    this.reserve(end - start + LINE_OVERHEAD);
    this.putNumber(sourceId);
    this.putNumber(index);
    this.putNumber(n);
    this.putRecord(buf, start, end);
    return null;
  }

  /** Writes what is buffered and closes the file; returns what it then was. */
  close(): FileIdentity {
    this.flush();
    const identity = identityOf(this.path, fs.fstatSync(this.fd, { bigint: true }));
    fs.closeSync(this.fd);
    return identity;
  }

  /** Why the record cannot be staged, or null. */
  private refusal(buf: Uint8Array, start: number, end: number): string | null {
    if (end - start > MAX_RECORD_BYTES) return `the record is more than the ${MAX_RECORD_LABEL} Trailscope loads`;
    if (buf.buffer !== this.viewed) {
      this.viewed = buf.buffer;
      this.words = new Uint32Array(buf.buffer, 0, buf.buffer.byteLength >>> 2);
    }
    const at = firstControlByte(buf, this.words, start, end);
    if (at < 0) return null;
    return `the record holds a raw control byte 0x${buf[at]!.toString(16).padStart(2, '0')} at byte ${at - start}: not valid JSON (a control character in a string must be escaped)`;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.out.length) return;
    this.flush();
    if (bytes > this.out.length) this.out = Buffer.allocUnsafe(bytes);
  }

  private putNumber(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`internal error: ${n} is not a staging number`);
    this.used += this.out.write(String(n), this.used, 'latin1');
    this.out[this.used++] = SEPARATOR_BYTE;
  }

  private putBytes(buf: Uint8Array, start: number, end: number): void {
    this.out.set(buf.subarray(start, end), this.used);
    this.used += end - start;
  }

  private putRecord(buf: Uint8Array, start: number, end: number): void {
    this.out[this.used++] = FIELD_QUOTE_BYTE;
    this.putBytes(buf, start, end);
    this.out[this.used++] = FIELD_QUOTE_BYTE;
    this.out[this.used++] = NEWLINE;
    this.count++;
  }

  private flush(): void {
    let written = 0;
    try {
      while (written < this.used) written += fs.writeSync(this.fd, this.out, written, this.used - written);
    } catch (error) {
      throw diskFullError(error, `writing the staging file ${this.path}`) ?? error;
    }
    this.used = 0;
  }
}
